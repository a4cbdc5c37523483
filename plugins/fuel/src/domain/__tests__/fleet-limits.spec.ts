import { exceededLimit, type VehicleLimits } from '../fleet-limits';

describe('fleet vehicle limits', () => {
  const none: VehicleLimits = { dailyLimitFen: null, monthlyLimitFen: null, dailyLimitMilli: null, monthlyLimitMilli: null };
  const spent = { dayFen: 20_000, monthFen: 90_000, dayMilli: 30_000, monthMilli: 100_000 };

  it('allows reaching a limit exactly and refuses one 分 or one mL over, naming the limit', () => {
    const limits = { ...none, dailyLimitFen: 30_000 };
    expect(exceededLimit(limits, spent, { amountFen: 10_000, quantityMilli: 1 })).toBeNull();
    expect(exceededLimit(limits, spent, { amountFen: 10_001, quantityMilli: 1 })).toEqual({ limit: 'dailyLimitFen', limitValue: 30_000, used: 20_000, requested: 10_001 });
    const litres = { ...none, dailyLimitMilli: 50_000 };
    expect(exceededLimit(litres, spent, { amountFen: 1, quantityMilli: 20_000 })).toBeNull();
    expect(exceededLimit(litres, spent, { amountFen: 1, quantityMilli: 20_001 })).toMatchObject({ limit: 'dailyLimitMilli' });
  });

  it('checks the month as well as the day, and nothing without limits', () => {
    expect(exceededLimit({ ...none, dailyLimitFen: 50_000, monthlyLimitFen: 100_000 }, spent, { amountFen: 10_001, quantityMilli: 1 })).toMatchObject({ limit: 'monthlyLimitFen', used: 90_000 });
    expect(exceededLimit({ ...none, monthlyLimitMilli: 100_000 }, spent, { amountFen: 1, quantityMilli: 1 })).toMatchObject({ limit: 'monthlyLimitMilli' });
    expect(exceededLimit(none, spent, { amountFen: 1e9, quantityMilli: 1e9 })).toBeNull();
  });
});
