/** 通知: what sets a message off, where it goes, and what a merchant's template may say. */

export const CHANNELS = ['sms', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * A trigger: who its messages are for (members: opt-outs and quiet hours apply; or the merchant's
 * staff), the e-mail subject after the merchant's name, and the variables it fills in, `{{name}}` in
 * a template (money as yuan text, points whole). The core's are below; a plugin defines its own
 * with `NotificationTriggers.define`.
 */
export interface TriggerDefinition {
  /** snake_case; stored with templates and messages. */
  name: string;
  audience: 'member' | 'staff';
  subject: string;
  variables: readonly string[];
}

export const CORE_TRIGGERS = [
  /** 交易提醒: after each purchase, with amount and points balance. */
  { name: 'purchase', audience: 'member', subject: '消费提醒', variables: ['merchantName', 'amountYuan', 'orderNo', 'points', 'balance', 'time'] },
  /** 积分到期提醒: points of a purchase about to expire, still unspent. */
  { name: 'points_expiring', audience: 'member', subject: '积分到期提醒', variables: ['merchantName', 'points', 'expiresOn', 'balance'] },
  /** 充值提醒: after each stored-value recharge: principal paid in, bonus given, balance after. */
  {
    name: 'stored_value_recharge',
    audience: 'member',
    subject: '储值充值提醒',
    variables: ['merchantName', 'amountYuan', 'bonusYuan', 'balanceYuan', 'orderNo', 'time'],
  },
  /** 余额支付提醒: after each payment from stored value, with the balance after. */
  { name: 'stored_value_payment', audience: 'member', subject: '余额支付提醒', variables: ['merchantName', 'amountYuan', 'balanceYuan', 'orderNo', 'time'] },
  /** 等级变动: a level raised (升级), lowered (降级) or changed by staff (调整). */
  {
    name: 'level_change',
    audience: 'member',
    subject: '会员等级变动',
    variables: ['merchantName', 'change', 'fromLevel', 'toLevel', 'validUntil', 'time'],
  },
  /** 生日关怀: on the member's birthday, from the merchant they registered at. */
  { name: 'birthday', audience: 'member', subject: '生日祝福', variables: ['merchantName', 'name'] },
  /** 异常监控: a rule hit, for the merchant's staff; `held` says when it holds the member's redemptions. */
  { name: 'anomaly', audience: 'staff', subject: '异常交易提醒', variables: ['merchantName', 'rule', 'memberId', 'detail', 'time', 'held'] },
  /** 营业日报: the merchant's (or the alliance's, or one store's) closed day, for its staff (a store's: the store's report address), with the CSV attached. */
  {
    name: 'daily_report',
    audience: 'staff',
    subject: '营业日报',
    variables: [
      'merchantName',
      'storeName',
      'day',
      'purchases',
      'salesYuan',
      'refundsYuan',
      'netSalesYuan',
      'buyers',
      'newMembers',
      'pointsEarned',
      'pointsRedeemed',
      'pointsExpired',
      'previousDayNetSalesYuan',
      'trailing7DayNetSalesYuan',
      'storedValueRechargedYuan',
      'storedValueUsedYuan',
      'couponsIssued',
      'couponsUsed',
      'reportedSalesYuan',
      'memberShare',
    ],
  },
] as const satisfies readonly TriggerDefinition[];

/** A core trigger's or a plugin's (the registry knows them all). */
export type Trigger = string;

const VARIABLE = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Variables a template uses that its trigger does not fill in. */
export function unknownVariables(trigger: Pick<TriggerDefinition, 'variables'>, body: string): string[] {
  return [...body.matchAll(VARIABLE)].map((m) => m[1]).filter((name) => !trigger.variables.includes(name));
}

export function render(body: string, values: Record<string, string | number>): string {
  return body.replace(VARIABLE, (_, name: string) => String(values[name] ?? ''));
}

/** Messages to members wait out quiet hours; a merchant's own webhook does not. */
export const RESPECTS_QUIET_HOURS: Record<Channel, boolean> = { sms: true, email: true, webhook: false };
