import { Injectable } from '@nestjs/common';
import { type JobOutcome, type Tx, type WriteJob } from '@loyalty/database';
import { appendToOutbox } from '@loyalty/events';
import { type PurchaseResult, recordPurchaseInput, RecordPurchaseHandler, RefundPurchaseHandler, type RefundResult, refundPurchaseInput } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import type { PluginDefinition, PluginMemberLevel, PluginScope } from '@loyalty/plugin-sdk';
import {
  type BalancePaymentResult,
  balancePaymentInput,
  CouponIssuer,
  LevelEngine,
  PayFromBalanceHandler,
  SellVisitCardHandler,
  sellVisitCardInput,
  type SoldVisitCard,
  UseVisitCardHandler,
  useVisitCardInput,
  type VisitCardView,
} from '@loyalty/programme';
import { MerchantDirectory } from '@loyalty/tenancy';
import { badRequest, forbidden, isUuid, notFound, parseInput, type RequestContext } from '@loyalty/shared';

/** The tenant, merchant and settings a scope acts for, in an open transaction already inside the tenant. */
export interface ScopeTarget {
  ctx: RequestContext;
  tenantId: string;
  merchantId: string;
  settings: Record<string, unknown>;
}

const unwrap = <T>(outcome: JobOutcome<unknown>): T => {
  if (!outcome.ok) throw outcome.error;
  return outcome.outcome.body as T;
};

/**
 * Builds the scope every extension point is handed: SQL in the caller's transaction (under row-level
 * security), and the core's use cases plugins may call, run in that same transaction.
 */
@Injectable()
export class PluginScopes {
  constructor(
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
    private readonly levels: LevelEngine,
    private readonly purchases: RecordPurchaseHandler,
    private readonly refunds: RefundPurchaseHandler,
    private readonly balancePayments: PayFromBalanceHandler,
    private readonly visitCardSales: SellVisitCardHandler,
    private readonly visitCardUses: UseVisitCardHandler,
    private readonly coupons: CouponIssuer,
  ) {}

  scope<TSettings>(tx: Tx, plugin: PluginDefinition, target: ScopeTarget): PluginScope<TSettings> {
    const { ctx, tenantId, merchantId } = target;
    const storeJob = <T>(kind: string, key: string, body: unknown, data: T): WriteJob<T> => {
      if (!ctx.storeId) throw badRequest('STORE_CONTEXT_REQUIRED', `${kind} needs a store: call it from a POS endpoint`);
      return { ctx, key: `plugin:${plugin.id}:${key}`, endpoint: `plugin ${plugin.id} ${kind}`, body, data };
    };
    return {
      ctx,
      tenantId,
      merchantId,
      settings: target.settings as TSettings,
      timeZone: async () => (await this.merchants.get(tx, merchantId)).timezone,
      query: <T>(sql: string, params: readonly unknown[] = []) => tx.execute<T[]>(sql, [...params]),
      findMember: async (ref) => {
        const member = await this.members.resolve(tx, ref);
        return { id: member.id, phone: member.phone ?? null, name: member.name ?? null, registeredMerchantId: member.registeredMerchantId };
      },
      store: async (storeId) => {
        const [store] = isUuid(storeId) ? await tx.execute<{ id: string; name: string }[]>('select id, name from store where id = ? and merchant_id = ?', [storeId, merchantId]) : [];
        if (!store) throw notFound('STORE_NOT_FOUND', 'No such store of the merchant');
        return store;
      },
      memberLevels: async (memberIds) => {
        const scheme = await this.levels.schemeFor(tx, tenantId, merchantId);
        const result = new Map<string, PluginMemberLevel | null>(memberIds.map((id) => [id, null]));
        if (!scheme || memberIds.length === 0) return result;
        for (const [memberId, state] of await this.levels.levelsOf(tx, scheme, [...memberIds])) {
          result.set(memberId, { code: state.level.code, name: state.level.name, rank: state.rank });
        }
        return result;
      },
      recordPurchase: async (input, key) => {
        const job = storeJob('purchase', key, input, parseInput(recordPurchaseInput, input));
        return unwrap<PurchaseResult>((await this.purchases.applyBatch(tx, [job]))[0]);
      },
      refundPurchase: async (input, key) => {
        const job = storeJob('refund', key, input, parseInput(refundPurchaseInput, input));
        return unwrap<RefundResult>((await this.refunds.applyBatch(tx, [job]))[0]);
      },
      publish: async (type, key, payload) => {
        if (!type.startsWith(`${plugin.id}.`) || !/\.v\d+$/.test(type)) throw new Error(`Plugin ${plugin.id} may publish only events named "${plugin.id}.<name>.v<n>", not "${type}"`);
        await appendToOutbox(tx, { ...ctx, tenantId }, [{ type, key, payload }]);
      },
      requirePermission: async (permission) => {
        if (!plugin.permissions?.some((p) => p.code === permission)) throw new Error(`Plugin ${plugin.id} checks undeclared permission "${permission}"`);
        const granted =
          isUuid(ctx.actorId) &&
          (await tx.execute('select 1 from plugin_permission_grant where staff_id = ? and plugin_id = ? and permission = ?', [ctx.actorId, plugin.id, permission])).length > 0;
        if (!granted) throw forbidden(`Requires the ${plugin.id} permission "${permission}"`);
      },
      payFromStoredValue: async (input, key) => {
        const job = storeJob('stored-value payment', key, input, parseInput(balancePaymentInput, input));
        return unwrap<BalancePaymentResult>((await this.balancePayments.applyBatch(tx, [job]))[0]);
      },
      sellVisitCard: async (input, key) => {
        const job = storeJob('visit-card sale', key, input, parseInput(sellVisitCardInput, input));
        return unwrap<SoldVisitCard>((await this.visitCardSales.applyBatch(tx, [job]))[0]);
      },
      useVisitCard: async (input, key) => {
        const job = storeJob('visit-card use', key, input, parseInput(useVisitCardInput, input));
        return unwrap<VisitCardView>((await this.visitCardUses.applyBatch(tx, [job]))[0]);
      },
      issueCoupon: async (input) => (await this.coupons.issue(tx, { ...ctx, tenantId, merchantId }, input))!,
    };
  }
}
