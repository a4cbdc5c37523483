import { localTimeToUtc } from '@loyalty/shared';
import { inWindow } from './anomaly';

export interface QuietHours {
  /** Local minutes after midnight; start > end wraps midnight (22:00–08:00). */
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(instant: Date, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Minutes after local midnight of an instant in a zone. */
export function localMinute(instant: Date, timeZone: string): number {
  return localParts(instant, timeZone).minute;
}

/** The local wall-clock time of an instant in a zone (YYYY-MM-DD HH:mm). */
export function localDateTime(instant: Date, timeZone: string): string {
  const parts = localParts(instant, timeZone);
  return `${parts.date} ${hhmm(parts.minute)}`;
}

/**
 * When a message due at `at` may be delivered: `at` itself outside quiet hours, else the end of
 * the quiet period it falls in (the same local day, or the next one when the period wraps midnight).
 */
export function deliverableAt(at: Date, quiet: QuietHours | null): Date {
  if (!quiet || quiet.startMinute === quiet.endMinute) return at;
  const { date, minute } = localParts(at, quiet.timeZone);
  if (!inWindow(minute, quiet.startMinute, quiet.endMinute)) return at;
  let endDate = date;
  if (quiet.startMinute > quiet.endMinute && minute >= quiet.startMinute) {
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    endDate = next.toISOString().slice(0, 10);
  }
  return localTimeToUtc(`${endDate} ${hhmm(quiet.endMinute)}`, quiet.timeZone)!;
}
