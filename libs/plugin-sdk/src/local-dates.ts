/**
 * Local calendar dates (YYYY-MM-DD) in a merchant's time zone, as plugins date reminders, stays and
 * follow-ups: a day is the merchant's, not UTC's (23:30 UTC on 31 January is 1 February in Shanghai).
 */

/** The local date of an instant in a time zone: the platform's own. */
export { localDateOf } from '@loyalty/shared';

/** The local date `days` later (earlier when negative). */
export function addLocalDays(localDate: string, days: number): string {
  const [y, m, d] = localDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one local date to another (negative when `to` is earlier). */
export function localDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
