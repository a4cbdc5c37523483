import { Injectable, type OnModuleInit } from '@nestjs/common';
import { type Tx, unnestRows } from '@loyalty/database';
import { byMerchant, type PurchaseHook, PurchaseHooks, type RecordedPurchase, type RecordedRefund } from '@loyalty/loyalty';
import { type RequestContext } from '@loyalty/shared';
import type { PricedCheckout } from '../domain/checkout-pricing';
import { returnCoupons } from './coupon-usage';
import { GrowthService } from './growth.service';
import { LevelEngine } from './level-engine';
import type { LevelScheme } from '../domain/level-scheme.entity';
import { ReferralRewards } from './referral-rewards';

/**
 * The programme's part of every purchase, in the purchase's transaction: level benefits multiply
 * the points earned; the purchase counts towards levels, earns growth value, and a member who now
 * qualifies for a higher level is upgraded at once (升级); a first purchase rewards a waiting
 * referral. A refund takes spend and growth back; a checkout refunded in full gives its coupons back.
 */
@Injectable()
export class ProgrammePurchaseHook implements PurchaseHook, OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly levels: LevelEngine,
    private readonly growth: GrowthService,
    private readonly referrals: ReferralRewards,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  /** The scheme each transaction found per tenant and merchant: a purchase batch asks twice. */
  private readonly schemes = new WeakMap<Tx, Map<string, Promise<LevelScheme | null>>>();

  private schemeFor(tx: Tx, tenantId: string, merchantId: string): Promise<LevelScheme | null> {
    const found = this.schemes.get(tx) ?? new Map<string, Promise<LevelScheme | null>>();
    this.schemes.set(tx, found);
    const key = `${tenantId}|${merchantId}`;
    if (!found.has(key)) found.set(key, this.levels.schemeFor(tx, tenantId, merchantId));
    return found.get(key)!;
  }

  async earnMultipliers(tx: Tx, tenantId: string, merchantId: string, memberIds: string[]): Promise<Map<string, number>> {
    const scheme = await this.schemeFor(tx, tenantId, merchantId);
    if (!scheme || memberIds.length === 0) return new Map();
    const levels = await this.levels.levelsOf(tx, scheme, memberIds);
    return new Map([...levels].map(([memberId, state]) => [memberId, state.level.benefits.pointsMultiplierPermille]));
  }

  /**
   * Merchant by merchant, in the batch's order, as if each merchant's purchases came alone: spend,
   * then referrals, growth and levels by that merchant's programme. Under the alliance's scheme the
   * merchant whose purchase reached a level is credited with it (its order, its gifts), so a
   * merchant with a scheme writes its spend just before its own upgrade, never counting the spend of
   * merchants after it. Merchants without a scheme (then the alliance has none either) write theirs
   * in one statement: no upgrade counts it.
   */
  async afterPurchases(tx: Tx, purchases: RecordedPurchase[]): Promise<void> {
    const tenantId = purchases[0].ctx.tenantId!;
    const merchants: { scheme: LevelScheme | null; purchases: RecordedPurchase[] }[] = [];
    for (const [merchantId, mine] of byMerchant(purchases)) merchants.push({ scheme: await this.schemeFor(tx, tenantId, merchantId), purchases: mine });
    await this.recordSpend(tx, merchants.filter((m) => !m.scheme).flatMap((m) => m.purchases));
    for (const { scheme, purchases } of merchants) {
      if (scheme) await this.recordSpend(tx, purchases);
      await this.referrals.onPurchases(tx, purchases[0].ctx, [...new Set(purchases.map((p) => p.memberId))]);
      if (scheme) await this.growAndUpgrade(tx, scheme, purchases);
    }
  }

  private async recordSpend(tx: Tx, purchases: RecordedPurchase[]): Promise<void> {
    if (purchases.length === 0) return;
    const spend = unnestRows(
      purchases.map((p) => [p.purchaseId, p.ctx.tenantId, p.ctx.merchantId, p.memberId, p.amountFen, p.occurredAt]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'int8', 'timestamptz'],
    );
    await tx.execute(`insert into qualifying_spend (id, tenant_id, merchant_id, member_id, amount_fen, occurred_at) select * from (${spend.sql}) as v`, spend.params);
  }

  private async growAndUpgrade(tx: Tx, scheme: LevelScheme, purchases: RecordedPurchase[]): Promise<void> {
    await this.growth.award(
      tx,
      scheme,
      purchases.map((p) => ({
        ctx: p.ctx,
        memberId: p.memberId,
        behaviour: 'PURCHASE',
        units: Math.floor(p.amountFen / 100),
        transferId: p.purchaseId,
        purchaseId: p.purchaseId,
        reference: p.orderNo,
        occurredAt: p.occurredAt,
      })),
    );
    // Measured as of the latest of now and the purchases (a till's clock may run a little ahead).
    const asOf = new Date(Math.max(Date.now(), ...purchases.map((p) => p.occurredAt.getTime())));
    const lastOrder = new Map(purchases.map((p) => [p.memberId, p.orderNo]));
    await this.levels.upgrade(tx, purchases[0].ctx, scheme, [...lastOrder.keys()], asOf, lastOrder);
  }

  async afterRefund(tx: Tx, ctx: RequestContext, refund: RecordedRefund): Promise<void> {
    await tx.execute('update qualifying_spend set refunded_fen = ? where id = ?', [refund.refundedTotalFen, refund.purchaseId]);
    await this.growth.reverseForRefund(tx, ctx, refund);
    if (refund.refundedTotalFen < refund.amountFen) return;
    // A checkout refunded in full gives its coupons back (a coupon cannot be split over a partial refund).
    const [checkout] = await tx.execute<{ result: PricedCheckout }[]>(`select result from checkout_quote where purchase_id = ? and status = 'COMMITTED'`, [refund.purchaseId]);
    if (checkout) await returnCoupons(tx, ctx, checkout.result.coupons.map((c) => c.couponId), new Date());
  }
}
