/**
 * 车队单车限额: what one vehicle of a fleet (车队) may spend from the fleet's shared stored value in a
 * local day and month of the merchant, in 分 and optionally in thousandths of a unit (mL of fuel).
 * A limit left null does not apply.
 */
export interface VehicleLimits {
  dailyLimitFen: number | null;
  monthlyLimitFen: number | null;
  dailyLimitMilli: number | null;
  monthlyLimitMilli: number | null;
}

/** What the vehicle was charged to the fleet so far in the day and the month of the new fill-up. */
export interface VehicleSpend {
  dayFen: number;
  monthFen: number;
  dayMilli: number;
  monthMilli: number;
}

export interface LimitExceeded {
  limit: keyof VehicleLimits;
  limitValue: number;
  used: number;
  requested: number;
}

/** The first limit the fill-up would pass (reaching a limit exactly is allowed), or null. */
export function exceededLimit(limits: VehicleLimits, spent: VehicleSpend, fill: { amountFen: number; quantityMilli: number }): LimitExceeded | null {
  const checks: [keyof VehicleLimits, number, number][] = [
    ['dailyLimitFen', spent.dayFen, fill.amountFen],
    ['monthlyLimitFen', spent.monthFen, fill.amountFen],
    ['dailyLimitMilli', spent.dayMilli, fill.quantityMilli],
    ['monthlyLimitMilli', spent.monthMilli, fill.quantityMilli],
  ];
  for (const [limit, used, requested] of checks) {
    const limitValue = limits[limit];
    if (limitValue !== null && used + requested > limitValue) return { limit, limitValue, used, requested };
  }
  return null;
}
