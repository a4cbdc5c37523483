import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { LedgerService } from '@loyalty/ledger';
import { IntervalJob } from '@loyalty/shared';

export const POINTS_EXPIRY_OPTIONS = Symbol('POINTS_EXPIRY_OPTIONS');
export interface PointsExpiryOptions {
  /** How often the sweep runs; 0 turns it off. */
  intervalMs: number;
}

/**
 * 积分清零: moves points past their expiry to breakage on a schedule, so breakage is booked for
 * clearing even for members who never come back. Purchases and redemptions expire a member's due
 * lots themselves; this catches the rest. Safe with several instances (SKIP LOCKED per account).
 */
@Injectable()
export class PointsExpiryScheduler extends IntervalJob<number> {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
    private readonly relay: OutboxRelay,
    @Inject(POINTS_EXPIRY_OPTIONS) options: PointsExpiryOptions,
  ) {
    super(options.intervalMs);
  }

  /** Expires everything due, in batches of accounts; returns the points expired. */
  protected async pass(asOf: Date): Promise<number> {
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
  }
}
