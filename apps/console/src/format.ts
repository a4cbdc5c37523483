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

/**
 * A wall-clock time typed for a time zone ("2026-03-01T09:30", as a datetime-local input gives it)
 * → the instant, ISO. The zone's offset is read at a first guess and again at the answer, so a
 * time near a daylight-saving change lands on the right side of it.
 */
export function zonedTimeToIso(local: string, timeZone: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) throw new Error(`Not a date and time: ${local}`);
  const [year, month, day, hour, minute, second = '0'] = match.slice(1);
  const wall = Date.UTC(+year, +month - 1, +day, +hour, +minute, +second);
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant);
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
  };
  const guess = wall - offsetAt(wall);
  return new Date(wall - offsetAt(guess)).toISOString();
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An amount typed in 元 ("12.34") → 1234 分, exactly; no floating point on the way. */
export function yuanToFen(text: string): number {
  const match = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!match) throw new Error(`Not an amount: ${text}`);
  return (match[1] ? -1 : 1) * (Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0')));
}
