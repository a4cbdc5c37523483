import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { z } from 'zod';
import { MemberCards, type MemberCardView } from '../member-cards';

export class CancelMemberCardCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

const cancelMemberCardInput = z.object({ memberId: z.uuid(), cardTypeId: z.uuid(), reason: z.string().trim().min(2, 'a reason is required').max(500) });

/** 注销: staff cancel a member's card, with a reason; buying a paid card again starts a new period. */
@CommandHandler(CancelMemberCardCommand)
export class CancelMemberCardHandler implements ICommandHandler<CancelMemberCardCommand, MemberCardView> {
  constructor(
    private readonly db: Db,
    private readonly cards: MemberCards,
  ) {}

  execute({ ctx, input }: CancelMemberCardCommand): Promise<MemberCardView> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(cancelMemberCardInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const cancelled = await tx.execute<{ id: string }[]>(
        `update member_card set cancelled_at = now(), issue_reason = issue_reason || '; cancelled: ' || ? where card_type_id = ? and member_id = ? and cancelled_at is null returning id`,
        [data.reason, data.cardTypeId, data.memberId],
      );
      if (cancelled.length === 0) throw notFound('CARD_NOT_HELD', 'The member holds no such card');
      return (await this.cards.of(tx, ctx, data.memberId, new Date())).find((c) => c.cardTypeId === data.cardTypeId)!;
    });
  }
}
