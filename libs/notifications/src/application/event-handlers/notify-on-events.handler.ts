import { Injectable, type OnModuleInit } from '@nestjs/common';
import { afterCommit, Db, encodeBinaryArray, type Tx, unnestRows } from '@loyalty/database';
import {
  applyOnce,
  dailyReportDaysCsv,
  EventTransport,
  type DailyReportFiguresV1,
  formatShare,
  INSIGHTS_ALLIANCE_DAILY_REPORT_V1,
  INSIGHTS_DAILY_REPORT_V1,
  INSIGHTS_STORE_DAILY_REPORT_V1,
  type InsightsAllianceDailyReportV1,
  type InsightsDailyReportV1,
  type InsightsStoreDailyReportV1,
  type IntegrationEvent,
  MEMBER_PROFILE_UPDATED_V1,
  MEMBER_REGISTERED_V1,
  MERCHANT_CREATED_V1,
  type MemberProfileUpdatedV1,
  type MemberRegisteredV1,
  type MerchantCreatedV1,
  POINTS_EARNED_V1,
  POINTS_EXPIRED_V1,
  POINTS_REDEEMED_V1,
  POINTS_REDEMPTION_REVERSED_V1,
  POINTS_REVERSED_V1,
  type PointsEarnedV1,
  keepPointsBalances,
  STORE_CREATED_V1,
  type StoreCreatedV1,
} from '@loyalty/events';
import { MEMBER_LEVEL_CHANGED_V1, type MemberLevelChangedV1, STORED_VALUE_CHANGED_V1, type StoredValueChangedV1 } from '@loyalty/programme';
import { formatYuan, localDateOf, localDateTimeOf } from '@loyalty/shared';
import { AnomalyDetector } from '../anomaly-detector';
import { MessageComposer, type Occasion } from '../message-composer';
import { NotificationDispatcher } from '../notification-dispatcher';

/** A movement a member is told of: by which merchant, by which trigger, with its values (some need the merchant's zone). */
interface Alert {
  event: Pick<IntegrationEvent, 'id' | 'tenantId'>;
  merchantId: string;
  memberId: string;
  trigger: string;
  occurredAt: string;
  values: Record<string, string | number> | ((timeZone: string) => Record<string, string | number>);
}

export const NOTIFICATIONS_INBOX = { table: 'notifications.inbox_event', consumer: 'notifications' };

/** Transaction alerts are for movements of the last day; older ones arrive from imports and offline tills. */
export const ALERT_MAX_AGE_MS = 24 * 3600 * 1000;

/** The zone an alliance's notifications are dated in: it has none of its own. */
const ALLIANCE_TIME_ZONE = 'Asia/Shanghai';

/**
 * A merchant's daily report for its staff, an alliance's for its operator, or a store's for the
 * store's report address; the e-mail carries the day as the report's CSV (the export's own file).
 */
function reportOccasion(event: IntegrationEvent, store?: { name: string; reportEmail: string }): Occasion {
  const r = event.payload as unknown as DailyReportFiguresV1 & Partial<InsightsDailyReportV1 & InsightsAllianceDailyReportV1>;
  const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : formatYuan(fen));
  const csv = dailyReportDaysCsv([r]);
  return {
    source: event.id,
    tenantId: event.tenantId,
    merchantId: r.merchantId ?? r.allianceId!,
    memberId: null,
    trigger: 'daily_report',
    store,
    attachment: { filename: `营业日报-${store ? `${store.name}-` : ''}${r.day}.csv`, contentType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(csv, 'utf8').toString('base64') },
    values: {
      storeName: store?.name ?? '',
      day: r.day,
      purchases: r.purchases,
      salesYuan: formatYuan(r.salesFen),
      refundsYuan: formatYuan(r.refundsFen),
      netSalesYuan: formatYuan(r.netSalesFen),
      buyers: r.buyers,
      newMembers: r.newMembers,
      pointsEarned: r.pointsEarned,
      pointsRedeemed: r.pointsRedeemed,
      pointsExpired: r.pointsExpired,
      previousDayNetSalesYuan: formatYuan(r.previousDayNetSalesFen),
      trailing7DayNetSalesYuan: formatYuan(r.trailing7DayNetSalesFen),
      storedValueRechargedYuan: yuan(r.storedValueRechargedFen),
      storedValueUsedYuan: yuan(r.storedValueUsedFen),
      couponsIssued: r.couponsIssued ?? '',
      couponsUsed: r.couponsUsed ?? '',
      reportedSalesYuan: yuan(r.reportedSalesFen),
      memberShare: formatShare(r.memberShareBps),
    },
    at: new Date(),
  };
}

/** The stored-value movements members are told of, by the trigger that tells them. */
const STORED_VALUE_TRIGGERS: Partial<Record<StoredValueChangedV1['kind'], string>> = { recharge: 'stored_value_recharge', payment: 'stored_value_payment' };

/** 储值提醒: a recharge (principal paid in, bonus given) or a balance payment, with the balance after. */
function storedValueValues(p: StoredValueChangedV1): Record<string, string | number> {
  const moved = p.principalDeltaFen + p.bonusDeltaFen;
  return {
    amountYuan: formatYuan(p.kind === 'recharge' ? p.principalDeltaFen : -moved),
    bonusYuan: formatYuan(p.bonusDeltaFen),
    balanceYuan: formatYuan(p.principalBalanceAfter + p.bonusBalanceAfter),
    orderNo: p.orderNo,
  };
}

const LEVEL_CHANGES: Partial<Record<MemberLevelChangedV1['reason'], string>> = { UPGRADE: '升级', DOWNGRADE: '降级', MANUAL: '调整' };

/**
 * The notifications service's consumer: learns merchants and alliances, members' contacts and
 * profiles, points lots and balances from the events; turns each recent purchase, recharge and
 * balance payment into a transaction alert and each level change into a notice by the merchant's
 * templates, checks purchases and redemptions against its anomaly rules and passes each daily
 * report on to its staff or operator; in one transaction per delivered batch with the inbox claims.
 */
@Injectable()
export class NotifyOnEventsHandler implements OnModuleInit {
  static readonly TYPES = [
    MERCHANT_CREATED_V1,
    STORE_CREATED_V1,
    MEMBER_REGISTERED_V1,
    MEMBER_PROFILE_UPDATED_V1,
    POINTS_EARNED_V1,
    POINTS_REDEEMED_V1,
    POINTS_REDEMPTION_REVERSED_V1,
    POINTS_REVERSED_V1,
    POINTS_EXPIRED_V1,
    STORED_VALUE_CHANGED_V1,
    MEMBER_LEVEL_CHANGED_V1,
    INSIGHTS_DAILY_REPORT_V1,
    INSIGHTS_ALLIANCE_DAILY_REPORT_V1,
    INSIGHTS_STORE_DAILY_REPORT_V1,
  ];

  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly composer: MessageComposer,
    private readonly dispatcher: NotificationDispatcher,
    private readonly anomalies: AnomalyDetector,
  ) {}

  onModuleInit(): void {
    this.onEvents(NOTIFICATIONS_INBOX.consumer, NotifyOnEventsHandler.TYPES, (tx, events) => this.apply(tx, events));
  }

  /**
   * Turns events of `types` into occasions: a consumer of its own (`consumer`, a name of its own)
   * whose delivered batches are applied once through the notifications inbox, the occasions composed
   * into messages by the merchants' templates in the same transaction. How an industry plugin makes
   * its events (a pet-store purchase, a prescription) into reminders of a trigger it defined: call at
   * module init, before the transport starts.
   */
  onEvents(consumer: string, types: readonly string[], occasionsOf: (tx: Tx, events: IntegrationEvent[]) => Promise<Occasion[]>): void {
    const inbox = { table: NOTIFICATIONS_INBOX.table, consumer };
    this.transport.subscribe(inbox, types, (events, delivery) =>
      applyOnce(this.db, inbox, events, delivery, async (tx, fresh) => {
        const occasions = await occasionsOf(tx, fresh);
        if ((await this.composer.compose(tx, occasions)) > 0) afterCommit(tx, () => this.dispatcher.wake());
      }),
    );
  }

  /** What the core's events teach the service, and the occasions they are. */
  private async apply(tx: Tx, applied: IntegrationEvent[]): Promise<Occasion[]> {
    const of = <T>(type: string) => applied.filter((e) => e.type === type) as IntegrationEvent<T & Record<string, unknown>>[];
    await this.recordMerchants(tx, of<MerchantCreatedV1>(MERCHANT_CREATED_V1));
    await this.recordStores(tx, of<StoreCreatedV1>(STORE_CREATED_V1));
    await this.recordMembers(
      tx,
      applied.filter((e) => e.type === MEMBER_REGISTERED_V1 || e.type === MEMBER_PROFILE_UPDATED_V1) as IntegrationEvent<
        (MemberRegisteredV1 | MemberProfileUpdatedV1) & Record<string, unknown>
      >[],
    );
    const earned = of<PointsEarnedV1>(POINTS_EARNED_V1);
    await this.recordLots(tx, earned);
    await keepPointsBalances(tx, 'notifications.member_contact', applied);
    const alerts: Alert[] = [
      ...earned.map(({ payload: p, ...e }) => ({
        event: e,
        merchantId: p.merchantId,
        memberId: p.memberId,
        trigger: 'purchase',
        occurredAt: p.occurredAt,
        values: { amountYuan: formatYuan(p.amountFen), orderNo: p.orderNo, points: p.points, balance: p.balanceAfter },
      })),
      ...of<StoredValueChangedV1>(STORED_VALUE_CHANGED_V1).flatMap(({ payload: p, ...e }) => {
        const trigger = STORED_VALUE_TRIGGERS[p.kind];
        return trigger ? [{ event: e, merchantId: p.merchantId, memberId: p.memberId, trigger, occurredAt: p.occurredAt, values: storedValueValues(p) }] : [];
      }),
      ...(await this.levelAlerts(tx, of<MemberLevelChangedV1>(MEMBER_LEVEL_CHANGED_V1))),
    ];
    const zones = await this.zonesOf(tx, alerts.map((a) => a.merchantId));
    // A movement brought in late (history import, an offline till) is not news to the member.
    const now = Date.now();
    const occasions: Occasion[] = alerts
      .filter((a) => now - Date.parse(a.occurredAt) <= ALERT_MAX_AGE_MS)
      .map((a) => {
        const zone = zones.get(a.merchantId) ?? 'Asia/Shanghai';
        const values = typeof a.values === 'function' ? a.values(zone) : a.values;
        return {
          source: a.event.id,
          tenantId: a.event.tenantId,
          merchantId: a.merchantId,
          memberId: a.memberId,
          trigger: a.trigger,
          values: { ...values, time: localDateTimeOf(new Date(a.occurredAt), zone) },
          at: new Date(),
        };
      });
    occasions.push(
      ...(await this.anomalies.detect(tx, applied)),
      ...applied.filter((e) => e.type === INSIGHTS_DAILY_REPORT_V1 || e.type === INSIGHTS_ALLIANCE_DAILY_REPORT_V1).map((e) => reportOccasion(e)),
      ...(await this.storeReports(tx, of<InsightsStoreDailyReportV1>(INSIGHTS_STORE_DAILY_REPORT_V1))),
    );
    return occasions;
  }

  /** Each store's daily report, for the stores that have a report address. */
  private async storeReports(tx: Tx, events: IntegrationEvent<InsightsStoreDailyReportV1 & Record<string, unknown>>[]): Promise<Occasion[]> {
    if (events.length === 0) return [];
    const stores = new Map(
      (
        await tx.execute<{ id: string; name: string; reportEmail: string }[]>(
          `select id, name, report_email as "reportEmail" from notifications.store where id = any(?::uuid[]) and report_email is not null`,
          [encodeBinaryArray('uuid', events.map((e) => e.payload.storeId))],
        )
      ).map((s) => [s.id, s]),
    );
    return events.flatMap((e) => {
      const store = stores.get(e.payload.storeId);
      return store ? [reportOccasion(e, store)] : [];
    });
  }

  private async recordStores(tx: Tx, events: IntegrationEvent<StoreCreatedV1 & Record<string, unknown>>[]): Promise<void> {
    if (events.length === 0) return;
    const values = unnestRows(
      events.map((e) => [e.payload.storeId, e.tenantId, e.payload.merchantId, e.payload.name]),
      ['uuid', 'uuid', 'uuid', 'text'],
    );
    await tx.execute(`insert into notifications.store (id, tenant_id, merchant_id, name) ${values.sql} on conflict (id) do update set name = excluded.name`, values.params);
  }

  /**
   * 等级变动通知: a level raised, lowered or changed by staff (a retained level is no news). A
   * merchant's scheme speaks as that merchant; the alliance's scheme as the merchant the member
   * registered at.
   */
  private async levelAlerts(tx: Tx, events: IntegrationEvent<MemberLevelChangedV1 & Record<string, unknown>>[]): Promise<Alert[]> {
    const changes = events.filter((e) => LEVEL_CHANGES[e.payload.reason]);
    if (changes.length === 0) return [];
    const homes = new Map(
      (
        await tx.execute<{ memberId: string; merchantId: string }[]>(
          `select member_id as "memberId", home_merchant_id as "merchantId" from notifications.member_contact where member_id = any(?::uuid[]) and home_merchant_id is not null`,
          [encodeBinaryArray('uuid', changes.map((e) => e.payload.memberId))],
        )
      ).map((row) => [row.memberId, row.merchantId]),
    );
    return changes.flatMap((e) => {
      const p = e.payload;
      const merchantId = p.merchantId ?? homes.get(p.memberId);
      if (!merchantId) return [];
      const values = (zone: string) => ({
        change: LEVEL_CHANGES[p.reason]!,
        fromLevel: p.fromName ?? p.fromCode ?? '',
        toLevel: p.toName ?? p.toCode,
        validUntil: p.validUntil ? localDateOf(new Date(p.validUntil), zone) : '长期有效',
      });
      return [{ event: e, merchantId, memberId: p.memberId, trigger: 'level_change', occurredAt: p.occurredAt, values }];
    });
  }

  private async zonesOf(tx: Tx, merchantIds: string[]): Promise<Map<string, string>> {
    if (merchantIds.length === 0) return new Map();
    const rows = await tx.execute<{ id: string; timeZone: string }[]>(`select id, time_zone as "timeZone" from notifications.merchant where id = any(?::uuid[])`, [
      encodeBinaryArray('uuid', [...new Set(merchantIds)]),
    ]);
    return new Map(rows.map((r) => [r.id, r.timeZone]));
  }

  private async recordMerchants(tx: Tx, events: IntegrationEvent<MerchantCreatedV1 & Record<string, unknown>>[]): Promise<void> {
    if (events.length === 0) return;
    const values = unnestRows(
      events.map((e) => [e.payload.merchantId, e.tenantId, e.payload.name, e.payload.timeZone, 'merchant']),
      ['uuid', 'uuid', 'text', 'text', 'text'],
    );
    await tx.execute(
      `insert into notifications.merchant (id, tenant_id, name, time_zone, kind) ${values.sql}
       on conflict (id) do update set name = excluded.name, time_zone = excluded.time_zone`,
      values.params,
    );
    // The alliance a merchant joined speaks to its operator (daily reports), by the name its merchants' events give it.
    const alliances = [...new Map(events.filter((e) => e.payload.allianceId && e.payload.allianceName).map((e) => [e.payload.allianceId!, e])).values()];
    if (alliances.length === 0) return;
    const rows = unnestRows(
      alliances.map((e) => [e.payload.allianceId, e.tenantId, e.payload.allianceName, ALLIANCE_TIME_ZONE, 'alliance']),
      ['uuid', 'uuid', 'text', 'text', 'text'],
    );
    await tx.execute(
      `insert into notifications.merchant (id, tenant_id, name, time_zone, kind) ${rows.sql} on conflict (id) do update set name = excluded.name`,
      rows.params,
    );
  }

  /**
   * Members' contacts, from their registration and from each change of their profile. A change
   * carries the whole profile after it, so a name or a birthday cleared is cleared here (no more
   * birthday care); a registration delivered again fills only what the contact lacks.
   */
  private async recordMembers(tx: Tx, events: IntegrationEvent<(MemberRegisteredV1 | MemberProfileUpdatedV1) & Record<string, unknown>>[]): Promise<void> {
    if (events.length === 0) return;
    // One row per member: a statement's upsert may not touch a row twice (a registration and its change in one batch).
    const contacts = new Map<string, { tenantId: string; phone: string | null; homeMerchantId: string; name: string | null; birthday: string | null; changed: boolean }>();
    for (const { tenantId, type, payload: p } of events) {
      const known = contacts.get(p.memberId);
      const changed = type === MEMBER_PROFILE_UPDATED_V1;
      contacts.set(p.memberId, {
        tenantId,
        phone: p.phone ?? known?.phone ?? null,
        homeMerchantId: known?.homeMerchantId ?? p.merchantId,
        name: changed ? (p.name ?? null) : (p.name ?? known?.name ?? null),
        birthday: changed ? (p.birthday ?? null) : (p.birthday ?? known?.birthday ?? null),
        changed: changed || (known?.changed ?? false),
      });
    }
    for (const changed of [false, true]) {
      const rows = [...contacts].filter(([, c]) => c.changed === changed);
      if (rows.length === 0) continue;
      const values = unnestRows(
        rows.map(([memberId, c]) => [memberId, c.tenantId, c.phone, c.homeMerchantId, c.name, c.birthday]),
        ['uuid', 'uuid', 'text', 'uuid', 'text', 'date'],
      );
      const given = (column: string) => (changed ? `excluded.${column}` : `coalesce(excluded.${column}, notifications.member_contact.${column})`);
      await tx.execute(
        `insert into notifications.member_contact (member_id, tenant_id, phone, home_merchant_id, name, birthday) ${values.sql}
         on conflict (member_id) do update set phone = coalesce(excluded.phone, notifications.member_contact.phone),
           home_merchant_id = coalesce(notifications.member_contact.home_merchant_id, excluded.home_merchant_id),
           name = ${given('name')}, birthday = ${given('birthday')}`,
        values.params,
      );
    }
  }

  private async recordLots(tx: Tx, events: IntegrationEvent<PointsEarnedV1 & Record<string, unknown>>[]): Promise<void> {
    // A lot already expired (imported history, an event delivered late) has nothing left to remind
    // of: kept, it would only be written twice, by this insert and by the reminder marking it.
    const now = Date.now();
    const lots = events.filter((e) => e.payload.points > 0 && e.payload.expiresAt && Date.parse(e.payload.expiresAt) > now);
    if (lots.length === 0) return;
    const values = unnestRows(
      lots.map((e) => [e.id, e.tenantId, e.payload.merchantId, e.payload.memberId, e.payload.points, e.payload.expiresAt]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'int8', 'timestamptz'],
    );
    await tx.execute(
      `insert into notifications.points_lot (event_id, tenant_id, merchant_id, member_id, points, expires_at) ${values.sql} on conflict do nothing`,
      values.params,
    );
  }
}
