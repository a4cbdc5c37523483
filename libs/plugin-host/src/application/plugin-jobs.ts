import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Db } from '@loyalty/database';
import type { PluginJob } from '@loyalty/plugin-sdk';
import { IntervalJob, type RequestContext } from '@loyalty/shared';
import { PluginEnablements } from './plugin-enablements';
import { type LoadedPlugin, PluginRegistry } from './plugin-registry';
import { PluginScopes } from './plugin-scopes';

/**
 * One scheduled job of a plugin on the platform's IntervalJob: each pass runs the job once for every
 * merchant that has the plugin on, each merchant in its own transaction inside its tenant (a
 * failing merchant is logged and does not stop the others). Returns how many merchants it ran for.
 */
export class PluginJobRunner extends IntervalJob<number> {
  readonly name: string;
  private readonly log: Logger;

  constructor(
    readonly plugin: LoadedPlugin,
    readonly job: { name: string; intervalMs: number },
    private readonly handler: PluginJob,
    private readonly db: Db,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
  ) {
    super(job.intervalMs);
    this.name = `plugin.${plugin.definition.id}.${job.name}`;
    this.log = new Logger(this.name);
  }

  /** One pass for these merchants only (of those that have the plugin on): what a test of one tenant runs. */
  runFor(asOf: Date, merchantIds: readonly string[]): Promise<number> {
    return this.afterRunning(() => this.passFor(asOf, merchantIds));
  }

  protected pass(asOf: Date): Promise<number> {
    return this.passFor(asOf);
  }

  private async passFor(asOf: Date, merchantIds?: readonly string[]): Promise<number> {
    const merchants = await this.db.asSystem((tx) => this.enablements.merchantsWith(tx, this.plugin.definition.id, merchantIds));
    let ran = 0;
    for (const { merchantId, tenantId, settings } of merchants) {
      const ctx: RequestContext = { tenantId, merchantId, storeId: null, actorId: this.name, roles: [], correlationId: `${this.name}-${asOf.toISOString()}` };
      try {
        await this.db.inTenant(ctx, (tx) => this.handler.run(this.scopes.scope(tx, this.plugin.definition, { ctx, tenantId, merchantId, settings }), asOf));
        ran++;
      } catch (error) {
        this.log.error({ err: error, merchantId }, 'plugin job failed for a merchant');
      }
    }
    return ran;
  }
}

/** Every plugin job of this process, started and stopped with the application; the test kit runs them by hand. */
@Injectable()
export class PluginJobs implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private runners: PluginJobRunner[] = [];

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.runners = this.registry.plugins.flatMap((plugin) =>
      (plugin.definition.jobs ?? []).map(
        (job) => new PluginJobRunner(plugin, job, this.modules.get<PluginJob>(job.handler, { strict: false }), this.db, this.enablements, this.scopes),
      ),
    );
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.onApplicationBootstrap();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.onApplicationShutdown()));
  }

  get(pluginId: string, name: string): PluginJobRunner {
    const runner = this.runners.find((r) => r.plugin.definition.id === pluginId && r.job.name === name);
    if (!runner) throw new Error(`No job "${name}" in plugin "${pluginId}"`);
    return runner;
  }
}
