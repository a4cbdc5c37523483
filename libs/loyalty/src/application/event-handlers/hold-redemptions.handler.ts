import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, unnestRows } from '@loyalty/database';
import { ANOMALY_DETECTED_V1, type AnomalyDetectedV1, applyOnce, CORE_INBOX_TABLE, type Delivery, EventTransport, type IntegrationEvent } from '@loyalty/events';

export const HOLD_REDEMPTIONS_CONSUMER = 'loyalty.redemption-holds';
const INBOX = { table: CORE_INBOX_TABLE, consumer: HOLD_REDEMPTIONS_CONSUMER };

/**
 * Holds a member's redemptions at a merchant when the notifications service reports an anomaly of
 * a rule the merchant set to hold (anomaly.detected.v1): one hold per anomaly, applied once through
 * the inbox. Anomalies that do not hold are not the members service's business.
 */
@Injectable()
export class HoldRedemptionsHandler implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(INBOX, [ANOMALY_DETECTED_V1], (events, delivery) => this.handle(events, delivery));
  }

  handle(events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    return applyOnce(this.db, INBOX, events, delivery, async (tx, fresh) => {
      const holds = fresh
        .map((event) => ({ tenantId: event.tenantId, ...(event.payload as unknown as AnomalyDetectedV1) }))
        .filter((anomaly) => anomaly.holdRedemptions);
      if (holds.length === 0) return;
      const values = unnestRows(
        holds.map((h) => [h.anomalyId, h.tenantId, h.merchantId, h.memberId, h.storeId, h.rule, h.detail, h.occurredAt]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'timestamptz'],
      );
      await tx.execute(
        `insert into redemption_hold (id, tenant_id, merchant_id, member_id, store_id, rule, detail, occurred_at, held_at)
         select *, now() from (${values.sql}) as v on conflict (id) do nothing`,
        values.params,
      );
    });
  }
}
