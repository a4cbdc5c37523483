import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

/**
 * A job the platform runs on its own every `intervalMs` (0: never, for tests that run it by hand),
 * finishing the pass under way before the application shuts down.
 */
export abstract class IntervalJob<TResult> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<TResult>;

  constructor(private readonly intervalMs: number) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.run().catch((error) => this.logger.error({ err: error }, 'scheduled job failed')), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass as of `asOf` (now by default). */
  run(asOf: Date = new Date()): Promise<TResult> {
    this.running = this.pass(asOf);
    return this.running;
  }

  protected abstract pass(asOf: Date): Promise<TResult>;
}
