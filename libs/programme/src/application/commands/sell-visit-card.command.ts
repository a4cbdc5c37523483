import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { newId, notFound, type RequestContext } from '@loyalty/shared';
import { VisitCardProductSchema } from '../../domain/visit-card.entity';
import { type SellVisitCardInput, sellVisitCardInput } from '../programme-inputs';
import { StoredValueService } from '../stored-value.service';

export class SellVisitCardCommand extends PosWriteCommand {}

export interface VisitCardView {
  cardId: string;
  memberId: string;
  service: string;
  usesTotal: number | null;
  usesLeft: number | null;
  expiresAt: string;
}

export interface SoldVisitCard extends VisitCardView {
  priceFen: number;
  storedValuePaidFen: number;
  cashDueFen: number;
}

const DAY_MS = 86_400_000;

/** Sells a member a visit card of the merchant's, paid at the till or from stored value (principal and bonus by the spend order). */
@CommandHandler(SellVisitCardCommand)
export class SellVisitCardHandler extends PosWriteEachInSavepoint<typeof sellVisitCardInput, SoldVisitCard> {
  protected readonly endpoint = 'POST /api/pos/v1/visit-cards';
  protected readonly schema = sellVisitCardInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: SellVisitCardInput, idempotencyKey: string): Promise<WriteOutcome<SoldVisitCard>> {
    const member = await this.members.resolve(tx, data);
    const product = await tx.findOne(VisitCardProductSchema, { id: data.productId });
    if (!product) throw notFound('VISIT_CARD_PRODUCT_NOT_FOUND', 'No such visit card at this merchant');
    // Stored value is checked (and locked) first, so a card is never sold on a balance that is short.
    const payment = data.payWithStoredValue && product.priceFen > 0 ? await this.storedValue.lockAndSplit(tx, ctx, member.id, product.priceFen) : null;
    const fromBalance = payment ? product.priceFen : 0;
    const cardId = newId();
    const soldAt = new Date();
    const expiresAt = new Date(soldAt.getTime() + product.validDays * DAY_MS);
    await this.storedValue.insertOrder(
      tx,
      `insert into visit_card (id, tenant_id, merchant_id, store_id, member_id, product_id, order_no, service, uses_total, uses_left, price_fen, stored_value_paid_fen, sold_at, expires_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [cardId, ctx.tenantId, ctx.merchantId, ctx.storeId, member.id, product.id, data.orderNo, product.service, product.uses, product.uses, product.priceFen, fromBalance, soldAt, expiresAt],
      data.orderNo,
    );
    if (payment) {
      await this.storedValue.pay(tx, ctx, payment.accounts, { memberId: member.id, orderNo: data.orderNo, principalFen: payment.principal, bonusFen: payment.bonus, idempotencyKey });
    }
    return {
      status: 201,
      body: {
        cardId,
        memberId: member.id,
        service: product.service,
        usesTotal: product.uses ?? null,
        usesLeft: product.uses ?? null,
        expiresAt: expiresAt.toISOString(),
        priceFen: product.priceFen,
        storedValuePaidFen: fromBalance,
        cashDueFen: product.priceFen - fromBalance,
      },
    };
  }

}
