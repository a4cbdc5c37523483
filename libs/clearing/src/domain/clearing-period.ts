import { badRequest, localDateOf, localTimeToUtc } from '@loyalty/shared';

export type ClearingSchedule = 'daily' | 'weekly' | 'monthly';

/** Local midnight of a calendar date ("2026-11-01") in the zone, as an instant. */
export function localMidnight(date: string, timeZone: string): Date {
  const instant = localTimeToUtc(`${date} 00:00`, timeZone);
  if (!instant) throw badRequest('VALIDATION_FAILED', `Not a calendar date: ${date}`, { date });
  return instant;
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The first local date of the schedule period that contains `date`. */
function periodStartDate(schedule: ClearingSchedule, date: string): string {
  if (schedule === 'daily') return date;
  if (schedule === 'weekly') return addDays(date, -((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7)); // ISO weeks start on Monday
  return `${date.slice(0, 8)}01`;
}

/** The first local date of the period after the one that starts on `start`. */
function nextPeriodStartDate(schedule: ClearingSchedule, start: string): string {
  if (schedule === 'daily') return addDays(start, 1);
  if (schedule === 'weekly') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** The start of the schedule period (local midnight in the zone) that contains `instant`. */
export function periodStartOf(schedule: ClearingSchedule, instant: Date, timeZone: string): Date {
  return localMidnight(periodStartDate(schedule, localDateOf(instant, timeZone)), timeZone);
}

/**
 * The first period boundary of the schedule strictly after `instant`: the next local midnight, the
 * next Monday, or the next first of a month, in the scheme's zone.
 */
export function nextBoundary(schedule: ClearingSchedule, instant: Date, timeZone: string): Date {
  return localMidnight(nextPeriodStartDate(schedule, periodStartDate(schedule, localDateOf(instant, timeZone))), timeZone);
}
