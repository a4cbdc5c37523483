import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { eachMerchant, type Tx } from '@loyalty/database';
import { byMerchant, type PurchaseDraft, type PurchaseHook, PurchaseHooks, type RecordedPurchase, type PurchaseLine } from '@loyalty/loyalty';
import type { EarnRuleStrategy, LineEnricher, PluginPurchase, PluginPurchaseLine, PluginScope, PurchaseObserver } from '@loyalty/plugin-sdk';
import { DomainError } from '@loyalty/shared';
import { PluginEnablements } from './plugin-enablements';
import { type LoadedPlugin, PluginRegistry } from './plugin-registry';
import { PluginScopes } from './plugin-scopes';

const viewOf = (purchase: { ctx: { storeId: string | null }; memberId: string; orderNo: string; amountFen: number; occurredAt: Date; lines: PurchaseLine[] }): PluginPurchase => ({
  memberId: purchase.memberId,
  storeId: purchase.ctx.storeId!,
  orderNo: purchase.orderNo,
  amountFen: purchase.amountFen,
  occurredAt: purchase.occurredAt,
  lines: purchase.lines.map((line): PluginPurchaseLine => ({ ...line, attributes: line.attributes ?? {} })),
});

/**
 * The plugins' part of the batched purchase path, as a loyalty purchase hook: the enrichers of every
 * plugin the merchant has on, then their earn rules, before the batch is recorded; their observers
 * after. A merchant with no plugin on costs one cached look-up per batch. A plugin sees one
 * merchant's purchases at a time, row-level security narrowed to that merchant (a batch may span
 * the tenant's merchants): its SQL reaches what it would on the merchant's own requests.
 */
@Injectable()
export class PluginPurchaseHook implements PurchaseHook, OnModuleInit {
  constructor(
    private readonly hooks: PurchaseHooks,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this);
  }

  async earnMultipliers(): Promise<Map<string, number>> {
    return new Map();
  }

  async preparePurchases(tx: Tx, drafts: PurchaseDraft[]): Promise<void> {
    const prepares = ({ definition }: LoadedPlugin) => (definition.enrichers ?? []).length + (definition.earnRules ?? []).length > 0;
    await this.eachMerchantWithPlugins(tx, drafts, prepares, async (active, drafts) => {
      for (const { plugin, scope } of active) {
        for (const type of plugin.definition.enrichers ?? []) {
          const live = drafts.filter((d) => !d.refusal);
          const results = await this.instance<LineEnricher>(type).enrich(scope, live.map(viewOf));
          live.forEach((draft, i) => {
            const result = results[i];
            if (result instanceof DomainError) draft.refusal = result;
            else if (result) draft.lines = draft.lines.map((line, j) => ({ ...line, attributes: { ...line.attributes, ...result[j] } }));
          });
        }
      }
      for (const { plugin, scope } of active) {
        for (const type of plugin.definition.earnRules ?? []) {
          const live = drafts.filter((d) => !d.refusal);
          const points = await this.instance<EarnRuleStrategy>(type).points(
            scope,
            live.map((d) => ({ ...viewOf(d), points: d.points })),
          );
          live.forEach((draft, i) => {
            const answer = points[i];
            const value = typeof answer === 'object' && answer !== null ? answer.points : answer;
            if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Earn rule ${type.name} of plugin ${plugin.definition.id} gave ${value} points`);
            draft.points = value;
            // Points that already include the member's level are not multiplied by it again.
            if (typeof answer === 'object' && answer?.includesLevel) draft.pointsIncludeLevel = true;
          });
        }
      }
    });
  }

  async afterPurchases(tx: Tx, purchases: RecordedPurchase[]): Promise<void> {
    const observes = ({ definition }: LoadedPlugin) => (definition.purchaseObservers ?? []).length > 0;
    await this.eachMerchantWithPlugins(tx, purchases, observes, async (active, purchases) => {
      for (const { plugin, scope } of active) {
        for (const type of plugin.definition.purchaseObservers ?? []) {
          await this.instance<PurchaseObserver>(type).afterPurchases(
            scope,
            purchases.map((p) => ({ ...viewOf(p), purchaseId: p.purchaseId })),
          );
        }
      }
    });
  }

  async afterRefund(): Promise<void> {}

  /**
   * Runs `work` for each merchant of the batch with a plugin on that `takesPart`, narrowed to it,
   * with those plugins and its purchases: merchants without one cost no statement.
   */
  private async eachMerchantWithPlugins<T extends { ctx: PurchaseDraft['ctx'] }>(
    tx: Tx,
    purchases: T[],
    takesPart: (plugin: LoadedPlugin) => boolean,
    work: (active: { plugin: LoadedPlugin; scope: PluginScope }[], purchases: T[]) => Promise<void>,
  ): Promise<void> {
    const withPlugins = new Map<string, { active: { plugin: LoadedPlugin; scope: PluginScope }[]; purchases: T[] }>();
    for (const [merchantId, mine] of byMerchant(purchases)) {
      const active = (await this.activePlugins(tx, mine[0].ctx)).filter(({ plugin }) => takesPart(plugin));
      if (active.length > 0) withPlugins.set(merchantId, { active, purchases: mine });
    }
    await eachMerchant(tx, [...withPlugins.keys()], (merchantId) => {
      const { active, purchases } = withPlugins.get(merchantId)!;
      return work(active, purchases);
    });
  }

  /** The merchant's enabled plugins with a scope each, in the configured order. */
  private async activePlugins(tx: Tx, ctx: PurchaseDraft['ctx']): Promise<{ plugin: LoadedPlugin; scope: PluginScope }[]> {
    const enabled = await this.enablements.enabledFor(ctx.merchantId!, tx);
    if (enabled.size === 0) return [];
    return [...enabled].map(([pluginId, settings]) => {
      const plugin = this.registry.get(pluginId);
      return { plugin, scope: this.scopes.scope(tx, plugin.definition, { ctx, tenantId: ctx.tenantId!, merchantId: ctx.merchantId!, settings }) };
    });
  }

  private instance<T>(type: abstract new (...args: never[]) => T): T {
    return this.modules.get(type as never, { strict: false });
  }
}
