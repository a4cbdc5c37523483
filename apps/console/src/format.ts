/** Money arrives in 分 (integers): shown as ¥ with two decimals, never through floating sums. */
export function formatFen(fen: number | null | undefined, locale = 'zh-CN'): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return '';
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}¥${yuan.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN')}.${cents}`;
}

/** A date-time shown in the merchant's (or scheme's) time zone, in the console's language. */
export function formatDateTime(value: string | Date | null | undefined, timeZone: string, locale = 'zh-CN', dateOnly = false): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hour12: false }),
  }).format(date);
}

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(value: string | Date, timeZone: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An amount typed in 元 ("12.34") → 1234 分, exactly; no floating point on the way. */
export function yuanToFen(text: string): number {
  const match = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) throw new Error(`Not an amount: ${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0')));
}
