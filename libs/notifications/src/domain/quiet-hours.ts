import { localDateOf, localMinuteOf, localTimeToUtc } from '@loyalty/shared';
import { inWindow } from './anomaly';

export interface QuietHours {
  /** Local minutes after midnight; start > end wraps midnight (22:00–08:00). */
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * When a message due at `at` may be delivered: `at` itself outside quiet hours, else the end of
 * the quiet period it falls in (the same local day, or the next one when the period wraps midnight).
 */
export function deliverableAt(at: Date, quiet: QuietHours | null): Date {
  if (!quiet || quiet.startMinute === quiet.endMinute) return at;
  const date = localDateOf(at, quiet.timeZone);
  const minute = localMinuteOf(at, quiet.timeZone);
  if (!inWindow(minute, quiet.startMinute, quiet.endMinute)) return at;
  let endDate = date;
  if (quiet.startMinute > quiet.endMinute && minute >= quiet.startMinute) {
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    endDate = next.toISOString().slice(0, 10);
  }
  return localTimeToUtc(`${endDate} ${hhmm(quiet.endMinute)}`, quiet.timeZone)!;
}
