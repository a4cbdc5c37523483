/** 通知: what sets a message off, where it goes, and what a merchant's template may say. */

export const CHANNELS = ['sms', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TRIGGERS = ['purchase', 'points_expiring', 'anomaly', 'daily_report'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** The variables each trigger fills in, `{{name}}` in a template. Money as yuan text, points whole. */
export const TRIGGER_VARIABLES: Record<Trigger, readonly string[]> = {
  /** 交易提醒: after each purchase, with amount and points balance. */
  purchase: ['merchantName', 'amountYuan', 'orderNo', 'points', 'balance', 'time'],
  /** 积分到期提醒: points of a purchase about to expire, still unspent. */
  points_expiring: ['merchantName', 'points', 'expiresOn', 'balance'],
  /** 异常监控: a rule hit, for the merchant's staff. */
  anomaly: ['merchantName', 'rule', 'memberId', 'detail', 'time'],
  /** 营业日报: the merchant's closed day, for its staff. */
  daily_report: [
    'merchantName',
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
  ],
};

/** Who a trigger's messages are for: members (opt-outs and quiet hours apply) or the merchant's staff. */
export const TRIGGER_AUDIENCE: Record<Trigger, 'member' | 'staff'> = { purchase: 'member', points_expiring: 'member', anomaly: 'staff', daily_report: 'staff' };

const VARIABLE = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** Variables a template uses that its trigger does not fill in. */
export function unknownVariables(trigger: Trigger, body: string): string[] {
  return [...body.matchAll(VARIABLE)].map((m) => m[1]).filter((name) => !TRIGGER_VARIABLES[trigger].includes(name));
}

export function render(body: string, values: Record<string, string | number>): string {
  return body.replace(VARIABLE, (_, name: string) => String(values[name] ?? ''));
}

/** Messages to members wait out quiet hours; a merchant's own webhook does not. */
export const RESPECTS_QUIET_HOURS: Record<Channel, boolean> = { sms: true, email: true, webhook: false };
