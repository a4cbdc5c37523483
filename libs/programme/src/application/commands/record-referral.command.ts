import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { conflict, newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { type RecordReferralInput, recordReferralInput } from '../programme-inputs';
import { ReferralRewards } from '../referral-rewards';

export class RecordReferralCommand extends PosWriteCommand {}

export interface ReferralResult {
  referralId: string;
  inviterMemberId: string;
  inviteeMemberId: string;
  /** Whether both were rewarded for the registration now (the first purchase may reward them again). */
  rewarded: boolean;
}

const DAY_MS = 86_400_000;

/**
 * 邀请: the member just registered came by another's share code. Anti-abuse: one invitation per
 * invited member (a phone is one member), never oneself, only members who registered after the
 * code was made and within the programme's window; rewarded once per occasion the programme rewards:
 * here for the registration, later for the first purchase.
 */
@CommandHandler(RecordReferralCommand)
export class RecordReferralHandler extends PosWriteEachInSavepoint<typeof recordReferralInput, ReferralResult> {
  protected readonly endpoint = 'POST /api/pos/v1/referrals';
  protected readonly schema = recordReferralInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly rewards: ReferralRewards,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RecordReferralInput): Promise<WriteOutcome<ReferralResult>> {
    const program = await this.rewards.program(tx, ctx.merchantId!);
    if (!program) throw notFound('REFERRAL_PROGRAM_NOT_FOUND', 'This merchant has no referral programme');
    const invitee = await this.members.resolve(tx, data);
    const [code] = await tx.execute<{ memberId: string; createdAt: string }[]>('select member_id as "memberId", created_at as "createdAt" from referral_code where code = ?', [data.code]);
    if (!code) throw notFound('REFERRAL_CODE_NOT_FOUND', 'No such share code');
    if (code.memberId === invitee.id) throw unprocessable('REFERRAL_SELF', 'A member cannot invite themselves');
    const registeredAt = new Date(invitee.registeredAt);
    if (registeredAt < new Date(code.createdAt)) throw unprocessable('REFERRAL_NOT_NEW', 'The member registered before this share code was made');
    const now = new Date();
    if (now.getTime() - registeredAt.getTime() > program.windowDays * DAY_MS) {
      throw unprocessable('REFERRAL_TOO_LATE', `Invitations are recorded within ${program.windowDays} days of registering`);
    }
    const referral = { id: newId(), inviterMemberId: code.memberId, inviteeMemberId: invitee.id };
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into referral (id, tenant_id, merchant_id, inviter_member_id, invitee_member_id, created_at) values (?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, invitee_member_id) do nothing returning id`,
      [referral.id, ctx.tenantId, ctx.merchantId, referral.inviterMemberId, referral.inviteeMemberId, now],
    );
    if (inserted.length === 0) throw conflict('REFERRAL_ALREADY_RECORDED', 'This member was invited already');
    const rewarded = await this.rewards.reward(tx, ctx, program, referral, 'REGISTRATION');
    return { status: 201, body: { referralId: referral.id, inviterMemberId: referral.inviterMemberId, inviteeMemberId: referral.inviteeMemberId, rewarded } };
  }
}
