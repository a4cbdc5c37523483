import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { MemberCards, type MemberCardView } from '../member-cards';
import { issueInternalCardInput } from '../programme-inputs';

export class IssueCardCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 内部卡: staff give a chosen member an internal (or a free) card, with a reason. */
@CommandHandler(IssueCardCommand)
export class IssueCardHandler implements ICommandHandler<IssueCardCommand, MemberCardView> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly cards: MemberCards,
  ) {}

  execute({ ctx, input }: IssueCardCommand): Promise<MemberCardView> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(issueInternalCardInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId: data.memberId });
      const cardType = await this.cards.cardType(tx, data.cardTypeId);
      if (cardType.kind !== 'INTERNAL' && cardType.kind !== 'FREE') throw unprocessable('CARD_NOT_ISSUABLE', `A ${cardType.kind.toLowerCase()} card is not given by staff`);
      await this.cards.give(tx, ctx, cardType, data.memberId, data.reason);
      return (await this.cards.of(tx, ctx, data.memberId, new Date())).find((c) => c.cardTypeId === cardType.id)!;
    });
  }
}
