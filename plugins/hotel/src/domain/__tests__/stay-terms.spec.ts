import type { HotelSettings } from '../hotel-settings';
import { localDateOf, localDaysBetween } from '@loyalty/plugin-sdk';
import { nightsStayed, stayBenefits, stayPoints } from '../stay-terms';

const settings: HotelSettings = {
  earnBasis: 'night',
  pointsPerNight: 100,
  pointsPerYuan: 2,
  checkoutTime: '12:00',
  levels: { GOLD: { pointsPerNight: 150, amountMultiplierPermille: 1_500, lateCheckoutUntil: '14:00', breakfastsPerNight: 2 }, SILVER: { breakfastsPerNight: 1 } },
};

describe('stay terms', () => {
  it('earns per night at the level’s own rate, the base rate for levels without one', () => {
    expect(stayPoints(settings, null, 3, 90_000)).toBe(300);
    expect(stayPoints(settings, 'REGULAR', 3, 90_000)).toBe(300);
    expect(stayPoints(settings, 'SILVER', 3, 90_000)).toBe(300);
    expect(stayPoints(settings, 'GOLD', 3, 90_000)).toBe(450);
    // A complimentary stay (nothing paid) earns nothing.
    expect(stayPoints(settings, 'GOLD', 3, 0)).toBe(0);
  });

  it('earns per whole yuan of the amount with the level’s multiplier, rounded down', () => {
    const byAmount: HotelSettings = { ...settings, earnBasis: 'amount' };
    // ¥333.99: 333 whole yuan × 2.
    expect(stayPoints(byAmount, null, 1, 33_399)).toBe(666);
    // × 1.5: 999.
    expect(stayPoints(byAmount, 'GOLD', 1, 33_399)).toBe(999);
    // 1 yuan × 2 × 1.5 = 3; 1 yuan × 1 × 1.5 = 1.5, down to 1.
    expect(stayPoints(byAmount, 'GOLD', 1, 100)).toBe(3);
    expect(stayPoints({ ...byAmount, pointsPerYuan: 1 }, 'GOLD', 1, 199)).toBe(1);
    expect(stayPoints(byAmount, 'GOLD', 1, 99)).toBe(0);
  });

  it('gives each level its benefits, none without terms', () => {
    expect(stayBenefits(settings, 'GOLD')).toEqual({ lateCheckoutUntil: '14:00', roomUpgrade: false, breakfastsPerNight: 2 });
    expect(stayBenefits(settings, 'SILVER')).toEqual({ lateCheckoutUntil: null, roomUpgrade: false, breakfastsPerNight: 1 });
    expect(stayBenefits(settings, null)).toEqual({ lateCheckoutUntil: null, roomUpgrade: false, breakfastsPerNight: 0 });
  });

  it('counts nights between calendar dates in the merchant’s zone, at least one', () => {
    // 23:30 UTC on 31 January is 1 February in Shanghai.
    expect(localDateOf(new Date('2026-01-31T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-02-01');
    expect(localDateOf(new Date('2026-01-31T23:30:00Z'), 'UTC')).toBe('2026-01-31');
    expect(localDaysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(localDaysBetween('2026-03-02', '2026-02-27')).toBe(-3);
    expect(nightsStayed('2026-02-27', '2026-03-02')).toBe(3);
    expect(nightsStayed('2026-03-02', '2026-03-02')).toBe(1);
  });
});
