import { daysOfSupply, enrichLines, pointsAfterExclusions, refillDates } from '../medication-line';
import type { PharmacySettings } from '../pharmacy-settings';

const settings: PharmacySettings = { excludedCategories: ['prescription'], excludeInsurancePaid: true, refillLeadDays: 3 };
const line = (amountFen: number, category?: string, attributes: Record<string, string | number | boolean> = {}) => ({ sku: 'S', quantity: 1, amountFen, category, attributes });

describe('pharmacy line rules', () => {
  it('earns nothing on excluded categories and on the part medical insurance paid', () => {
    const lines = [line(5_000, 'prescription'), line(8_000, 'otc', { insurancePaidFen: 3_000 }), line(2_000)];
    expect(enrichLines(lines, settings)).toEqual([{ pharmacyEarningFen: 0 }, { pharmacyEarningFen: 5_000 }, { pharmacyEarningFen: 2_000 }]);
    expect(enrichLines(lines, { ...settings, excludedCategories: [], excludeInsurancePaid: false })).toEqual([
      { pharmacyEarningFen: 5_000 },
      { pharmacyEarningFen: 8_000 },
      { pharmacyEarningFen: 2_000 },
    ]);
  });

  it('refuses attributes it cannot use, naming each', () => {
    const refused = enrichLines([line(1_000, 'otc', { insurancePaidFen: 1_001, dailyDose: 0 }), line(1_000, 'otc', { unitsPerPack: 1.5 })], settings);
    expect(refused).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [
        { path: 'lines.0.attributes.insurancePaidFen', message: expect.any(String) },
        { path: 'lines.0.attributes.dailyDose', message: expect.any(String) },
        { path: 'lines.1.attributes.unitsPerPack', message: expect.any(String) },
      ],
    });
  });

  it('keeps the earning share of the points, rounded down', () => {
    const lines = [
      { ...line(10_000, 'prescription'), attributes: { pharmacyEarningFen: 0 } },
      { ...line(5_050), attributes: { pharmacyEarningFen: 5_050 } },
    ];
    expect(pointsAfterExclusions({ amountFen: 15_050, points: 150, lines })).toBe(50); // 150 × 5050 / 15050 = 50.33
    expect(pointsAfterExclusions({ amountFen: 15_050, points: 150, lines: [] })).toBe(150);
    // An amount beyond the lines (not itemised) still earns.
    expect(pointsAfterExclusions({ amountFen: 20_000, points: 200, lines: [{ ...line(10_000), attributes: { pharmacyEarningFen: 0 } }] })).toBe(100);
  });

  it('dates a refill from the supply bought, in the merchant’s calendar', () => {
    expect(daysOfSupply(2, { insurancePaidFen: 0, dailyDose: 3, unitsPerPack: 30 })).toBe(20);
    expect(daysOfSupply(1, { insurancePaidFen: 0, dailyDose: 1.5, unitsPerPack: 30 })).toBe(20);
    expect(daysOfSupply(1, { insurancePaidFen: 0, dailyDose: null, unitsPerPack: 1 })).toBeNull();
    // 23:30 UTC on 31 January is 1 February in Shanghai.
    expect(refillDates(new Date('2026-01-31T23:30:00Z'), 'Asia/Shanghai', 30, 3)).toEqual({ runsOutOn: '2026-03-03', refillDueOn: '2026-02-28' });
    expect(refillDates(new Date('2026-01-31T23:30:00Z'), 'Asia/Shanghai', 2, 3)).toEqual({ runsOutOn: '2026-02-03', refillDueOn: '2026-02-01' });
  });
});
