import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { LedgerService, standardAccounts } from '@loyalty/ledger';
import type { RequestContext } from '@loyalty/shared';
import { type PricingState } from '../domain/checkout-pricing';
import { type CheckoutPolicy, CheckoutPolicySchema, DEFAULT_CHECKOUT_POLICY } from '../domain/checkout-policy.entity';
import type { ActivePromotion } from '../domain/promotion-rules';
import { lockMemberCoupons, lockUsableCoupons } from './coupon-usage';
import { LevelEngine } from './level-engine';
import type { CreateQuoteInput } from './programme-inputs';
import { type StoredValueAccounts, StoredValueService } from './stored-value.service';

/** The accounts a checkout moves: the member's points and stored value, and the merchant's. */
export interface CheckoutAccounts {
  points: string;
  pointsRedemption: string;
  storedValue: StoredValueAccounts;
}

/**
 * Reads what a member's order is priced by at this merchant: promotions, level, coupons (locked:
 * the named ones, or all the member may use here when the quote chooses), points and stored value. At commit it first locks every account the checkout moves, in one id order, so
 * the balances it prices by are the ones it spends.
 */
@Injectable()
export class CheckoutPricer {
  constructor(
    private readonly ledger: LedgerService,
    private readonly levels: LevelEngine,
    private readonly storedValue: StoredValueService,
  ) {}

  async policy(tx: Tx, merchantId: string): Promise<Pick<CheckoutPolicy, 'pointsPerYuan' | 'maxPointsSharePermille' | 'quoteValiditySeconds'>> {
    return (await tx.findOne(CheckoutPolicySchema, { merchantId })) ?? DEFAULT_CHECKOUT_POLICY;
  }

  async accounts(tx: Tx, ctx: RequestContext, memberId: string): Promise<CheckoutAccounts> {
    const [points, pointsRedemption] = await this.ledger.accountIdsFor(tx, [
      standardAccounts.memberPoints(ctx.tenantId!, memberId),
      standardAccounts.merchantRedemption(ctx.tenantId!, ctx.merchantId!),
    ]);
    return { points, pointsRedemption, storedValue: await this.storedValue.accounts(tx, ctx, memberId) };
  }

  async state(tx: Tx, ctx: RequestContext, memberId: string, request: CreateQuoteInput, options: { lock: boolean }): Promise<{ state: PricingState; accounts: CheckoutAccounts }> {
    const accounts = await this.accounts(tx, ctx, memberId);
    if (options.lock) {
      const sv = accounts.storedValue;
      await this.ledger.lockSpendable(tx, ctx, accounts.points, { alsoLock: [accounts.pointsRedemption, sv.principal, sv.bonus, sv.redemption] });
    }
    const now = new Date();
    const coupons = request.chooseCoupons ? await lockMemberCoupons(tx, memberId, ctx.merchantId!, now) : await lockUsableCoupons(tx, memberId, request.couponIds, now);
    const promotions = await tx.execute<ActivePromotion[]>(
      `select id, name, priority, exclusive, config from promotion
       where merchant_id = ? and (starts_at is null or starts_at <= ?) and (ends_at is null or ends_at > ?) order by priority, id`,
      [ctx.merchantId, now, now],
    );
    const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, ctx.merchantId);
    const level = scheme ? (await this.levels.levelsOf(tx, scheme, [memberId])).get(memberId)!.level : null;
    const policy = await this.policy(tx, ctx.merchantId!);
    const available = await this.ledger.availableOf(tx, [accounts.points]);
    const balances = request.useStoredValue ? await this.storedValue.balances(tx, accounts.storedValue) : { principalBalanceFen: 0, bonusBalanceFen: 0 };
    const plan = request.useStoredValue ? await this.storedValue.plan(tx, ctx.merchantId!) : null;
    return {
      accounts,
      state: {
        lines: request.lines,
        promotions,
        level: level ? { code: level.code, name: level.name, discountPermille: level.benefits.discountPermille } : null,
        coupons,
        chooseCoupons: request.chooseCoupons === true,
        points: { requested: request.points, available: available.get(accounts.points) ?? 0, pointsPerYuan: policy.pointsPerYuan, maxSharePermille: policy.maxPointsSharePermille },
        balance: { use: request.useStoredValue, principalFen: balances.principalBalanceFen, bonusFen: balances.bonusBalanceFen, spendOrder: plan?.spendOrder ?? 'PRINCIPAL_FIRST' },
      },
    };
  }
}
