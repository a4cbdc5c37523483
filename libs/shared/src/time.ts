/** Formatters are costly to build and are used on every purchase: one per zone, kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock parts of an instant in an IANA time zone. */
function wallClock(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** The UTC instant of a wall-clock time in a zone (month 1–12). */
function zonedToUtc(t: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number }, timeZone: string): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms ?? 0);
  const offsetAt = (instant: number) => {
    const w = wallClock(instant, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}

/**
 * The UTC instant of a local wall-clock time ("2011-10-06 16:20:00") in an IANA time zone, so that
 * history recorded in a merchant's local time lands at the right moment.
 */
export function localTimeToUtc(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0'] = match;
  if (+mo < 1 || +mo > 12 || +h > 23 || +mi > 59 || +s > 59) return undefined;
  if (new Date(Date.UTC(+y, +mo - 1, +d)).getUTCDate() !== +d) return undefined;
  return zonedToUtc({ year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s }, timeZone);
}

/**
 * The same local day and time `months` later in the zone, clamped to the end of a shorter month
 * (31 January + 1 month is the last day of February, in the merchant's calendar, not UTC's).
 */
export function addMonthsInZone(instant: Date, months: number, timeZone: string): Date {
  const w = wallClock(instant.getTime(), timeZone);
  const monthIndex = w.month - 1 + months;
  const year = w.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return zonedToUtc({ ...w, year, month, day: Math.min(w.day, lastDay), ms: instant.getUTCMilliseconds() }, timeZone);
}

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
