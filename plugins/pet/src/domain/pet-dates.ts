import { addLocalDays } from '@loyalty/plugin-sdk';

/**
 * When a follow-up falls due, in the merchant's calendar: on the date asked for, or `inDays` after
 * the local day of the service (the settings' default when neither is given).
 */
export function followUpDueOn(serviceOn: string, followUp: { on?: string; inDays?: number }, defaultDays: number): string {
  return followUp.on ?? addLocalDays(serviceOn, followUp.inDays ?? defaultDays);
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A pet's birthday in `year` (YYYY-MM-DD): one born on 29 February has it on the 28th in other years. */
export function birthdayIn(birthday: string, year: number): string {
  const [, month, day] = birthday.split('-');
  const monthDay = month === '02' && day === '29' && !isLeapYear(year) ? '02-28' : `${month}-${day}`;
  return `${year}-${monthDay}`;
}

/**
 * The birthdays (as MM-DD of the birth date) whose day in `today`'s year lies within the last
 * `days` local days up to today: a gift missed while the platform was down is still given.
 */
export function birthdayMonthDaysWithin(today: string, days: number): string[] {
  const monthDays = new Set<string>();
  for (let back = 0; back < days; back++) {
    const day = addLocalDays(today, -back);
    if (day.slice(0, 4) !== today.slice(0, 4)) break; // last year's were given last year
    monthDays.add(day.slice(5));
    if (day.slice(5) === '02-28' && !isLeapYear(Number(day.slice(0, 4)))) monthDays.add('02-29');
  }
  return [...monthDays];
}

/** Whole years from a birth date to a local date. */
export function ageOn(birthday: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthday.slice(0, 4));
  return birthdayIn(birthday, Number(on.slice(0, 4))) <= on ? years : years - 1;
}
