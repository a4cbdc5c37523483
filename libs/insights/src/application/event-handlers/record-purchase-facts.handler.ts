import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, type Tx, unnestRows } from '@loyalty/database';
import {
  applyOnce,
  type Delivery,
  EventTransport,
  keepPointsBalances,
  type IntegrationEvent,
  MEMBER_PROFILE_UPDATED_V1,
  MEMBER_REGISTERED_V1,
  type MemberProfileUpdatedV1,
  type MemberRegisteredV1,
  MERCHANT_CREATED_V1,
  STORE_CREATED_V1,
  type StoreCreatedV1,
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
  STORE_DAILY_SALES_REPORTED_V1,
  type StoreDailySalesReportedV1,
} from '@loyalty/events';
import {
  COUPON_ISSUED_V1,
  COUPON_RETURNED_V1,
  COUPON_USED_V1,
  type CouponIssuedV1,
  type CouponReturnedV1,
  type CouponUsedV1,
  MEMBER_LEVEL_CHANGED_V1,
  type MemberLevelChangedV1,
  STORED_VALUE_CHANGED_V1,
  type StoredValueChangedV1,
} from '@loyalty/programme';
import { RfmEngine, type RfmScope } from '../rfm-engine';

export const INSIGHTS_INBOX = { table: 'insights.inbox_event', consumer: 'insights' };

interface Fact {
  eventId: string;
  tenantId: string;
  merchantId: string;
  storeId: string | null;
  memberId: string;
  kind: 'purchase' | 'reversal';
  orderNo: string | null;
  amountFen: number;
  occurredAt: string;
  happenedAt: string;
}

/** A purchase from points.earned.v1; a refund or return from points.reversed.v1, at its sale's time when known. */
function factOf(event: IntegrationEvent): Fact | null {
  const base = { eventId: event.id, tenantId: event.tenantId };
  if (event.type === POINTS_EARNED_V1) {
    const p = event.payload as unknown as PointsEarnedV1;
    return {
      ...base,
      merchantId: p.merchantId,
      storeId: p.storeId,
      memberId: p.memberId,
      kind: 'purchase',
      orderNo: p.orderNo,
      amountFen: p.amountFen,
      occurredAt: p.occurredAt,
      happenedAt: p.occurredAt,
    };
  }
  if (event.type === POINTS_REVERSED_V1) {
    const p = event.payload as unknown as PointsReversedV1;
    if (p.amountFen <= 0) return null;
    return {
      ...base,
      merchantId: p.merchantId,
      storeId: p.storeId,
      memberId: p.memberId,
      kind: 'reversal',
      orderNo: p.orderNo,
      amountFen: p.amountFen,
      occurredAt: p.originalOccurredAt ?? p.occurredAt,
      happenedAt: p.occurredAt,
    };
  }
  return null;
}

type PointsRow = [eventId: string, tenantId: string, merchantId: string, storeId: string | null, kind: string, points: number, happenedAt: string];

/** Points earned, redeemed, taken back and expired (by the merchant that issued them), for daily reports. */
function pointsOf(event: IntegrationEvent): PointsRow | null {
  const row = (merchantId: string, storeId: string | null, kind: string, points: number, at: string): PointsRow | null =>
    points > 0 ? [event.id, event.tenantId, merchantId, storeId, kind, points, at] : null;
  switch (event.type) {
    case POINTS_EARNED_V1: {
      const p = event.payload as unknown as PointsEarnedV1;
      return row(p.merchantId, p.storeId, 'earned', p.points, p.occurredAt);
    }
    case POINTS_REDEEMED_V1: {
      const p = event.payload as unknown as PointsRedeemedV1;
      return row(p.merchantId, p.storeId, 'redeemed', p.points, p.occurredAt);
    }
    case POINTS_REDEMPTION_REVERSED_V1: {
      const p = event.payload as unknown as PointsRedemptionReversedV1;
      return row(p.merchantId, p.storeId, 'redemption_reversed', p.points, p.occurredAt);
    }
    case POINTS_REVERSED_V1: {
      const p = event.payload as unknown as PointsReversedV1;
      return row(p.merchantId, p.storeId, 'reversed', p.pointsClawedBack + p.pointsOwed, p.occurredAt);
    }
    case POINTS_EXPIRED_V1: {
      const p = event.payload as unknown as PointsExpiredV1;
      return p.issuerMerchantId ? row(p.issuerMerchantId, p.issuerStoreId, 'expired', p.points, p.occurredAt) : null;
    }
    default:
      return null;
  }
}

/** The scopes a fact counts in: its merchant's, and its alliance's when the tenant is an alliance. */
export function scopesOf(fact: { tenantId: string; merchantId: string }): RfmScope[] {
  const merchant: RfmScope = { scopeId: fact.merchantId, tenantId: fact.tenantId, kind: 'merchant' };
  return fact.tenantId === fact.merchantId ? [merchant] : [merchant, { scopeId: fact.tenantId, tenantId: fact.tenantId, kind: 'alliance' }];
}

/**
 * The insights service's consumer: builds its own purchase and points facts and registrations from
 * the members service's events, learns merchants from the tenancy context, and re-scores the members a batch touched in
 * every scope they count in, in one transaction with the inbox claims, so a redelivered event takes
 * effect once.
 */
@Injectable()
export class RecordPurchaseFactsHandler implements OnModuleInit {
  static readonly TYPES = [
    POINTS_EARNED_V1,
    POINTS_REVERSED_V1,
    POINTS_REDEEMED_V1,
    POINTS_REDEMPTION_REVERSED_V1,
    POINTS_EXPIRED_V1,
    MERCHANT_CREATED_V1,
    STORE_CREATED_V1,
    MEMBER_REGISTERED_V1,
    MEMBER_PROFILE_UPDATED_V1,
    STORED_VALUE_CHANGED_V1,
    COUPON_ISSUED_V1,
    COUPON_USED_V1,
    COUPON_RETURNED_V1,
    STORE_DAILY_SALES_REPORTED_V1,
    MEMBER_LEVEL_CHANGED_V1,
  ];

  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly engine: RfmEngine,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(INSIGHTS_INBOX, RecordPurchaseFactsHandler.TYPES, (events, delivery) => this.handle(events, delivery));
  }

  handle(events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    return applyOnce(this.db, INSIGHTS_INBOX, events, delivery, async (tx, applied) => {
      // Every scope this batch re-scores or gives prospects, locked at once (see lockScopes).
      const registered = applied
        .filter((event) => event.type === MEMBER_REGISTERED_V1)
        .map((event) => ({ tenantId: event.tenantId, ...(event.payload as unknown as MemberRegisteredV1) }));
      const facts = applied.map(factOf).filter((fact): fact is Fact => fact !== null);
      await this.engine.lockScopes(
        tx,
        [...registered, ...facts].flatMap((r) => scopesOf(r).map((scope) => scope.scopeId)),
      );
      await this.recordMerchants(tx, applied);
      await this.recordStores(tx, applied);
      await this.recordRegistrations(tx, registered);
      await this.recordProfileUpdates(tx, applied);
      await this.recordPoints(tx, applied);
      await keepPointsBalances(tx, 'insights.member_points', applied);
      await this.recordLevels(tx, applied);
      await this.recordStoredValue(tx, applied);
      await this.recordCoupons(tx, applied);
      await this.recordStoreSales(tx, applied);
      if (facts.length === 0) return;
      const values = unnestRows(
        facts.map((f) => [f.eventId, f.tenantId, f.merchantId, f.storeId, f.memberId, f.kind, f.orderNo, f.amountFen, f.occurredAt, f.happenedAt]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'int8', 'timestamptz', 'timestamptz'],
      );
      await tx.execute(
        `insert into insights.purchase_fact (event_id, tenant_id, merchant_id, store_id, member_id, kind, order_no, amount_fen, occurred_at, happened_at)
         ${values.sql} on conflict (event_id) do nothing`,
        values.params,
      );
      const touched = new Map<string, { scope: RfmScope; members: Set<string> }>();
      for (const fact of facts) {
        for (const scope of scopesOf(fact)) {
          const entry = touched.get(scope.scopeId) ?? { scope, members: new Set<string>() };
          entry.members.add(fact.memberId);
          touched.set(scope.scopeId, entry);
        }
      }
      await this.engine.refreshMembers(tx, [...touched.values()].map(({ scope, members }) => ({ scope, memberIds: [...members] })));
    });
  }

  /**
   * A profile changed after registration (completed at the till or by an import, or corrected):
   * the gender and birthday segments read. The event carries the whole profile after the change,
   * so a cleared birthday or a gender made unknown is cleared here too.
   */
  private async recordProfileUpdates(tx: Tx, applied: IntegrationEvent[]): Promise<void> {
    // The latest change of each member: an update statement takes one row per member.
    const latest = new Map(
      applied.filter((e) => e.type === MEMBER_PROFILE_UPDATED_V1).map((e) => [(e.payload as unknown as MemberProfileUpdatedV1).memberId, e.payload as unknown as MemberProfileUpdatedV1]),
    );
    if (latest.size === 0) return;
    const values = unnestRows([...latest.values()].map((p) => [p.memberId, p.gender, p.birthday]), ['uuid', 'text', 'date']);
    await tx.execute(
      `update insights.member_registration g set gender = v.gender, birthday = v.birthday
       from (${values.sql}) as v(member_id, gender, birthday) where g.member_id = v.member_id`,
      values.params,
    );
  }

  /** Registrations with the profile they carry; each new member gets their row in the scopes they registered in at once. */
  private async recordRegistrations(tx: Tx, registrations: (MemberRegisteredV1 & { tenantId: string })[]): Promise<void> {
    if (registrations.length === 0) return;
    const values = unnestRows(
      registrations.map((r) => [r.memberId, r.tenantId, r.merchantId, r.storeId, r.registeredAt, r.gender ?? null, r.birthday ?? null]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'timestamptz', 'text', 'date'],
    );
    await tx.execute(
      `insert into insights.member_registration (member_id, tenant_id, merchant_id, store_id, registered_at, gender, birthday) ${values.sql} on conflict do nothing`,
      values.params,
    );
    const touched = new Map<string, { scope: RfmScope; members: string[] }>();
    for (const r of registrations) {
      for (const scope of scopesOf(r)) touched.set(scope.scopeId, { scope, members: [...(touched.get(scope.scopeId)?.members ?? []), r.memberId] });
    }
    for (const { scope, members } of touched.values()) await this.engine.refreshProspects(tx, scope, members);
  }

  /** Each member's level per scheme scope (the merchant's own, or the alliance's: the tenant), the latest change standing. */
  private async recordLevels(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const changes = events
      .filter((event) => event.type === MEMBER_LEVEL_CHANGED_V1)
      .map((event) => {
        const p = event.payload as unknown as MemberLevelChangedV1;
        return [p.memberId, p.merchantId ?? event.tenantId, event.tenantId, p.toCode, p.occurredAt];
      });
    if (changes.length === 0) return;
    const values = unnestRows(changes, ['uuid', 'uuid', 'uuid', 'text', 'timestamptz']);
    await tx.execute(
      `insert into insights.level_fact (member_id, scope_id, tenant_id, level_code, changed_at)
       select distinct on (member_id, scope_id) * from (${values.sql}) as v (member_id, scope_id, tenant_id, level_code, changed_at)
       order by member_id, scope_id, changed_at desc
       on conflict (member_id, scope_id) do update set level_code = excluded.level_code, changed_at = excluded.changed_at
       where insights.level_fact.changed_at <= excluded.changed_at`,
      values.params,
    );
  }

  private async recordPoints(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const rows = events.map(pointsOf).filter((row): row is PointsRow => row !== null);
    if (rows.length === 0) return;
    const values = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'timestamptz']);
    await tx.execute(
      `insert into insights.points_fact (event_id, tenant_id, merchant_id, store_id, kind, points, happened_at) ${values.sql} on conflict do nothing`,
      values.params,
    );
  }

  private async recordStoredValue(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const rows = events
      .filter((event) => event.type === STORED_VALUE_CHANGED_V1)
      .map((event) => {
        const p = event.payload as unknown as StoredValueChangedV1;
        return [event.id, event.tenantId, p.merchantId, p.storeId, p.memberId, p.kind, p.principalDeltaFen, p.bonusDeltaFen, p.occurredAt];
      });
    if (rows.length === 0) return;
    const values = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'int8', 'timestamptz']);
    await tx.execute(
      `insert into insights.stored_value_fact (event_id, tenant_id, merchant_id, store_id, member_id, kind, principal_delta_fen, bonus_delta_fen, happened_at)
       ${values.sql} on conflict do nothing`,
      values.params,
    );
  }

  private async recordCoupons(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const rows = events.flatMap((event) => {
      if (event.type === COUPON_ISSUED_V1) {
        const p = event.payload as unknown as CouponIssuedV1;
        return [[event.id, event.tenantId, p.merchantId, p.storeId, p.memberId, 'issued', null, p.issuedAt]];
      }
      if (event.type === COUPON_USED_V1) {
        const p = event.payload as unknown as CouponUsedV1;
        return [[event.id, event.tenantId, p.merchantId, p.storeId, p.memberId, 'used', p.discountFen, p.usedAt]];
      }
      if (event.type === COUPON_RETURNED_V1) {
        const p = event.payload as unknown as CouponReturnedV1;
        return [[event.id, event.tenantId, p.merchantId, p.storeId, p.memberId, 'returned', p.discountFen, p.returnedAt]];
      }
      return [];
    });
    if (rows.length === 0) return;
    const values = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'timestamptz']);
    await tx.execute(
      `insert into insights.coupon_fact (event_id, tenant_id, merchant_id, store_id, member_id, kind, discount_fen, happened_at) ${values.sql} on conflict do nothing`,
      values.params,
    );
  }

  /** A store's day as its till reported it; a later report (by its time) replaces an earlier one, whatever order they arrive in. */
  private async recordStoreSales(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const latest = new Map<string, { tenantId: string; report: StoreDailySalesReportedV1 }>();
    for (const event of events.filter((e) => e.type === STORE_DAILY_SALES_REPORTED_V1)) {
      const report = event.payload as unknown as StoreDailySalesReportedV1;
      const key = `${report.storeId}:${report.day}`;
      if ((latest.get(key)?.report.reportedAt ?? '') <= report.reportedAt) latest.set(key, { tenantId: event.tenantId, report });
    }
    if (latest.size === 0) return;
    const values = unnestRows(
      [...latest.values()].map(({ tenantId, report: r }) => [r.storeId, r.day, tenantId, r.merchantId, r.salesFen, r.orders, r.reportedAt]),
      ['uuid', 'date', 'uuid', 'uuid', 'int8', 'int4', 'timestamptz'],
    );
    await tx.execute(
      `insert into insights.store_sales (store_id, day, tenant_id, merchant_id, sales_fen, orders, reported_at) ${values.sql}
       on conflict (store_id, day) do update set sales_fen = excluded.sales_fen, orders = excluded.orders, reported_at = excluded.reported_at
       where insights.store_sales.reported_at <= excluded.reported_at`,
      values.params,
    );
  }

  private async recordStores(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const stores = events
      .filter((event) => event.type === STORE_CREATED_V1)
      .map((event) => {
        const p = event.payload as unknown as StoreCreatedV1;
        return [p.storeId, event.tenantId, p.merchantId, p.name, p.createdAt];
      });
    if (stores.length === 0) return;
    const values = unnestRows(stores, ['uuid', 'uuid', 'uuid', 'text', 'timestamptz']);
    await tx.execute(`insert into insights.store (id, tenant_id, merchant_id, name, created_at) ${values.sql} on conflict (id) do update set name = excluded.name`, values.params);
  }

  private async recordMerchants(tx: Tx, events: IntegrationEvent[]): Promise<void> {
    const merchants = events
      .filter((event) => event.type === MERCHANT_CREATED_V1)
      .map((event) => {
        const p = event.payload as unknown as MerchantCreatedV1;
        return [p.merchantId, event.tenantId, p.allianceId, p.name, p.timeZone, p.createdAt];
      });
    if (merchants.length === 0) return;
    const values = unnestRows(merchants, ['uuid', 'uuid', 'uuid', 'text', 'text', 'timestamptz']);
    await tx.execute(
      `insert into insights.merchant (id, tenant_id, alliance_id, name, time_zone, created_at) ${values.sql}
       on conflict (id) do update set name = excluded.name, time_zone = excluded.time_zone`,
      values.params,
    );
  }
}
