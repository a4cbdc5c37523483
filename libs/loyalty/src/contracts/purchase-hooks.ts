import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { type DomainError, mulDivFloor, type RequestContext } from '@loyalty/shared';
import type { PurchaseLine } from '../application/pos-inputs';

/** A purchase whose member is known, about to be recorded: hooks may enrich its lines, set its points, or refuse it. */
export interface PurchaseDraft {
  readonly ctx: RequestContext;
  readonly memberId: string;
  readonly orderNo: string;
  readonly amountFen: number;
  readonly occurredAt: Date;
  lines: PurchaseLine[];
  /**
   * The merchant's earn rule's points, unless a hook sets them; level multipliers apply once every
   * hook has prepared the purchase.
   */
  points: number;
  /** Set by a hook whose `points` already include the member's level (a plugin's rate per level): no multiplier applies to them. */
  pointsIncludeLevel?: boolean;
  /** Set by a hook to refuse the purchase: nothing of it is recorded. */
  refusal?: DomainError;
}

/** A purchase just recorded, as other contexts see it. */
export interface RecordedPurchase {
  ctx: RequestContext;
  purchaseId: string;
  memberId: string;
  orderNo: string;
  amountFen: number;
  occurredAt: Date;
  lines: PurchaseLine[];
}

/** A refund of a recorded purchase, just applied. */
export interface RecordedRefund {
  purchaseId: string;
  memberId: string;
  orderNo: string;
  amountFen: number;
  /** This refund. */
  refundFen: number;
  /** All refunds of the purchase so far, this one included. */
  refundedTotalFen: number;
}

/**
 * What another context (the membership programme, the plugin host) adds to the purchase path,
 * inside the purchase's own transaction: a points multiplier per member (level benefits), lines and
 * points before recording (plugins), and work after purchases and refunds are recorded (growth
 * value, level upgrades). A batch's purchases may be of several merchants of the tenant, the
 * transaction then inside the tenant but narrowed to none of them: a hook takes each purchase's
 * merchant from its ctx, and runs code that counts on row-level security per merchant (a plugin's
 * SQL) inside `eachMerchant`.
 */
export interface PurchaseHook {
  /** Points multiplier per member in permille (1000 = ×1); members left out earn ×1. */
  earnMultipliers(tx: Tx, tenantId: string, merchantId: string, memberIds: string[]): Promise<Map<string, number>>;
  /** Before a batch of purchases is recorded (industry plugins: line enrichers, earn rules). */
  preparePurchases?(tx: Tx, drafts: PurchaseDraft[]): Promise<void>;
  afterPurchases(tx: Tx, purchases: RecordedPurchase[]): Promise<void>;
  afterRefund(tx: Tx, ctx: RequestContext, refund: RecordedRefund): Promise<void>;
}

/** A batch's purchases (or drafts) by merchant, merchants in the order of their first purchase. */
export function byMerchant<T extends { ctx: RequestContext }>(purchases: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const purchase of purchases) {
    const group = groups.get(purchase.ctx.merchantId!);
    if (group) group.push(purchase);
    else groups.set(purchase.ctx.merchantId!, [purchase]);
  }
  return groups;
}

/** Where contexts built on loyalty register their purchase hooks (at module init). */
@Injectable()
export class PurchaseHooks {
  private readonly hooks: PurchaseHook[] = [];

  register(hook: PurchaseHook): void {
    this.hooks.push(hook);
  }

  /**
   * Before a batch is recorded: each hook prepares the purchases, then every hook's level multiplier
   * (permille, each rounded down) applies, merchant by merchant, to the points of those not refused,
   * unless a hook's points include the level.
   */
  async preparePurchases(tx: Tx, drafts: PurchaseDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    for (const hook of this.hooks) await hook.preparePurchases?.(tx, drafts);
    const multiplied = drafts.filter((d) => !d.refusal && !d.pointsIncludeLevel);
    for (const [merchantId, mine] of byMerchant(multiplied)) {
      const memberIds = [...new Set(mine.map((d) => d.memberId))];
      for (const hook of this.hooks) {
        const permille = await hook.earnMultipliers(tx, mine[0].ctx.tenantId!, merchantId, memberIds);
        for (const draft of mine) draft.points = mulDivFloor(draft.points, permille.get(draft.memberId) ?? 1000, 1000);
      }
    }
  }

  async afterPurchases(tx: Tx, purchases: RecordedPurchase[]): Promise<void> {
    if (purchases.length === 0) return;
    for (const hook of this.hooks) await hook.afterPurchases(tx, purchases);
  }

  async afterRefund(tx: Tx, ctx: RequestContext, refund: RecordedRefund): Promise<void> {
    for (const hook of this.hooks) await hook.afterRefund(tx, ctx, refund);
  }
}
