import { DEFAULT_MERCHANT_SETTINGS, type MerchantSettings } from '@loyalty/tenancy';
import { expiryFor, pointsFor, pointsToReverse } from '../earn-rule';

const settings = (pointsPerYuan: number, pointsExpiryMonths = 12): MerchantSettings => ({ earnRule: { pointsPerYuan }, pointsExpiryMonths });

describe('earn rule', () => {
  it.each([
    [0, 0],
    [99, 0],
    [100, 1],
    [199, 1],
    [12_399, 123],
    [100_000_000_000, 1_000_000_000],
  ])('%i 分 earns %i points at the default 1 per whole yuan', (fen, points) => {
    expect(pointsFor(fen, DEFAULT_MERCHANT_SETTINGS)).toBe(points);
  });

  it('multiplies whole yuan by the merchant’s rate, never fractions of a yuan', () => {
    expect(pointsFor(1_050, settings(3))).toBe(30);
    expect(pointsFor(1_050, settings(0))).toBe(0);
  });

  it('expires the same local day N months later, clamped to the end of shorter months', () => {
    const utc = (iso: string, months: number) => expiryFor(new Date(iso), settings(1, months), 'UTC').toISOString();
    expect(utc('2026-03-15T10:00:00Z', 12)).toBe('2027-03-15T10:00:00.000Z');
    expect(utc('2026-01-31T08:00:00Z', 1)).toBe('2026-02-28T08:00:00.000Z');
    expect(utc('2027-12-31T00:00:00Z', 2)).toBe('2028-02-29T00:00:00.000Z');
    expect(utc('2026-11-30T23:59:59Z', 3)).toBe('2027-02-28T23:59:59.000Z');
  });

  it('counts months in the merchant’s calendar, not UTC’s', () => {
    // 31 March 07:00 in Shanghai is still 30 March in UTC; a month later is 30 April 07:00 in Shanghai.
    expect(expiryFor(new Date('2026-03-30T23:00:00Z'), settings(1, 1), 'Asia/Shanghai').toISOString()).toBe('2026-04-29T23:00:00.000Z');
    expect(expiryFor(new Date('2026-01-31T16:30:00Z'), settings(1, 1), 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:30:00.000Z');
  });
});

describe('points to reverse on refund', () => {
  const purchase = { amountFen: 10_050, pointsEarned: 100, pointsReversed: 0 };

  it('is proportional and rounded down, cumulative over partial refunds', () => {
    expect(pointsToReverse(purchase, 3_333)).toBe(33);
    expect(pointsToReverse({ ...purchase, pointsReversed: 33 }, 6_666)).toBe(33);
    expect(pointsToReverse({ ...purchase, pointsReversed: 66 }, 10_049)).toBe(33);
  });

  it('takes every remaining point at the full refund', () => {
    expect(pointsToReverse({ ...purchase, pointsReversed: 99 }, 10_050)).toBe(1);
    expect(pointsToReverse(purchase, 10_050)).toBe(100);
  });

  it('never goes negative and handles a zero-amount order', () => {
    expect(pointsToReverse({ ...purchase, pointsReversed: 100 }, 10_050)).toBe(0);
    expect(pointsToReverse({ amountFen: 0, pointsEarned: 0, pointsReversed: 0 }, 0)).toBe(0);
  });

  it('stays exact for amounts where floating point would not', () => {
    // 9007199254740991 × 3 / 7 overflows double precision; BigInt keeps it exact.
    expect(pointsToReverse({ amountFen: 7, pointsEarned: 3_002_399_751_580_330, pointsReversed: 0 }, 3)).toBe(1_286_742_750_677_284);
  });
});
