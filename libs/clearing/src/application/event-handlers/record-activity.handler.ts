import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, type Tx, unnestRows } from '@loyalty/database';
import {
  applyOnce,
  type Delivery,
  EventTransport,
  type IntegrationEvent,
  MERCHANT_CREATED_V1,
  type MerchantCreatedV1,
  POINTS_EARNED_V1,
  POINTS_EXPIRED_V1,
  POINTS_REDEEMED_V1,
  POINTS_REVERSED_V1,
  POINTS_REDEMPTION_REVERSED_V1,
  type PointsRedemptionReversedV1,
  type PointsEarnedV1,
  type PointsExpiredV1,
  type PointsRedeemedV1,
  type PointsReversedV1,
  STORE_CREATED_V1,
  type StoreCreatedV1,
} from '@loyalty/events';
import type { ActivityKind } from '../../domain/clearing-terms';

export const CLEARING_INBOX = { table: 'clearing.inbox_event', consumer: 'clearing' };

interface ActivityRow {
  id: string;
  tenantId: string;
  merchantId: string;
  storeId: string | null;
  kind: ActivityKind;
  points: number;
  occurredAt: string;
}

/** What the members service's events mean to clearing: points issued, reversed, redeemed, expired per merchant. */
function activityOf(event: IntegrationEvent): ActivityRow | null {
  const base = { id: event.id, tenantId: event.tenantId };
  switch (event.type) {
    case POINTS_EARNED_V1: {
      const p = event.payload as unknown as PointsEarnedV1;
      return p.points > 0 ? { ...base, merchantId: p.merchantId, storeId: p.storeId, kind: 'ISSUED', points: p.points, occurredAt: p.occurredAt } : null;
    }
    case POINTS_REDEEMED_V1: {
      const p = event.payload as unknown as PointsRedeemedV1;
      return { ...base, merchantId: p.merchantId, storeId: p.storeId, kind: 'REDEEMED', points: p.points, occurredAt: p.occurredAt };
    }
    case POINTS_REVERSED_V1: {
      // Points taken back, and those already spent that the member now owes: both were issued for a
      // refunded sale. A refund corrects its sale's period (valued at that time's price, and an
      // adjustment when that period is closed); a return without its order belongs to its own time.
      const p = event.payload as unknown as PointsReversedV1;
      const points = p.pointsClawedBack + p.pointsOwed;
      return points > 0 ? { ...base, merchantId: p.merchantId, storeId: p.storeId, kind: 'REVERSED', points, occurredAt: p.originalOccurredAt ?? p.occurredAt } : null;
    }
    case POINTS_REDEMPTION_REVERSED_V1: {
      // A refund gave back points its order redeemed: the redemption is undone in its own period.
      const p = event.payload as unknown as PointsRedemptionReversedV1;
      return { ...base, merchantId: p.merchantId, storeId: p.storeId, kind: 'REDEMPTION_REVERSED', points: p.points, occurredAt: p.originalOccurredAt };
    }
    case POINTS_EXPIRED_V1: {
      const p = event.payload as unknown as PointsExpiredV1;
      return p.issuerMerchantId && p.points > 0
        ? { ...base, merchantId: p.issuerMerchantId, storeId: p.issuerStoreId, kind: 'EXPIRED', points: p.points, occurredAt: p.occurredAt }
        : null;
    }
    default:
      return null;
  }
}

/**
 * The clearing service's consumer: records each points event as activity, and the merchants and
 * stores the tenancy context announces as parties, in one transaction per delivered batch with the
 * inbox, so a redelivered event takes effect once.
 */
@Injectable()
export class RecordActivityHandler implements OnModuleInit {
  static readonly TYPES = [POINTS_EARNED_V1, POINTS_REDEEMED_V1, POINTS_REDEMPTION_REVERSED_V1, POINTS_REVERSED_V1, POINTS_EXPIRED_V1, MERCHANT_CREATED_V1, STORE_CREATED_V1];

  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(CLEARING_INBOX, RecordActivityHandler.TYPES, (events, delivery) => this.handle(events, delivery));
  }

  handle(events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    return applyOnce(this.db, CLEARING_INBOX, events, delivery, async (tx, applied) => {
      await this.recordParties(tx, applied);
      const activity = applied.map(activityOf).filter((row): row is ActivityRow => row !== null);
      if (activity.length === 0) return;
      const values = unnestRows(
        activity.map((a) => [a.id, a.tenantId, a.merchantId, a.storeId, a.kind, a.points, a.occurredAt]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'timestamptz'],
      );
      await tx.execute(`insert into clearing.activity (id, tenant_id, merchant_id, store_id, kind, points, occurred_at) ${values.sql}`, values.params);
    });
  }

  private async recordParties(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const parties = events.flatMap((event) => {
      if (event.type === MERCHANT_CREATED_V1) {
        const p = event.payload as unknown as MerchantCreatedV1;
        return [[p.merchantId, event.tenantId, 'merchant', p.merchantId, p.name, p.createdAt]];
      }
      if (event.type === STORE_CREATED_V1) {
        const p = event.payload as unknown as StoreCreatedV1;
        return [[p.storeId, event.tenantId, 'store', p.merchantId, p.name, p.createdAt]];
      }
      return [];
    });
    if (parties.length === 0) return;
    const values = unnestRows(parties, ['uuid', 'uuid', 'text', 'uuid', 'text', 'timestamptz']);
    await tx.execute(
      `insert into clearing.party (id, tenant_id, kind, merchant_id, name, created_at) ${values.sql}
       on conflict (id) do update set name = excluded.name`,
      values.params,
    );
  }
}
