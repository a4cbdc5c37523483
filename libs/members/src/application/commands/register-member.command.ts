import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyEachInSavepoint, type BatchableWrite, Db, isUniqueViolation, type JobOutcome, type Tx, WriteBatcher, type WriteJob, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, MEMBER_REGISTERED_V1, type MemberRegisteredV1 } from '@loyalty/events';
import { conflict, forbidden, newId, parseInput, phoneSchema, type RequestContext } from '@loyalty/shared';
import { z } from 'zod';
import { type Member, MemberSchema } from '../../domain/member.entity';
import { MemberDirectory, PHONE_UNIQUE } from '../../contracts/member-directory';
import { birthdaySchema, genderSchema, memberNameSchema } from '../member-inputs';
import { type MemberView, toMemberView } from '../member-view';

export const registerMemberInput = z.object({
  phone: phoneSchema,
  name: memberNameSchema.optional(),
  gender: genderSchema.optional(),
  birthday: birthdaySchema.optional(),
  externalId: z.string().trim().min(1).max(64).optional(),
});
export type RegisterMemberInput = z.infer<typeof registerMemberInput>;

export class RegisterMemberCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
    /** Set for POS writes: the request's Idempotency-Key. */
    readonly idempotencyKey?: string,
  ) {}
}

/**
 * Registers a member by phone: 201 with the new member, or 200 with the one already registered
 * under that phone in this tenant (an alliance shares one identity across its merchants), or with
 * the member brought over from the merchant's old system under the externalId given, without a
 * phone until now.
 */
@CommandHandler(RegisterMemberCommand)
export class RegisterMemberHandler implements ICommandHandler<RegisterMemberCommand, WriteOutcome<MemberView>>, BatchableWrite<RegisterMemberInput, MemberView> {
  readonly usesSavepoints = true;
  constructor(
    private readonly db: Db,
    private readonly batcher: WriteBatcher,
    private readonly directory: MemberDirectory,
  ) {}

  async execute({ ctx, input, idempotencyKey }: RegisterMemberCommand): Promise<WriteOutcome<MemberView>> {
    const data = parseInput(registerMemberInput, input);
    if (!ctx.tenantId || !ctx.merchantId) throw forbidden('Members are registered by a merchant or one of its stores');
    if (idempotencyKey) {
      return this.batcher.submit(this, { ctx, key: idempotencyKey, endpoint: 'POST /api/pos/v1/members', body: input, data });
    }
    return this.db.inTenant(ctx, (tx) => this.register(tx, ctx, data));
  }

  applyBatch(tx: Tx, jobs: WriteJob<RegisterMemberInput>[]): Promise<JobOutcome<MemberView>[]> {
    return applyEachInSavepoint(tx, jobs, (tx, job) => this.register(tx, job.ctx, job.data));
  }

  async register(tx: Tx, ctx: RequestContext, data: RegisterMemberInput): Promise<WriteOutcome<MemberView>> {
    const merchantId = ctx.merchantId!;
    if (data.externalId) {
      // A member brought over from the merchant's old system gives its phone at the till: it becomes this member's.
      const imported = await this.directory.findByExternalId(tx, merchantId, data.externalId);
      if (imported && imported.phone === null) return this.givePhone(tx, ctx, imported, data);
    }
    const registeredAt = new Date();
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into member (id, tenant_id, phone, name, gender, birthday, registered_merchant_id, registered_store_id, registered_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, phone) do nothing returning id`,
      [newId(), ctx.tenantId, data.phone, data.name ?? null, data.gender ?? 'unknown', data.birthday ?? null, merchantId, ctx.storeId, registeredAt],
    );
    const member = await tx.findOne(MemberSchema, { phone: data.phone }, { refresh: true });
    if (!member) throw conflict('MEMBER_REGISTERED_ELSEWHERE', 'This phone is registered at another store');
    const externalId = await this.linkExternalId(tx, ctx, member, data.externalId);
    const created = inserted.length === 1;
    if (created) {
      await appendToOutbox(tx, ctx, [
        {
          type: MEMBER_REGISTERED_V1,
          key: member.id,
          payload: {
            memberId: member.id,
            merchantId,
            storeId: ctx.storeId,
            phone: data.phone,
            registeredAt: registeredAt.toISOString(),
            name: data.name ?? null,
            gender: data.gender ?? 'unknown',
            birthday: data.birthday ?? null,
          } satisfies MemberRegisteredV1,
        },
      ]);
    }
    return { status: created ? 201 : 200, body: toMemberView(member, externalId) };
  }

  /**
   * 200 with the member brought over without a phone, now registered with the one given (and the
   * profile given, where it had none); 409 EXTERNAL_ID_TAKEN when another member has the phone, as
   * members are not merged, or MEMBER_REGISTERED_ELSEWHERE when that member is one the staff cannot see.
   */
  private async givePhone(tx: Tx, ctx: RequestContext, imported: Member, data: RegisterMemberInput): Promise<WriteOutcome<MemberView>> {
    try {
      await this.directory.addPhones(tx, ctx, [{ memberId: imported.id, ...data }]);
    } catch (error) {
      // The phone is a member's this staff cannot see (another store's), or one registered meanwhile.
      if (isUniqueViolation(error, PHONE_UNIQUE)) throw conflict('MEMBER_REGISTERED_ELSEWHERE', 'This phone is registered at another store');
      throw error;
    }
    // Given here, or by a request of the same registration just before this one.
    const member = await tx.findOneOrFail(MemberSchema, { id: imported.id }, { refresh: true });
    if (member.phone !== data.phone) {
      throw conflict('EXTERNAL_ID_TAKEN', 'This external id belongs to a member without a phone, and this phone to another member: members are not merged');
    }
    return { status: 200, body: toMemberView(member, data.externalId!) };
  }

  /** Records the merchant's own customer number for the member, unless it already names another. */
  private async linkExternalId(tx: Tx, ctx: RequestContext, member: Member, externalId: string | undefined): Promise<string | null> {
    const merchantId = ctx.merchantId!;
    if (externalId) {
      await tx.execute(
        `insert into member_external_ref (merchant_id, external_id, tenant_id, member_id) values (?, ?, ?, ?)
         on conflict (merchant_id, external_id) do nothing`,
        [merchantId, externalId, ctx.tenantId, member.id],
      );
      const owner = await this.directory.findByExternalId(tx, merchantId, externalId);
      if (owner?.id !== member.id) throw conflict('EXTERNAL_ID_TAKEN', 'This external id belongs to another member');
    }
    return this.directory.externalIdOf(tx, merchantId, member.id);
  }
}
