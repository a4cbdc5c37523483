import { randomInt } from 'node:crypto';
import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type ReferralCodeInput, referralCodeInput } from '../programme-inputs';

export class GetReferralCodeCommand extends PosWriteCommand {}

/** Letters and digits that cannot be mistaken for one another when read out. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** 分享码: the member's share code, made on first request (201) and the same afterwards (200). */
@CommandHandler(GetReferralCodeCommand)
export class GetReferralCodeHandler extends PosWriteEachInSavepoint<typeof referralCodeInput, { memberId: string; code: string }> {
  protected readonly endpoint = 'POST /api/pos/v1/referral-codes';
  protected readonly schema = referralCodeInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: ReferralCodeInput): Promise<WriteOutcome<{ memberId: string; code: string }>> {
    const member = await this.members.resolve(tx, data);
    const existing = async () => (await tx.execute<{ code: string }[]>('select code from referral_code where member_id = ?', [member.id]))[0];
    const held = await existing();
    if (held) return { status: 200, body: { memberId: member.id, code: held.code } };
    // A clash with another member's code (1 in 10^12 per pair) just draws again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const inserted = await tx.execute<{ code: string }[]>(
        'insert into referral_code (member_id, tenant_id, code) values (?, ?, ?) on conflict do nothing returning code',
        [member.id, ctx.tenantId, newCode()],
      );
      if (inserted.length > 0) return { status: 201, body: { memberId: member.id, code: inserted[0].code } };
      const raced = await existing();
      if (raced) return { status: 200, body: { memberId: member.id, code: raced.code } };
    }
    throw new Error('Could not draw a free share code');
  }
}
