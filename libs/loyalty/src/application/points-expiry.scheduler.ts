import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { LedgerService } from '@loyalty/ledger';

export const POINTS_EXPIRY_INTERVAL_MS = Symbol('POINTS_EXPIRY_INTERVAL_MS');

/**
 * 积分清零: moves points past their expiry to breakage on a schedule, so breakage is booked for
 * clearing even for members who never come back. Purchases and redemptions expire a member's due
 * lots themselves; this catches the rest. Safe with several instances (SKIP LOCKED per account).
 */
@Injectable()
export class PointsExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PointsExpiryScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
    private readonly relay: OutboxRelay,
    @Inject(POINTS_EXPIRY_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep().catch((error) => this.logger.error({ err: error }, 'points expiry sweep failed')), this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires everything due now, in batches of accounts; returns the points expired. */
  async sweep(asOf: Date = new Date()): Promise<number> {
    this.running = (async () => {
      let total = 0;
      for (;;) {
        const expired = await this.db.asSystem((tx) => this.ledger.expireDueLots(tx, asOf, `expiry-sweep-${asOf.toISOString()}`));
        total += expired;
        if (expired === 0) break;
      }
      if (total > 0) {
        this.logger.log({ points: total }, 'expired points swept to breakage');
        this.relay.wake();
      }
      return total;
    })();
    return this.running;
  }
}
