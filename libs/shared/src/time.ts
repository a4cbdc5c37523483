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

/** The zone's offset from UTC at an instant (ms, whole seconds), asked of Intl: costly. */
function exactOffset(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - Math.floor(instant / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
/** Offsets by zone and UTC hour, for hours whose first and last second agree; bounded. */
const hourlyOffsets = new Map<string, number>();

/**
 * The zone's offset at an instant. Purchases and imports ask it several times each: an hour whose
 * first and last second have the same offset has it throughout (no zone changes its offset twice
 * within an hour), so it is asked of Intl once per zone and hour.
 */
function offsetAt(instant: number, timeZone: string): number {
  const hourStart = Math.floor(instant / HOUR_MS) * HOUR_MS;
  const key = `${timeZone}|${hourStart}`;
  const known = hourlyOffsets.get(key);
  if (known !== undefined) return known;
  const offset = exactOffset(hourStart, timeZone);
  if (offset !== exactOffset(hourStart + HOUR_MS - 1000, timeZone)) return exactOffset(instant, timeZone);
  if (hourlyOffsets.size >= 100_000) hourlyOffsets.clear();
  hourlyOffsets.set(key, offset);
  return offset;
}

/** Wall-clock parts of an instant in an IANA time zone. */
function wallClock(instant: number, timeZone: string) {
  const wall = new Date(Math.floor(instant / 1000) * 1000 + offsetAt(instant, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** The UTC instant of a wall-clock time in a zone (month 1–12). */
function zonedToUtc(t: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number }, timeZone: string): Date {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second, t.ms ?? 0);
  const first = asUtc - offsetAt(asUtc, timeZone);
  return new Date(asUtc - offsetAt(first, timeZone));
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

const twoDigits = (n: number) => String(n).padStart(2, '0');

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${w.year}-${twoDigits(w.month)}-${twoDigits(w.day)}`;
}

/** Minutes after local midnight of an instant in an IANA time zone. */
export function localMinuteOf(instant: Date, timeZone: string): number {
  const w = wallClock(instant.getTime(), timeZone);
  return w.hour * 60 + w.minute;
}

/** The local wall-clock time of an instant in an IANA time zone (YYYY-MM-DD HH:mm). */
export function localDateTimeOf(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${w.year}-${twoDigits(w.month)}-${twoDigits(w.day)} ${twoDigits(w.hour)}:${twoDigits(w.minute)}`;
}
