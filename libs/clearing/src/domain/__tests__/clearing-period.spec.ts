import { localDateOf } from '@loyalty/shared';
import { localMidnight, nextBoundary, periodStartOf } from '../clearing-period';

const SH = 'Asia/Shanghai';
const iso = (d: Date) => d.toISOString();

describe('clearing periods', () => {
  it('cuts days, ISO weeks and months at local midnight in the scheme zone', () => {
    const at = new Date('2026-11-22T17:30:00Z'); // Monday 23 November, 01:30 in Shanghai
    expect(localDateOf(at, SH)).toBe('2026-11-23');
    expect(iso(periodStartOf('daily', at, SH))).toBe('2026-11-22T16:00:00.000Z');
    expect(iso(nextBoundary('daily', at, SH))).toBe('2026-11-23T16:00:00.000Z');
    expect(iso(periodStartOf('weekly', at, SH))).toBe('2026-11-22T16:00:00.000Z'); // that Monday
    expect(iso(nextBoundary('weekly', at, SH))).toBe('2026-11-29T16:00:00.000Z');
    expect(iso(periodStartOf('monthly', at, SH))).toBe('2026-10-31T16:00:00.000Z');
    expect(iso(nextBoundary('monthly', new Date('2026-12-15T00:00:00Z'), SH))).toBe('2026-12-31T16:00:00.000Z');
  });

  it('follows the zone’s own calendar, daylight saving included', () => {
    // New York leaves daylight saving on 1 November 2026: that day has 25 hours.
    expect(iso(localMidnight('2026-11-01', 'America/New_York'))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(nextBoundary('daily', new Date('2026-11-01T12:00:00Z'), 'America/New_York'))).toBe('2026-11-02T05:00:00.000Z');
  });

  it('refuses a date that is not on the calendar', () => {
    expect(() => localMidnight('2026-02-30', SH)).toThrow('Not a calendar date');
  });
});
