import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { applyEachInSavepoint, type BatchableWrite, Db, type JobOutcome, type Tx, WriteBatcher, type WriteJob, type WriteOutcome } from '@loyalty/database';
import { forbidden, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { z } from 'zod';
import { MemberSchema } from '../../domain/member.entity';
import { MemberDirectory } from '../../contracts/member-directory';
import { birthdaySchema, genderSchema, memberNameSchema } from '../member-inputs';
import { type MemberView, toMemberView } from '../member-view';

export const updateMemberProfileInput = z
  .object({
    memberId: uuidSchema,
    name: memberNameSchema.nullable().optional().describe('null clears it'),
    gender: genderSchema.optional(),
    birthday: birthdaySchema.nullable().optional().describe('YYYY-MM-DD; null clears it'),
  })
  .refine((v) => v.name !== undefined || v.gender !== undefined || v.birthday !== undefined, { message: 'give name, gender or birthday', path: ['name'] });
export type UpdateMemberProfileInput = z.infer<typeof updateMemberProfileInput>;

export class UpdateMemberProfileCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
    /** Set for POS writes: the request's Idempotency-Key. */
    readonly idempotencyKey?: string,
  ) {}
}

/**
 * Corrects a member's name, gender or birthday (完善资料: at the till, or in the console), the
 * fields given only: 200 with the member, whether anything changed or not. One profile per member
 * across the alliance, as one identity per phone: any staff who can see the member may correct it.
 */
@CommandHandler(UpdateMemberProfileCommand)
export class UpdateMemberProfileHandler
  implements ICommandHandler<UpdateMemberProfileCommand, WriteOutcome<MemberView>>, BatchableWrite<UpdateMemberProfileInput, MemberView>
{
  readonly usesSavepoints = true;
  constructor(
    private readonly db: Db,
    private readonly batcher: WriteBatcher,
    private readonly directory: MemberDirectory,
  ) {}

  async execute({ ctx, input, idempotencyKey }: UpdateMemberProfileCommand): Promise<WriteOutcome<MemberView>> {
    const data = parseInput(updateMemberProfileInput, input);
    if (!ctx.tenantId || !ctx.merchantId) throw forbidden('Members are corrected by a merchant or one of its stores');
    if (idempotencyKey) {
      return this.batcher.submit(this, { ctx, key: idempotencyKey, endpoint: 'POST /api/pos/v1/members/profile', body: input, data });
    }
    return this.db.inTenant(ctx, (tx) => this.update(tx, ctx, data));
  }

  applyBatch(tx: Tx, jobs: WriteJob<UpdateMemberProfileInput>[]): Promise<JobOutcome<MemberView>[]> {
    return applyEachInSavepoint(tx, jobs, (tx, job) => this.update(tx, job.ctx, job.data));
  }

  private async update(tx: Tx, ctx: RequestContext, { memberId, ...changes }: UpdateMemberProfileInput): Promise<WriteOutcome<MemberView>> {
    await this.directory.updateProfile(tx, ctx, memberId, changes);
    const member = await tx.findOneOrFail(MemberSchema, { id: memberId }, { refresh: true });
    return { status: 200, body: toMemberView(member, await this.directory.externalIdOf(tx, ctx.merchantId!, memberId)) };
  }
}
