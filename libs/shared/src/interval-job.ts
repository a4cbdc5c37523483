import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A job the platform runs on its own every `intervalMs` (0: never, for tests that run it by hand),
 * one pass at a time in this process (several instances rely on their own locks), finishing the
 * pass under way before the application shuts down.
 */
export abstract class IntervalJob<TResult> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly intervalMs: number) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.run().catch((error) => this.logger.error({ err: error }, 'scheduled job failed')), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  /** One pass as of `asOf` (now by default), after the one under way. */
  run(asOf: Date = new Date()): Promise<TResult> {
    return this.afterRunning(() => this.pass(asOf));
  }

  /** `work` after the pass under way, and the next pass after it: one at a time in this process. */
  protected afterRunning(work: () => Promise<TResult>): Promise<TResult> {
    const pass = this.running.catch(() => undefined).then(work);
    this.running = pass;
    return pass;
  }

  protected abstract pass(asOf: Date): Promise<TResult>;
}

/**
 * A job whose pass can be confined to some tenants. A test on the shared test database moves the
 * clock ahead this way without touching the rows of suites running beside it.
 */
export abstract class TenantScopedJob<TResult> extends IntervalJob<TResult> {
  /** One pass as of `asOf` over these tenants' rows only, after the one under way. */
  runForTenants(asOf: Date, tenantIds: readonly string[]): Promise<TResult> {
    return this.afterRunning(() => this.passFor(asOf, tenantIds));
  }

  protected pass(asOf: Date): Promise<TResult> {
    return this.passFor(asOf);
  }

  /** One pass as of `asOf`: over every tenant, or only over `tenantIds` when given. */
  protected abstract passFor(asOf: Date, tenantIds?: readonly string[]): Promise<TResult>;
}
