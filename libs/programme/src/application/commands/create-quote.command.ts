import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { newId, type RequestContext } from '@loyalty/shared';
import { type PricedCheckout, priceCheckout } from '../../domain/checkout-pricing';
import { CheckoutPricer } from '../checkout-pricer';
import { type CreateQuoteInput, createQuoteInput } from '../programme-inputs';

export class CreateQuoteCommand extends PosWriteCommand {}

export interface QuoteResult extends PricedCheckout {
  quoteId: string;
  memberId: string;
  expiresAt: string;
}

/**
 * 报价: prices an order for a member — the best combination of promotions, member prices or level
 * discount, and coupons; points as money, stored value, cash — with an explanation per line, and
 * holds the quote for the merchant's validity.
 */
@CommandHandler(CreateQuoteCommand)
export class CreateQuoteHandler extends PosWriteEachInSavepoint<typeof createQuoteInput, QuoteResult> {
  protected readonly endpoint = 'POST /api/pos/v1/quotes';
  protected readonly schema = createQuoteInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly pricer: CheckoutPricer,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: CreateQuoteInput): Promise<WriteOutcome<QuoteResult>> {
    const member = await this.members.resolve(tx, data);
    const { state } = await this.pricer.state(tx, ctx, member.id, data, { lock: false });
    const priced = priceCheckout(state);
    const { quoteValiditySeconds } = await this.pricer.policy(tx, ctx.merchantId!);
    const quoteId = newId();
    const expiresAt = new Date(Date.now() + quoteValiditySeconds * 1000);
    const request: CreateQuoteInput = { ...data, memberId: member.id, phone: undefined };
    await tx.execute(
      `insert into checkout_quote (id, tenant_id, merchant_id, store_id, member_id, request, result, status, expires_at) values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)`,
      [quoteId, ctx.tenantId, ctx.merchantId, ctx.storeId, member.id, JSON.stringify(request), JSON.stringify(priced), expiresAt],
    );
    return { status: 201, body: { quoteId, memberId: member.id, expiresAt: expiresAt.toISOString(), ...priced } };
  }
}
