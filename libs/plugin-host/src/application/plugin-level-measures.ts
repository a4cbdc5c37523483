import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Tx } from '@loyalty/database';
import type { LevelMeasureProvider, PluginDefinition } from '@loyalty/plugin-sdk';
import { type LevelMeasureRequest, type LevelMeasureSource, LevelMeasureSources } from '@loyalty/programme';
import { PluginEnablements } from './plugin-enablements';
import { PluginRegistry } from './plugin-registry';

/** How level conditions and tag facts name a plugin's measure: `<plugin id>.<name>`. */
export const measureName = (plugin: PluginDefinition, measure: { name: string }) => `${plugin.id}.${measure.name}`;

/**
 * The plugins' level measures (`<plugin id>.<name>`) as a source of the programme's level rules.
 * A measure counts the facts of the scheme's merchant when it has the plugin on, or of every
 * merchant of the tenant that has it on for a tenant-wide scheme; 0 where none has.
 */
@Injectable()
export class PluginLevelMeasures implements LevelMeasureSource, OnModuleInit {
  private readonly byName = new Map<string, { plugin: PluginDefinition; provider: LevelMeasureProvider }>();

  constructor(
    private readonly sources: LevelMeasureSources,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const { definition } of this.registry.plugins) {
      for (const measure of definition.levelMeasures ?? []) {
        this.byName.set(measureName(definition, measure), { plugin: definition, provider: this.modules.get(measure.provider, { strict: false }) });
      }
    }
    if (this.byName.size > 0) this.sources.register(this);
  }

  provides(measure: string): boolean {
    return this.byName.has(measure);
  }

  async values(tx: Tx, request: LevelMeasureRequest): Promise<Map<string, number>[]> {
    const answers: Map<string, number>[] = [];
    for (const { measure, since } of request.queries) {
      const { plugin, provider } = this.byName.get(measure)!;
      const merchantIds = request.merchantId
        ? (await this.enablements.enabledFor(request.merchantId, tx)).has(plugin.id)
          ? [request.merchantId]
          : []
        : await this.enablements.merchantsInTenant(plugin.id, request.tenantId);
      if (merchantIds.length === 0) {
        answers.push(new Map());
        continue;
      }
      const scope = { tenantId: request.tenantId, merchantIds, query: <T>(sql: string, params: readonly unknown[] = []) => tx.execute<T[]>(sql, [...params]) };
      const values = await provider.values(scope, { memberIds: request.memberIds, since, asOf: request.asOf });
      for (const [memberId, value] of values) {
        if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Level measure ${measure} of plugin ${plugin.id} gave ${value} for member ${memberId}`);
      }
      answers.push(values);
    }
    return answers;
  }
}
