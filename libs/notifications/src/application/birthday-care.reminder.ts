import { Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { MessageComposer, type Occasion } from './message-composer';

/** The local hour a merchant's birthday greetings of the day go out from: nobody is greeted at midnight. */
export const BIRTHDAY_LOCAL_HOUR = 9;

/**
 * 生日关怀: once a merchant's local day has reached BIRTHDAY_LOCAL_HOUR, the members who registered
 * at it and were born on that day (29 February: on 28 February in other years) get its birthday
 * template. A merchant's day runs once (claimed per merchant and local date, so several instances
 * greet once), and each member is greeted once per year whatever happens (the message source names
 * merchant, member and year). Only merchants with a birthday template are looked at, so a template
 * set during the day still greets that day's birthdays.
 */
@Injectable()
export class BirthdayCareReminder {
  constructor(
    private readonly db: Db,
    private readonly composer: MessageComposer,
  ) {}

  /** Composes the greetings due at `now` (of these merchants only, when given); returns how many members it greeted. */
  greet(now: Date = new Date(), merchantIds?: readonly string[]): Promise<number> {
    return this.db.asSystem(async (tx) => {
      const due = await tx.execute<{ merchantId: string; tenantId: string; year: string; memberId: string; name: string | null }[]>(
        `with due as (
           select m.id, m.tenant_id, (?::timestamptz at time zone m.time_zone) as local from notifications.merchant m
           where (?::uuid[] is null or m.id = any(?::uuid[]))
             and exists (select 1 from notifications.template t where t.merchant_id = m.id and t.trigger = 'birthday')
         ), claimed as (
           insert into notifications.birthday_run (merchant_id, day, ran_at)
           select id, local::date, ? from due where extract(hour from local) >= ${BIRTHDAY_LOCAL_HOUR}
           on conflict do nothing returning merchant_id, day
         )
         select c.merchant_id as "merchantId", d.tenant_id as "tenantId", to_char(c.day, 'YYYY') as year, m.member_id as "memberId", m.name
         from claimed c join due d on d.id = c.merchant_id
         join notifications.member_contact m on m.home_merchant_id = c.merchant_id and m.birthday is not null
           and extract(month from m.birthday) = extract(month from c.day)
           and (extract(day from m.birthday) = extract(day from c.day)
                or (extract(month from c.day) = 2 and extract(day from c.day) = 28 and extract(day from m.birthday) = 29 and extract(day from c.day + 1) = 1))`,
        [now, merchantIds ? pgArray(merchantIds) : null, merchantIds ? pgArray(merchantIds) : null, now],
      );
      const occasions: Occasion[] = due.map((row) => ({
        source: `birthday:${row.merchantId}:${row.memberId}:${row.year}`,
        tenantId: row.tenantId,
        merchantId: row.merchantId,
        memberId: row.memberId,
        trigger: 'birthday',
        values: { name: row.name ?? '' },
        at: now,
      }));
      await this.composer.compose(tx, occasions);
      return occasions.length;
    });
  }
}
