import { Injectable } from '@nestjs/common';
import { isUniqueViolation, pgArray, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox, MEMBER_PROFILE_UPDATED_V1, MEMBER_REGISTERED_V1, type MemberProfileUpdatedV1, type MemberRegisteredV1 } from '@loyalty/events';
import { newId, notFound, type RequestContext } from '@loyalty/shared';
import { type Gender, type Member, MemberSchema } from '../domain/member.entity';
import { MemberExternalRefSchema } from '../domain/member-external-ref.entity';

/** The index that keeps one member per phone in a tenant. */
export const PHONE_UNIQUE = 'member_tenant_id_phone_unique';

/**
 * Customer numbers of a merchant one phone may join into a member by a history import (a customer's
 * reissued cards): more are a till's placeholder (13800138000) typed for strangers, whose histories
 * must not become one member's. Registration at the till does not count them.
 */
export const MAX_NUMBERS_PER_PHONE = 5;

/** How a POS request names a member: by id or by phone. */
export interface MemberRef {
  memberId?: string;
  phone?: string;
}

/** Finds members for other contexts' use cases, inside their transaction and tenant. */
@Injectable()
export class MemberDirectory {
  async resolve(tx: Tx, ref: MemberRef): Promise<Member> {
    const member = ref.memberId
      ? await tx.findOne(MemberSchema, { id: ref.memberId })
      : ref.phone
        ? await tx.findOne(MemberSchema, { phone: ref.phone })
        : null;
    if (!member) throw notFound('MEMBER_NOT_FOUND', 'No such member');
    return member;
  }

  /** Members for several references at once (id or phone each), null where there is none. */
  async resolveMany(tx: Tx, refs: MemberRef[]): Promise<({ id: string } | null)[]> {
    const rows = await tx.execute<{ id: string; phone: string | null }[]>('select id, phone from member where id = any(?::uuid[]) or phone = any(?::text[])', [
      pgArray(refs.flatMap((ref) => ref.memberId ?? [])),
      pgArray(refs.flatMap((ref) => (ref.memberId ? [] : (ref.phone ?? [])))),
    ]);
    const byRef = new Map(rows.flatMap((row) => [[row.id, row] as const, ...(row.phone ? [[row.phone, row] as const] : [])]));
    return refs.map((ref) => {
      const row = byRef.get(ref.memberId ?? ref.phone ?? '');
      return row ? { id: row.id } : null;
    });
  }

  async findByExternalId(tx: Tx, merchantId: string, externalId: string): Promise<Member | null> {
    const ref = await tx.findOne(MemberExternalRefSchema, { merchantId, externalId });
    return ref ? tx.findOne(MemberSchema, { id: ref.memberId }) : null;
  }

  /** The merchant's own customer number for the member, if it gave one: its first (customers of one phone share a member), as first seen. */
  async externalIdOf(tx: Tx, merchantId: string, memberId: string): Promise<string | null> {
    const ref = await tx.findOne(MemberExternalRefSchema, { merchantId, memberId }, { orderBy: { createdAt: 'asc', externalId: 'asc' } });
    return ref?.externalId ?? null;
  }

  /**
   * Members for a merchant's own customer numbers, for bringing over a merchant's history. A number
   * not seen before is linked to the member registered with its phone, if any (at the till, or at
   * another of the alliance's merchants: one identity per phone); else to a new member, with its
   * phone or without one (customers of one phone share one). A phone joins up to
   * MAX_NUMBERS_PER_PHONE of the merchant's numbers into a member, those linked before counted: a
   * further one is made a member of its own without it (a placeholder). Calls for one merchant run
   * one at a time (until the transaction ends), so the count holds across imports side by side. A number seen before keeps its member,
   * which is given its phone if it has none and no other member has that number. A member is given
   * the name, gender and birthday of the first of its customers giving any (made with them, or one
   * already there given those it has not: fillProfiles). Returns member ids by external id, how many
   * members were made and how many numbers found a member by phone, the numbers whose member did not
   * take the phone given (PhoneNotTaken), and the numbers whose
   * profile a member of another name did not take.
   */
  async ensureByExternalIds(
    tx: Tx,
    ctx: RequestContext,
    customers: ImportedCustomer[],
  ): Promise<{
    ids: Map<string, string>;
    created: number;
    matched: number;
    phonesNotTaken: PhoneNotTaken[];
    profilesNotTaken: { externalId: string; memberName: string }[];
  }> {
    const merchantId = ctx.merchantId!;
    // Imports of one merchant take turns here until commit: each then counts the numbers a phone
    // joined in the one before (MAX_NUMBERS_PER_PHONE), where side by side both read none.
    await tx.execute("select pg_advisory_xact_lock(hashtextextended('members.imported:' || ?::text, 0))", [merchantId]);
    const known = async () =>
      new Map(
        (
          await tx.execute<{ externalId: string; memberId: string }[]>(
            'select external_id as "externalId", member_id as "memberId" from member_external_ref where merchant_id = ? and external_id = any(?::text[])',
            [merchantId, pgArray(customers.map((c) => c.externalId))],
          )
        ).map((row) => [row.externalId, row.memberId]),
      );
    const ids = await known();
    const phonesNotTaken = await this.givePhonesToKnown(
      tx,
      ctx,
      customers.flatMap((c) => (c.phone && ids.has(c.externalId) ? [{ externalId: c.externalId, memberId: ids.get(c.externalId)!, phone: c.phone }] : [])),
    );
    const missing = customers.filter((c) => !ids.has(c.externalId));
    if (missing.length === 0) {
      const profilesNotTaken = await this.fillProfiles(tx, ctx, customers.flatMap((c) => (c.phoneProfileTaken ? [] : [{ ...c, memberId: ids.get(c.externalId)! }])));
      return { ids, created: 0, matched: 0, phonesNotTaken, profilesNotTaken };
    }

    const registered = await this.idsByPhone(tx, missing.flatMap((c) => c.phone ?? []));
    // The merchant's numbers each member has (those linked before, here or at the till, and those linked here): a phone joins up to MAX_NUMBERS_PER_PHONE.
    const numbersOf = await this.numbersAt(tx, merchantId, [...new Set(registered.values())]);
    const joins = (memberId: string, c: ImportedCustomer) => {
      const numbers = (numbersOf.get(memberId) ?? 0) + 1;
      // A number that is the phone itself (a file naming its customers by phone) is the phone's own customer.
      if (numbers > MAX_NUMBERS_PER_PHONE && c.externalId !== c.phone) return false;
      numbersOf.set(memberId, numbers);
      return true;
    };
    // A new member per phone, and per customer without one or beyond the phone's numbers: made for the first customer of it.
    const made = new Map<string, { memberId: string; phone?: string; firstSeenAt: Date; storeId: string | null; profile: Profile }>();
    const memberOf = new Map<string, string>();
    for (const c of missing) {
      // The member the customer's phone names: registered before, or made here for an earlier customer of it.
      const madeForPhone = c.phone ? made.get(c.phone) : undefined;
      const phoneMemberId = (c.phone ? registered.get(c.phone) : undefined) ?? madeForPhone?.memberId;
      let phone = c.phone;
      if (phoneMemberId !== undefined) {
        if (joins(phoneMemberId, c)) {
          memberOf.set(c.externalId, phoneMemberId);
          if (madeForPhone && !givesProfile(madeForPhone.profile) && !c.phoneProfileTaken) madeForPhone.profile = profileOf(c);
          continue;
        }
        // A placeholder (over several files, with the till's numbers): this customer becomes a member of its own, without the phone.
        phonesNotTaken.push({ externalId: c.externalId, reason: 'placeholder', numbers: numbersOf.get(phoneMemberId)! });
        phone = undefined;
      }
      const member = { memberId: newId(), phone, firstSeenAt: c.firstSeenAt, storeId: c.storeId ?? ctx.storeId, profile: phone && c.phoneProfileTaken ? {} : profileOf(c) };
      made.set(phone ?? `customer:${c.externalId}`, member);
      if (phone) numbersOf.set(member.memberId, 1);
      memberOf.set(c.externalId, member.memberId);
    }
    const members = unnestRows(
      [...made.values()].map((c) => [
        c.memberId,
        ctx.tenantId,
        c.phone ?? null,
        c.profile.name ?? null,
        c.profile.gender ?? 'unknown',
        c.profile.birthday ?? null,
        merchantId,
        c.storeId,
        c.firstSeenAt,
      ]),
      ['uuid', 'uuid', 'text', 'text', 'text', 'date', 'uuid', 'uuid', 'timestamptz'],
    );
    const inserted = new Set(
      (
        await tx.execute<{ id: string }[]>(
          `insert into member (id, tenant_id, phone, name, gender, birthday, registered_merchant_id, registered_store_id, registered_at)
           select * from (${members.sql}) as v on conflict (tenant_id, phone) do nothing returning id`,
          members.params,
        )
      ).map((row) => row.id),
    );
    // A phone registered meanwhile (at a till): its customers are linked to that member instead.
    const raced = await this.idsByPhone(
      tx,
      [...made.values()].flatMap((c) => (c.phone && !inserted.has(c.memberId) ? [c.phone] : [])),
    );
    for (const c of missing) if (c.phone && raced.has(c.phone)) memberOf.set(c.externalId, raced.get(c.phone)!);

    const refs = unnestRows(
      missing.map((c) => [merchantId, c.externalId, ctx.tenantId, memberOf.get(c.externalId)]),
      ['uuid', 'text', 'uuid', 'uuid'],
    );
    // clock_timestamp(), not the transaction's now(): numbers sharing a member keep the order they were first seen in.
    const linkedRefs = await tx.execute<{ memberId: string }[]>(
      `insert into member_external_ref (merchant_id, external_id, tenant_id, member_id, created_at) select *, clock_timestamp() from (${refs.sql}) as v
       on conflict (merchant_id, external_id) do nothing returning member_id as "memberId"`,
      refs.params,
    );
    const linked = new Set(linkedRefs.map((row) => row.memberId));
    // Another import linked some of these customers meanwhile: drop the members made here for them.
    const created = [...made.values()].filter((c) => inserted.has(c.memberId) && linked.has(c.memberId));
    const orphans = [...inserted].filter((id) => !linked.has(id));
    if (orphans.length > 0) await tx.execute('delete from member where id = any(?::uuid[])', [pgArray(orphans)]);
    await appendToOutbox(
      tx,
      ctx,
      created.map((c) => ({
        type: MEMBER_REGISTERED_V1,
        key: c.memberId,
        occurredAt: c.firstSeenAt,
        payload: {
          memberId: c.memberId,
          merchantId,
          storeId: c.storeId,
          phone: c.phone ?? null,
          name: c.profile.name ?? null,
          gender: c.profile.gender ?? 'unknown',
          birthday: c.profile.birthday ?? null,
          registeredAt: c.firstSeenAt.toISOString(),
          imported: true,
        } satisfies MemberRegisteredV1,
      })),
    );
    const linkedIds = await known();
    // Members already there (seen before, found by phone) take what they have not.
    const profilesNotTaken = await this.fillProfiles(
      tx,
      ctx,
      customers.flatMap((c) => (linkedIds.has(c.externalId) && !c.phoneProfileTaken ? [{ ...c, memberId: linkedIds.get(c.externalId)! }] : [])),
    );
    // Every number linked here but the first of each member made: linked to a member it shares a phone with.
    return { ids: linkedIds, created: created.length, matched: linkedRefs.length - created.length, phonesNotTaken, profilesNotTaken };
  }

  /** Phones for the members of customer numbers seen before; those not taken, with the phone the member has. */
  private async givePhonesToKnown(
    tx: Tx,
    ctx: RequestContext,
    given: { externalId: string; memberId: string; phone: string }[],
  ): Promise<PhoneNotTaken[]> {
    if (given.length === 0) return [];
    // A phone a till registers meanwhile fails the update (the unique index waits for it, then
    // refuses): tried again, it is seen as taken and left out. Each retry follows a phone committed
    // since the last, so there are at most as many as phones.
    for (let attempt = 1; ; attempt++) {
      await tx.execute('savepoint add_phones');
      try {
        await this.addPhones(tx, ctx, given);
        await tx.execute('release savepoint add_phones');
        break;
      } catch (error) {
        await tx.execute('rollback to savepoint add_phones');
        await tx.execute('release savepoint add_phones');
        if (attempt > given.length || !isUniqueViolation(error, PHONE_UNIQUE)) throw error;
      }
    }
    const rows = await tx.execute<{ id: string; phone: string | null }[]>('select id, phone from member where id = any(?::uuid[])', [pgArray(given.map((g) => g.memberId))]);
    const phoneOf = new Map(rows.map((row) => [row.id, row.phone]));
    return given
      .filter((g) => phoneOf.get(g.memberId) !== g.phone)
      .map((g): PhoneNotTaken => {
        const memberPhone = phoneOf.get(g.memberId);
        return memberPhone ? { externalId: g.externalId, reason: 'member-has-another', memberPhone } : { externalId: g.externalId, reason: 'another-members' };
      });
  }

  /** How many of the merchant's customer numbers each of these members has. */
  private async numbersAt(tx: Tx, merchantId: string, memberIds: string[]): Promise<Map<string, number>> {
    if (memberIds.length === 0) return new Map();
    const rows = await tx.execute<{ memberId: string; numbers: number }[]>(
      `select member_id as "memberId", count(*)::int as numbers from member_external_ref where merchant_id = ? and member_id = any(?::uuid[]) group by member_id`,
      [merchantId, pgArray(memberIds)],
    );
    return new Map(rows.map((row) => [row.memberId, row.numbers]));
  }

  /** Member ids by phone, for those phones registered in the tenant. */
  private async idsByPhone(tx: Tx, phones: string[]): Promise<Map<string, string>> {
    if (phones.length === 0) return new Map();
    const found = await this.resolveMany(tx, phones.map((phone) => ({ phone })));
    return new Map(phones.flatMap((phone, at) => (found[at] ? [[phone, found[at].id] as const] : [])));
  }

  /**
   * Gives members brought over without a phone their phone, and the profile given with it where
   * theirs is unknown; a member with a phone, or a phone another member has, is left as it is (one
   * identity per phone: members are not merged). Returns the ids of the members changed, each
   * published as member.profile-updated.v1. A phone another transaction registers meanwhile, or one
   * of a member the caller cannot see, fails it with the unique index's violation.
   */
  async addPhones(tx: Tx, ctx: RequestContext, additions: PhoneAddition[]): Promise<Set<string>> {
    if (additions.length === 0) return new Set();
    const values = unnestRows(
      additions.map((a, at) => [a.memberId, a.phone, a.name ?? null, a.gender ?? null, a.birthday ?? null, at]),
      ['uuid', 'text', 'text', 'text', 'date', 'int4'],
    );
    // A phone named twice goes to the first of its members still without one: two would break its uniqueness.
    const update = `update member m set phone = v.phone, ${FILL_PROFILE}
       from (select distinct on (v.phone) v.* from (${values.sql}) as v(id, phone, name, gender, birthday, at)
             join member w on w.id = v.id and w.phone is null order by v.phone, v.at) as v
       where m.id = v.id and m.phone is null and not exists (select 1 from member o where o.tenant_id = m.tenant_id and o.phone = v.phone)
       returning m.id, m.phone, m.name, m.gender, to_char(m.birthday, 'YYYY-MM-DD') as birthday`;
    return this.profilesUpdated(tx, ctx, await tx.execute<UpdatedProfile[]>(update, values.params));
  }

  /**
   * Gives members the name, gender and birthday they have not, from the first of their customers
   * giving any (in the order given); a member's own are never replaced. A member with another name
   * than that customer's takes nothing of theirs: returned, with the member's name. Each member
   * changed is published as member.profile-updated.v1.
   */
  private async fillProfiles(
    tx: Tx,
    ctx: RequestContext,
    fills: (Profile & { externalId: string; memberId: string })[],
  ): Promise<{ externalId: string; memberName: string }[]> {
    const given = fills.filter(givesProfile);
    if (given.length === 0) return [];
    const values = unnestRows(
      given.map((f, at) => [f.memberId, f.externalId, f.name ?? null, f.gender === 'unknown' ? null : (f.gender ?? null), f.birthday ?? null, at]),
      ['uuid', 'text', 'text', 'text', 'date', 'int4'],
    );
    const [{ updated, others }] = await tx.execute<{ updated: UpdatedProfile[] | null; others: { externalId: string; memberName: string }[] | null }[]>(
      `with v as (select distinct on (v.id) v.* from (${values.sql}) as v(id, external_id, name, gender, birthday, at) order by v.id, v.at),
       filled as (
         update member m set ${FILL_PROFILE}
         from v
         where m.id = v.id and (m.name is null or v.name is null or m.name = v.name)
           and (m.name, m.gender, m.birthday) is distinct from (${FILLED.name}, ${FILLED.gender}, ${FILLED.birthday})
         returning m.id, m.phone, m.name, m.gender, to_char(m.birthday, 'YYYY-MM-DD') as birthday
       )
       select (select json_agg(filled) from filled) as updated,
              (select json_agg(json_build_object('externalId', v.external_id, 'memberName', m.name)) from v join member m on m.id = v.id where m.name <> v.name) as others`,
      values.params,
    );
    await this.profilesUpdated(tx, ctx, updated ?? []);
    return others ?? [];
  }

  /**
   * Sets the fields given of a member's name, gender and birthday (a null clears a name or a
   * birthday); the member's row is locked first, so corrections made at once each keep the
   * other's fields. A change is published as member.profile-updated.v1; returns whether there was
   * one. 404 MEMBER_NOT_FOUND for a member the caller cannot see.
   */
  async updateProfile(tx: Tx, ctx: RequestContext, memberId: string, changes: ProfileChanges): Promise<boolean> {
    const [row] = await tx.execute<(UpdatedProfile & { cleared: string[] })[]>(
      `select id, phone, name, gender, to_char(birthday, 'YYYY-MM-DD') as birthday, cleared_profile_fields as cleared from member where id = ? for no key update`,
      [memberId],
    );
    if (!row) throw notFound('MEMBER_NOT_FOUND', 'No such member');
    const next = {
      name: changes.name === undefined ? row.name : changes.name,
      gender: changes.gender ?? row.gender,
      birthday: changes.birthday === undefined ? row.birthday : changes.birthday,
    };
    // A field given empty stays empty (the customer would rather not say): no import fills it again.
    const given = PROFILE_FIELDS.filter((field) => changes[field] !== undefined);
    const emptied = (field: (typeof PROFILE_FIELDS)[number]) => next[field] === (field === 'gender' ? 'unknown' : null);
    const cleared = PROFILE_FIELDS.filter((field) => (given.includes(field) ? emptied(field) : row.cleared.includes(field)));
    const changed = next.name !== row.name || next.gender !== row.gender || next.birthday !== row.birthday;
    if (!changed && cleared.join() === PROFILE_FIELDS.filter((field) => row.cleared.includes(field)).join()) return false;
    const updated = await tx.execute<UpdatedProfile[]>(
      `update member set name = ?, gender = ?, birthday = ?::date, cleared_profile_fields = ?::text[] where id = ?
       returning id, phone, name, gender, to_char(birthday, 'YYYY-MM-DD') as birthday`,
      [next.name, next.gender, next.birthday, pgArray(cleared), memberId],
    );
    if (changed) await this.profilesUpdated(tx, ctx, updated);
    return changed;
  }

  /** Publishes each member's profile after a change (member.profile-updated.v1); returns their ids. */
  private async profilesUpdated(tx: Tx, ctx: RequestContext, updated: UpdatedProfile[]): Promise<Set<string>> {
    const updatedAt = new Date().toISOString();
    await appendToOutbox(
      tx,
      ctx,
      updated.map((m) => ({
        type: MEMBER_PROFILE_UPDATED_V1,
        key: m.id,
        payload: {
          memberId: m.id,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId,
          phone: m.phone,
          name: m.name,
          gender: m.gender,
          birthday: m.birthday,
          updatedAt,
        } satisfies MemberProfileUpdatedV1,
      })),
    );
    return new Set(updated.map((m) => m.id));
  }
}

/**
 * A customer's phone their member did not take: the member has another, or the phone is another
 * member's, or its member has MAX_NUMBERS_PER_PHONE of the merchant's customer numbers or more (a
 * placeholder: the customer is made a member of its own, without it).
 */
export type PhoneNotTaken = { externalId: string } & (
  | { reason: 'member-has-another'; memberPhone: string }
  | { reason: 'another-members' }
  | { reason: 'placeholder'; numbers: number }
);

/** A member's name, gender and birthday (YYYY-MM-DD), as far as they are known. */
interface Profile {
  name?: string;
  gender?: Gender;
  birthday?: string;
}

const PROFILE_FIELDS = ['name', 'gender', 'birthday'] as const;

/**
 * A profile field of member `m` once `v` (an import's customer, a registration) has given its
 * value: the member's own is kept, and so is a field a correction cleared.
 */
const FILLED = {
  name: `case when 'name' = any(m.cleared_profile_fields) then m.name else coalesce(m.name, v.name) end`,
  gender: `case when m.gender <> 'unknown' or 'gender' = any(m.cleared_profile_fields) then m.gender else coalesce(v.gender, m.gender) end`,
  birthday: `case when 'birthday' = any(m.cleared_profile_fields) then m.birthday else coalesce(m.birthday, v.birthday) end`,
};
const FILL_PROFILE = `name = ${FILLED.name}, gender = ${FILLED.gender}, birthday = ${FILLED.birthday}`;

/** Corrections to a member's profile: a field left out is kept, a null clears a name or a birthday. */
export interface ProfileChanges {
  name?: string | null;
  gender?: Gender;
  birthday?: string | null;
}

const profileOf = ({ name, gender, birthday }: Profile): Profile => ({ name, gender, birthday });
const givesProfile = (p: Profile) => p.name !== undefined || (p.gender !== undefined && p.gender !== 'unknown') || p.birthday !== undefined;

/** A member's profile as an update returns it. */
interface UpdatedProfile {
  id: string;
  phone: string | null;
  name: string | null;
  gender: Gender;
  birthday: string | null;
}

/** A customer of a merchant's old system, as its history names it. */
export interface ImportedCustomer extends Profile {
  externalId: string;
  firstSeenAt: Date;
  /** The store of the merchant (the caller's, unless given) that first saw them: the member's registration store. */
  storeId?: string;
  /** A mainland mobile number, normalised (phoneSchema). */
  phone?: string;
  /**
   * An earlier customer of this phone gave a profile: the phone's member takes that one, and this
   * customer's goes only to a member of its own (beyond the phone's numbers).
   */
  phoneProfileTaken?: boolean;
}

/** A phone (and the profile given with it) for a member brought over without one. */
export interface PhoneAddition extends Profile {
  memberId: string;
  phone: string;
}
