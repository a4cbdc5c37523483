import { Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { localDateOf } from '@loyalty/shared';
import { MessageComposer, type Occasion } from './message-composer';

interface DueLot {
  eventId: string;
  tenantId: string;
  merchantId: string;
  memberId: string;
  expiresAt: string;
  timeZone: string;
  balance: string;
  atRisk: string;
}

/**
 * 积分到期提醒: each points lot that expires within its merchant's reminder period (7 days by
 * default) is reminded of once, for the points of it still unspent. Spending takes the
 * earliest-expiring points first, so of a member's balance, what lots expiring later do not account
 * for belongs to this lot and the ones before it: unspent = min(lot, balance − later lots), and a
 * lot already spent is not reminded of. NotificationsScheduler looks every poll interval.
 */
@Injectable()
export class PointsExpiringReminder {
  constructor(
    private readonly db: Db,
    private readonly composer: MessageComposer,
  ) {}

  /** Composes the reminders due at `now` (of these merchants' lots only, when given); returns how many lots it reminded of. */
  remind(now: Date = new Date(), merchantIds?: readonly string[]): Promise<number> {
    return this.db.asSystem(async (tx) => {
      const due = await tx.execute<DueLot[]>(
        `with due as (
           select l.event_id, l.tenant_id, l.merchant_id, l.member_id, l.points, l.expires_at, r.time_zone, coalesce(c.points_balance, 0) as balance
           from notifications.points_lot l
           join notifications.merchant r on r.id = l.merchant_id
           left join notifications.member_contact c on c.member_id = l.member_id
           where l.reminded_at is null and l.expires_at <= ?::timestamptz + r.expiry_reminder_days * interval '1 day'
             -- The longest period of any merchant bounds the partial index's range scan: otherwise each
             -- poll read every unreminded lot (a year of purchases), 15–45 ms a second under POS load.
             and l.expires_at <= ?::timestamptz + (select max(expiry_reminder_days) from notifications.merchant) * interval '1 day'
             and (?::uuid[] is null or l.merchant_id = any(?::uuid[]))
           for update of l skip locked
         ), marked as (
           update notifications.points_lot l set reminded_at = ? from due where l.event_id = due.event_id
         )
         select d.event_id as "eventId", d.tenant_id as "tenantId", d.merchant_id as "merchantId", d.member_id as "memberId", d.expires_at as "expiresAt",
                d.time_zone as "timeZone", d.balance,
                least(d.points, greatest(0, d.balance - coalesce((
                  select sum(o.points) from notifications.points_lot o
                  where o.member_id = d.member_id and (o.expires_at, o.event_id) > (d.expires_at, d.event_id)), 0))) as "atRisk"
         from due d where d.expires_at > ?`,
        [now, now, merchantIds ? pgArray(merchantIds) : null, merchantIds ? pgArray(merchantIds) : null, now, now],
      );
      const occasions: Occasion[] = due
        .filter((lot) => Number(lot.atRisk) > 0)
        .map((lot) => ({
          source: `expiring:${lot.eventId}`,
          tenantId: lot.tenantId,
          merchantId: lot.merchantId,
          memberId: lot.memberId,
          trigger: 'points_expiring',
          values: { points: Number(lot.atRisk), expiresOn: localDateOf(new Date(lot.expiresAt), lot.timeZone), balance: Number(lot.balance) },
          at: now,
        }));
      await this.composer.compose(tx, occasions);
      return occasions.length;
    });
  }
}
