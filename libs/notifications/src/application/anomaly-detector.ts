import { Injectable } from '@nestjs/common';
import { encodeBinaryArray, type Tx, unnestRows } from '@loyalty/database';
import {
  ANOMALY_DETECTED_V1,
  type AnomalyDetectedV1,
  appendToOutbox,
  type IntegrationEvent,
  POINTS_EARNED_V1,
  POINTS_REDEEMED_V1,
  type PointsEarnedV1,
  type PointsRedeemedV1,
} from '@loyalty/events';
import { formatYuan, localDateTimeOf, localMinuteOf, newId, systemContext } from '@loyalty/shared';
import { type AnomalyRule, type AnomalyRules, inWindow } from '../domain/anomaly';
import type { Occasion } from './message-composer';

interface Move {
  eventId: string;
  tenantId: string;
  merchantId: string;
  storeId: string;
  memberId: string;
  kind: 'purchase' | 'redemption';
  amountFen: number | null;
  points: number;
  at: Date;
}

interface Hit {
  move: Move;
  rule: AnomalyRule;
  detail: string;
}

function moveOf(event: IntegrationEvent): Move | null {
  const base = { eventId: event.id, tenantId: event.tenantId };
  if (event.type === POINTS_EARNED_V1) {
    const p = event.payload as unknown as PointsEarnedV1;
    return { ...base, merchantId: p.merchantId, storeId: p.storeId, memberId: p.memberId, kind: 'purchase', amountFen: p.amountFen, points: p.points, at: new Date(p.occurredAt) };
  }
  if (event.type === POINTS_REDEEMED_V1) {
    const p = event.payload as unknown as PointsRedeemedV1;
    return { ...base, merchantId: p.merchantId, storeId: p.storeId, memberId: p.memberId, kind: 'redemption', amountFen: null, points: p.points, at: new Date(p.occurredAt) };
  }
  return null;
}

type RuleRow = AnomalyRules & { merchantId: string; timeZone: string };

export const NOTIFICATIONS_OUTBOX_TABLE = 'notifications.outbox_event';

/** Purchases of one member (or at one store) at the merchant within `minutes` up to `at`, `at` included. */
async function purchasesWithin(tx: Tx, by: 'member_id' | 'store_id', id: string, merchantId: string, at: Date, minutes: number): Promise<number> {
  const [{ count }] = await tx.execute<{ count: string }[]>(
    `select count(*) from notifications.activity where ${by} = ? and merchant_id = ? and kind = 'purchase'
       and occurred_at > ?::timestamptz - ? * interval '1 minute' and occurred_at <= ?`,
    [id, merchantId, at, minutes, at],
  );
  return Number(count);
}

/**
 * 异常监控: records each purchase and redemption, checks them against their merchant's rules (large
 * amount, high frequency per member or per store in a window, odd hours, redemption right after
 * earning), records each hit once, publishes it (anomaly.detected.v1, saying whether the rule holds
 * the member's redemptions) and returns the staff alerts to compose. Runs in the consumer's
 * transaction.
 */
@Injectable()
export class AnomalyDetector {
  async detect(tx: Tx, events: IntegrationEvent[]): Promise<Occasion[]> {
    const moves = events.map(moveOf).filter((m): m is Move => m !== null);
    if (moves.length === 0) return [];
    const activity = unnestRows(
      moves.map((m) => [m.eventId, m.tenantId, m.merchantId, m.storeId, m.memberId, m.kind, m.amountFen, m.points, m.at]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'int8', 'timestamptz'],
    );
    await tx.execute(
      `insert into notifications.activity (event_id, tenant_id, merchant_id, store_id, member_id, kind, amount_fen, points, occurred_at) ${activity.sql}
       on conflict do nothing`,
      activity.params,
    );
    const rules = new Map(
      (
        await tx.execute<RuleRow[]>(
          `select r.merchant_id as "merchantId", m.time_zone as "timeZone", r.large_amount_fen as "largeAmountFen", r.frequency_count as "frequencyCount",
                  r.frequency_window_minutes as "frequencyWindowMinutes", r.store_frequency_count as "storeFrequencyCount",
                  r.store_frequency_window_minutes as "storeFrequencyWindowMinutes", r.odd_start_minute as "oddStartMinute", r.odd_end_minute as "oddEndMinute",
                  r.redeem_after_earn_minutes as "redeemAfterEarnMinutes", r.hold_rules as "holdRules"
           from notifications.anomaly_rule r join notifications.merchant m on m.id = r.merchant_id where r.merchant_id = any(?::uuid[])`,
          [encodeBinaryArray('uuid', [...new Set(moves.map((m) => m.merchantId))])],
        )
      ).map((r) => [r.merchantId, { ...r, largeAmountFen: r.largeAmountFen === null ? null : Number(r.largeAmountFen) }]),
    );
    const hits: Hit[] = [];
    for (const move of moves) {
      const rule = rules.get(move.merchantId);
      if (!rule) continue;
      const time = localDateTimeOf(move.at, rule.timeZone);
      if (move.kind === 'purchase' && rule.largeAmountFen !== null && move.amountFen! >= rule.largeAmountFen) {
        hits.push({ move, rule: 'LARGE_AMOUNT', detail: `消费 ${formatYuan(move.amountFen!)} 元 ≥ ${formatYuan(rule.largeAmountFen)} 元` });
      }
      if (rule.oddStartMinute !== null && inWindow(localMinuteOf(move.at, rule.timeZone), rule.oddStartMinute, rule.oddEndMinute!)) {
        hits.push({ move, rule: 'ODD_HOURS', detail: `${move.kind === 'purchase' ? '消费' : '兑换'}于 ${time}` });
      }
      if (move.kind === 'purchase' && rule.frequencyCount !== null) {
        const count = await purchasesWithin(tx, 'member_id', move.memberId, move.merchantId, move.at, rule.frequencyWindowMinutes!);
        if (count >= rule.frequencyCount) hits.push({ move, rule: 'HIGH_FREQUENCY', detail: `${rule.frequencyWindowMinutes} 分钟内消费 ${count} 笔` });
      }
      if (move.kind === 'purchase' && rule.storeFrequencyCount !== null) {
        const count = await purchasesWithin(tx, 'store_id', move.storeId, move.merchantId, move.at, rule.storeFrequencyWindowMinutes!);
        if (count >= rule.storeFrequencyCount) hits.push({ move, rule: 'STORE_HIGH_FREQUENCY', detail: `门店 ${rule.storeFrequencyWindowMinutes} 分钟内消费 ${count} 笔` });
      }
      if (move.kind === 'redemption' && rule.redeemAfterEarnMinutes !== null) {
        const [earned] = await tx.execute<{ at: string }[]>(
          `select max(occurred_at) as at from notifications.activity where member_id = ? and tenant_id = ? and kind = 'purchase'
             and occurred_at >= ?::timestamptz - ? * interval '1 minute' and occurred_at <= ?`,
          [move.memberId, move.tenantId, move.at, rule.redeemAfterEarnMinutes, move.at],
        );
        if (earned?.at) {
          const minutes = Math.floor((move.at.getTime() - new Date(earned.at).getTime()) / 60_000);
          hits.push({ move, rule: 'REDEEM_AFTER_EARN', detail: `获得积分后 ${minutes} 分钟即兑换 ${move.points} 积分` });
        }
      }
    }
    if (hits.length === 0) return [];
    const holds = (h: Hit) => rules.get(h.move.merchantId)!.holdRules.includes(h.rule);
    const values = unnestRows(
      hits.map((h) => [newId(), h.move.tenantId, h.move.merchantId, h.move.storeId, h.move.memberId, h.rule, h.move.eventId, h.detail, h.move.at, holds(h)]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'uuid', 'text', 'timestamptz', 'bool'],
    );
    const recorded = await tx.execute<{ id: string; eventId: string; rule: AnomalyRule }[]>(
      `insert into notifications.anomaly (id, tenant_id, merchant_id, store_id, member_id, rule, event_id, detail, occurred_at, held, created_at)
       select *, now() from (${values.sql}) as v on conflict (event_id, rule) do nothing returning id, event_id as "eventId", rule`,
      values.params,
    );
    const fresh = hits.flatMap((h) => {
      const row = recorded.find((r) => r.eventId === h.move.eventId && r.rule === h.rule);
      return row ? [{ ...h, id: row.id, held: holds(h) }] : [];
    });
    for (const tenantId of new Set(fresh.map((h) => h.move.tenantId))) {
      await appendToOutbox(
        tx,
        { ...systemContext('notifications.anomalies'), tenantId },
        fresh
          .filter((h) => h.move.tenantId === tenantId)
          .map((h) => ({
            type: ANOMALY_DETECTED_V1,
            key: h.move.memberId,
            payload: {
              anomalyId: h.id,
              merchantId: h.move.merchantId,
              storeId: h.move.storeId,
              memberId: h.move.memberId,
              rule: h.rule,
              detail: h.detail,
              holdRedemptions: h.held,
              occurredAt: h.move.at.toISOString(),
            } satisfies AnomalyDetectedV1,
          })),
        NOTIFICATIONS_OUTBOX_TABLE,
      );
    }
    return fresh.map((h) => ({
      source: `anomaly:${h.rule}:${h.move.eventId}`,
      tenantId: h.move.tenantId,
      merchantId: h.move.merchantId,
      memberId: h.move.memberId,
      trigger: 'anomaly',
      values: {
        rule: h.rule,
        memberId: h.move.memberId,
        detail: h.detail,
        time: localDateTimeOf(h.move.at, rules.get(h.move.merchantId)!.timeZone),
        held: h.held ? '该会员在本商户的兑换已冻结，待审核后解除' : '',
      },
      at: new Date(),
    }));
  }
}
