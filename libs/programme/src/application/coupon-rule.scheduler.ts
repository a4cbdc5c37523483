import { Inject, Injectable } from '@nestjs/common';
import { Db, pgArray, type Tx } from '@loyalty/database';
import { localDateOf, systemContext, TenantScopedJob } from '@loyalty/shared';
import { CouponRuleService } from './coupon-rule.service';
import { LevelEngine } from './level-engine';

export const COUPON_RULE_INTERVAL_MS = Symbol('COUPON_RULE_INTERVAL_MS');

/** Members handled per rule and transaction. */
const RULE_BATCH = 500;

interface RuleRow {
  id: string;
  tenantId: string;
  merchantId: string;
  trigger: 'BIRTHDAY' | 'REACTIVATION';
  inactiveDays: number | null;
  /** A birthday gift of one level only (a level benefit), or null for every member. */
  levelCode: string | null;
  timezone: string;
}

/**
 * The coupon rules that fall due with time: birthday gifts, coupons or points (on the member's
 * birthday in the merchant's calendar, once a year; 29 February birthdays on 28 February in other
 * years) and
 * reactivation coupons (唤醒: once per absence, when the last purchase at the merchant is
 * `inactiveDays` old). For the merchant's members: registered there, or having bought there.
 */
@Injectable()
export class CouponRuleScheduler extends TenantScopedJob<number> {
  constructor(
    private readonly db: Db,
    private readonly couponRules: CouponRuleService,
    private readonly levels: LevelEngine,
    @Inject(COUPON_RULE_INTERVAL_MS) intervalMs: number,
  ) {
    super(intervalMs);
  }

  /** Issues what the rules owe as of `asOf` (the rules of `tenantIds` only, when given); returns how many. */
  protected async passFor(asOf: Date, tenantIds?: readonly string[]): Promise<number> {
    const tenants = tenantIds ? pgArray(tenantIds) : null;
    const rules = await this.db.asSystem((tx) =>
      tx.execute<RuleRow[]>(
        `select r.id, r.tenant_id as "tenantId", r.merchant_id as "merchantId", r.trigger, r.inactive_days as "inactiveDays", r.level_code as "levelCode", m.timezone
         from coupon_rule r join merchant m on m.id = r.merchant_id
         where r.trigger in ('BIRTHDAY', 'REACTIVATION') and (?::uuid[] is null or r.tenant_id = any(?::uuid[]))`,
        [tenants, tenants],
      ),
    );
    let issued = 0;
    for (const rule of rules) {
      for (;;) {
        const { found, count } = await this.db.asSystem(async (tx) => {
          const occasions = rule.trigger === 'BIRTHDAY' ? await this.birthdays(tx, rule, asOf) : await this.lapsed(tx, rule, asOf);
          const ctx = { ...systemContext(`coupon-rules-${asOf.toISOString()}`), tenantId: rule.tenantId, actorId: 'coupon-rules' };
          return { found: occasions.length, count: await this.couponRules.issue(tx, ctx, rule.trigger, rule.merchantId, occasions) };
        });
        issued += count;
        if (found < RULE_BATCH || count === 0) break;
      }
    }
    if (issued > 0) this.logger.log({ coupons: issued }, 'coupons issued by rule');
    return issued;
  }

  private async birthdays(tx: Tx, rule: RuleRow, asOf: Date) {
    const today = localDateOf(asOf, rule.timezone);
    const [year, month, day] = today.split('-');
    const leap = new Date(Date.UTC(+year, 1, 29)).getUTCMonth() === 1;
    const days = month === '02' && day === '28' && !leap ? ['02-28', '02-29'] : [`${month}-${day}`];
    // A level's birthday gift goes to the members at that level under the merchant's scheme today.
    const scheme = rule.levelCode ? await this.levels.schemeFor(tx, rule.tenantId, rule.merchantId) : null;
    if (rule.levelCode && !scheme) return [];
    const atLevel = scheme
      ? 'and coalesce((select ml.level_code from member_level ml where ml.scheme_id = ? and ml.member_id = m.id), ?) = ?'
      : '';
    // Points are given at the member's store at the merchant: where they registered, else where they last bought.
    const members = await tx.execute<{ memberId: string; storeId: string }[]>(
      `select m.id as "memberId",
              coalesce(case when m.registered_merchant_id = ? then m.registered_store_id end,
                       (select p.store_id from purchase p where p.member_id = m.id and p.merchant_id = ? order by p.occurred_at desc limit 1),
                       (select s.id from store s where s.merchant_id = ? order by s.created_at, s.id limit 1)) as "storeId"
       from member m
       where m.tenant_id = ? and m.birthday is not null and to_char(m.birthday, 'MM-DD') = any(?::text[])
         and (m.registered_merchant_id = ? or exists (select 1 from qualifying_spend q where q.member_id = m.id and q.merchant_id = ?))
         and not exists (select 1 from coupon c where c.rule_id = ? and c.member_id = m.id and c.rule_key = ?)
         and not exists (select 1 from rule_points_grant g where g.rule_id = ? and g.member_id = m.id and g.rule_key = ?)
         ${atLevel}
       order by m.id limit ${RULE_BATCH}`,
      [
        rule.merchantId,
        rule.merchantId,
        rule.merchantId,
        rule.tenantId,
        pgArray(days),
        rule.merchantId,
        rule.merchantId,
        rule.id,
        year,
        rule.id,
        year,
        ...(scheme ? [scheme.id, scheme.levels[0].code, rule.levelCode] : []),
      ],
    );
    return members.map((m) => ({ memberId: m.memberId, key: year, storeId: m.storeId, ...(rule.levelCode ? { levelCode: rule.levelCode } : {}) }));
  }

  private async lapsed(tx: Tx, rule: RuleRow, asOf: Date) {
    const members = await tx.execute<{ memberId: string; last: string }[]>(
      `select q.member_id as "memberId", to_char(max(q.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last
       from qualifying_spend q where q.merchant_id = ?
       group by q.member_id
       having max(q.occurred_at) <= ?::timestamptz - make_interval(days => ?)
          and not exists (select 1 from coupon c where c.rule_id = ? and c.member_id = q.member_id
                          and c.rule_key = to_char(max(q.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
       order by q.member_id limit ${RULE_BATCH}`,
      [rule.merchantId, asOf, rule.inactiveDays, rule.id],
    );
    return members.map((m) => ({ memberId: m.memberId, key: m.last }));
  }
}
