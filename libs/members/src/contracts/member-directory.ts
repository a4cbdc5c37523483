import { Injectable } from '@nestjs/common';
import { pgArray, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox, MEMBER_REGISTERED_V1, type MemberRegisteredV1 } from '@loyalty/events';
import { newId, notFound, type RequestContext } from '@loyalty/shared';
import { type Member, MemberSchema } from '../domain/member.entity';
import { MemberExternalRefSchema } from '../domain/member-external-ref.entity';

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

  /** The merchant's own customer number for the member, if it gave one. */
  async externalIdOf(tx: Tx, merchantId: string, memberId: string): Promise<string | null> {
    const ref = await tx.findOne(MemberExternalRefSchema, { merchantId, memberId });
    return ref?.externalId ?? null;
  }

  /**
   * Members for a merchant's own customer numbers, registering those not seen before (without a
   * phone): for bringing over a merchant's history. Returns member ids by external id.
   */
  async ensureByExternalIds(tx: Tx, ctx: RequestContext, customers: { externalId: string; firstSeenAt: Date }[]): Promise<{ ids: Map<string, string>; created: number }> {
    const merchantId = ctx.merchantId!;
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
    const missing = customers.filter((c) => !ids.has(c.externalId)).map((c) => ({ ...c, memberId: newId() }));
    if (missing.length === 0) return { ids, created: 0 };
    const members = unnestRows(
      missing.map((c) => [c.memberId, ctx.tenantId, merchantId, ctx.storeId, c.firstSeenAt]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'timestamptz'],
    );
    await tx.execute(
      `insert into member (id, tenant_id, phone, registered_merchant_id, registered_store_id, registered_at)
       select v.id, v.tenant, null, v.merchant, v.store, v.at from (${members.sql}) as v(id, tenant, merchant, store, at)`,
      members.params,
    );
    const refs = unnestRows(missing.map((c) => [merchantId, c.externalId, ctx.tenantId, c.memberId]), ['uuid', 'text', 'uuid', 'uuid']);
    const linked = new Set(
      (
        await tx.execute<{ memberId: string }[]>(
          `insert into member_external_ref (merchant_id, external_id, tenant_id, member_id) select * from (${refs.sql}) as v
           on conflict (merchant_id, external_id) do nothing returning member_id as "memberId"`,
          refs.params,
        )
      ).map((row) => row.memberId),
    );
    // Another import linked some of these customers meanwhile: drop the members made here for them.
    const orphans = missing.filter((c) => !linked.has(c.memberId)).map((c) => c.memberId);
    if (orphans.length > 0) await tx.execute('delete from member where id = any(?::uuid[])', [pgArray(orphans)]);
    const created = missing.filter((c) => linked.has(c.memberId));
    await appendToOutbox(
      tx,
      ctx,
      created.map((c) => ({
        type: MEMBER_REGISTERED_V1,
        key: c.memberId,
        occurredAt: c.firstSeenAt,
        payload: { memberId: c.memberId, merchantId, storeId: ctx.storeId, phone: null, registeredAt: c.firstSeenAt.toISOString() } satisfies MemberRegisteredV1,
      })),
    );
    return { ids: await known(), created: created.length };
  }
}
