import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Tx } from '@loyalty/database';
import { type PurchaseDraft, type PurchaseHook, PurchaseHooks, type RecordedPurchase, type PurchaseLine } from '@loyalty/loyalty';
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
 * after. A merchant with no plugin on costs one cached look-up per batch.
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
    const active = await this.activePlugins(tx, drafts[0].ctx);
    if (active.length === 0) return;
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
  }

  async afterPurchases(tx: Tx, purchases: RecordedPurchase[]): Promise<void> {
    const active = await this.activePlugins(tx, purchases[0].ctx);
    for (const { plugin, scope } of active) {
      for (const type of plugin.definition.purchaseObservers ?? []) {
        await this.instance<PurchaseObserver>(type).afterPurchases(
          scope,
          purchases.map((p) => ({ ...viewOf(p), purchaseId: p.purchaseId })),
        );
      }
    }
  }

  async afterRefund(): Promise<void> {}

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
