import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { appendToOutbox, OutboxRelay, POINTS_EXPIRING_V1, type PointsExpiringV1 } from '@loyalty/events';
import { LedgerService } from '@loyalty/ledger';
import { IntervalJob, type RequestContext } from '@loyalty/shared';

export const POINTS_EXPIRY_OPTIONS = Symbol('POINTS_EXPIRY_OPTIONS');
export interface PointsExpiryOptions {
  /** How often the sweep runs; 0 turns it off. */
  intervalMs: number;
  /** Members are reminded of points expiring within this many days; 0 turns reminders off. */
  reminderDays: number;
}

const DAY_MS = 86_400_000;

/**
 * 积分清零: moves points past their expiry to breakage on a schedule, so breakage is booked for
 * clearing even for members who never come back, and reminds members of points about to expire
 * (`points.expiring.v1`, once per lot, for notifications). Purchases and redemptions expire a
 * member's due lots themselves; this catches the rest. Safe with several instances (SKIP LOCKED
 * per account; a lot is marked reminded in the transaction that writes its reminder).
 */
@Injectable()
export class PointsExpiryScheduler extends IntervalJob<number> {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
    private readonly relay: OutboxRelay,
    @Inject(POINTS_EXPIRY_OPTIONS) private readonly options: PointsExpiryOptions,
  ) {
    super(options.intervalMs);
  }

  /** Expires everything due, in batches of accounts, then writes the reminders; returns the points expired. */
  protected async pass(asOf: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.db.asSystem((tx) => this.ledger.expireDueLots(tx, asOf, `expiry-sweep-${asOf.toISOString()}`));
      total += expired;
      if (expired === 0) break;
    }
    const reminded = this.options.reminderDays > 0 ? await this.remind(asOf) : 0;
    if (total > 0) this.logger.log({ points: total }, 'expired points swept to breakage');
    if (total > 0 || reminded > 0) this.relay.wake();
    return total;
  }

  /** One reminder per member with points expiring within the window that were not reminded of yet. */
  private remind(asOf: Date): Promise<number> {
    return this.db.asSystem(async (tx) => {
      const due = await this.ledger.markExpiringLots(tx, asOf, new Date(asOf.getTime() + this.options.reminderDays * DAY_MS));
      for (const tenantId of new Set(due.map((d) => d.tenantId))) {
        const ctx: RequestContext = { tenantId, merchantId: null, storeId: null, actorId: 'system', roles: ['PLATFORM_ADMIN'], correlationId: `expiry-reminder-${asOf.toISOString()}` };
        await appendToOutbox(
          tx,
          ctx,
          due
            .filter((d) => d.tenantId === tenantId)
            .map((d) => ({
              type: POINTS_EXPIRING_V1,
              key: d.memberId,
              occurredAt: asOf,
              payload: {
                memberId: d.memberId,
                points: d.points,
                firstExpiresAt: d.firstExpiresAt.toISOString(),
                lastExpiresAt: d.lastExpiresAt.toISOString(),
                remindedAt: asOf.toISOString(),
              } satisfies PointsExpiringV1,
            })),
        );
      }
      return due.length;
    });
  }
}
