import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { addMonthsInZone, badRequest, newId, type RequestContext, unprocessable } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { type CardType } from '../../domain/member-card.entity';
import { MemberCards, type MemberCardView } from '../member-cards';
import { type TakeCardInput, takeCardInput } from '../programme-inputs';
import { StoredValueService } from '../stored-value.service';

export class TakeCardCommand extends PosWriteCommand {}

export interface TakenCard extends MemberCardView {
  priceFen: number;
  storedValuePaidFen: number;
  cashDueFen: number;
}

/**
 * 办卡: a member takes the merchant's free card (201; 409 CARD_ALREADY_HELD when held), or buys a
 * paid card — or renews it: the new period starts where the paid one ends, or now when it has run
 * out — paid at the till or from stored value. Level cards come with the level; internal cards
 * only from staff.
 */
@CommandHandler(TakeCardCommand)
export class TakeCardHandler extends PosWriteEachInSavepoint<typeof takeCardInput, TakenCard> {
  protected readonly endpoint = 'POST /api/pos/v1/cards';
  protected readonly schema = takeCardInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
    private readonly cards: MemberCards,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: TakeCardInput, idempotencyKey: string): Promise<WriteOutcome<TakenCard>> {
    const member = await this.members.resolve(tx, data);
    const cardType = await this.cards.cardType(tx, data.cardTypeId);
    const now = new Date();
    if (cardType.kind === 'LEVEL') throw unprocessable('CARD_HELD_BY_LEVEL', 'A level card comes with the member’s level');
    if (cardType.kind === 'INTERNAL') throw unprocessable('CARD_ISSUED_BY_STAFF', 'An internal card is issued by staff');
    if (cardType.kind === 'FREE') {
      await this.cards.give(tx, ctx, cardType, member.id, 'POS');
      return { status: 201, body: await this.view(tx, ctx, member.id, cardType, now, 0, 0) };
    }
    if (!data.orderNo) throw badRequest('VALIDATION_FAILED', 'orderNo is required to buy a paid card', [{ path: 'orderNo', message: 'required for a paid card' }]);
    return { status: 201, body: await this.buy(tx, ctx, cardType, member.id, data.orderNo, data.payWithStoredValue, idempotencyKey, now) };
  }

  private async buy(tx: Tx, ctx: RequestContext, cardType: CardType, memberId: string, orderNo: string, fromStoredValue: boolean, idempotencyKey: string, now: Date) {
    const price = cardType.priceFen!;
    const payment = fromStoredValue ? await this.storedValue.lockAndSplit(tx, ctx, memberId, price) : null;
    const [held] = await tx.execute<{ id: string; endsAt: string | null; cancelledAt: string | null }[]>(
      'select id, ends_at as "endsAt", cancelled_at as "cancelledAt" from member_card where card_type_id = ? and member_id = ? for update',
      [cardType.id, memberId],
    );
    const paidUntil = held && !held.cancelledAt && held.endsAt ? new Date(held.endsAt) : null;
    const periodStart = paidUntil && paidUntil > now ? paidUntil : now;
    const { timezone } = await this.merchants.get(tx, ctx.merchantId!);
    const periodEnd = addMonthsInZone(periodStart, cardType.periodMonths!, timezone);
    const cardId = held?.id ?? newId();
    if (held) {
      await tx.execute('update member_card set ends_at = ?, cancelled_at = null, starts_at = case when ends_at < ? or cancelled_at is not null then ? else starts_at end where id = ?', [periodEnd, now, now, cardId]);
    } else {
      await tx.execute(
        `insert into member_card (id, tenant_id, merchant_id, card_type_id, member_id, kind, starts_at, ends_at, issued_by, issue_reason) values (?, ?, ?, ?, ?, 'PAID', ?, ?, ?, ?)`,
        [cardId, ctx.tenantId, cardType.merchantId, cardType.id, memberId, now, periodEnd, ctx.actorId, `order ${orderNo}`],
      );
    }
    await this.storedValue.insertOrder(
      tx,
      `insert into card_purchase (id, tenant_id, merchant_id, store_id, member_card_id, member_id, order_no, price_fen, stored_value_paid_fen, period_start, period_end, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [newId(), ctx.tenantId, ctx.merchantId, ctx.storeId, cardId, memberId, orderNo, price, payment ? price : 0, periodStart, periodEnd, now],
      orderNo,
    );
    if (payment) await this.storedValue.pay(tx, ctx, payment.accounts, { memberId, orderNo, principalFen: payment.principal, bonusFen: payment.bonus, idempotencyKey });
    return this.view(tx, ctx, memberId, cardType, now, price, payment ? price : 0);
  }

  private async view(tx: Tx, ctx: RequestContext, memberId: string, cardType: CardType, now: Date, priceFen: number, storedValuePaidFen: number): Promise<TakenCard> {
    const card = (await this.cards.of(tx, ctx, memberId, now)).find((c) => c.cardTypeId === cardType.id)!;
    return { ...card, priceFen, storedValuePaidFen, cashDueFen: priceFen - storedValuePaidFen };
  }
}
