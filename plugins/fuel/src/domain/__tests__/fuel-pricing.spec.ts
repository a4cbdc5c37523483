import { divRoundHalfUp, gradePoints, pointsWithGrades, priceFillUp, quantityMilliOf } from '../fuel-pricing';

describe('fuel pricing', () => {
  it('keeps quantities as whole thousandths, refusing more than three decimals, nothing and too much', () => {
    expect(quantityMilliOf(40.12)).toBe(40_120);
    expect(quantityMilliOf(0.001)).toBe(1);
    expect(quantityMilliOf(10_000)).toBe(10_000_000);
    expect(quantityMilliOf(1.0005)).toBeNull();
    expect(quantityMilliOf(0)).toBeNull();
    expect(quantityMilliOf(-1)).toBeNull();
    expect(quantityMilliOf(10_000.001)).toBeNull();
    expect(quantityMilliOf(Number.NaN)).toBeNull();
  });

  it('rounds half up to the 分', () => {
    expect(divRoundHalfUp(1_500, 1000)).toBe(2);
    expect(divRoundHalfUp(1_499, 1000)).toBe(1);
    expect(divRoundHalfUp(2_500, 1000)).toBe(3);
    expect(divRoundHalfUp(0, 1000)).toBe(0);
  });

  it('prices a fill-up: list amount and discount each rounded, the amount paid their difference', () => {
    // 40.12 L of 95# at 8.02 元/L, 金卡 −0.30 元/L: 321.7624 → 321.76 元, 12.036 → 12.04 元.
    expect(priceFillUp(40_120, 802, 30)).toEqual({ discountFenPerUnit: 30, grossFen: 32_176, discountFen: 1_204, amountFen: 30_972 });
    expect(priceFillUp(2, 750, 0)).toEqual({ discountFenPerUnit: 0, grossFen: 2, discountFen: 0, amountFen: 2 });
    // A discount above the price gives the fuel away, never money back.
    expect(priceFillUp(1_000, 500, 900)).toEqual({ discountFenPerUnit: 500, grossFen: 500, discountFen: 500, amountFen: 0 });
    // The largest fill-up at the highest price stays exact.
    expect(priceFillUp(10_000_000, 100_000, 1)).toEqual({ discountFenPerUnit: 1, grossFen: 1_000_000_000, discountFen: 10_000, amountFen: 999_990_000 });
  });

  it('earns by grade per unit or per 元, rounded down', () => {
    expect(gradePoints({ per: 'unit', points: 2 }, 40_120, 30_972)).toBe(80);
    expect(gradePoints({ per: 'unit', points: 1 }, 999, 750)).toBe(0);
    expect(gradePoints({ per: 'yuan', points: 1 }, 50_000, 37_250)).toBe(372);
  });

  it('keeps the merchant rule’s share for the rest of the purchase', () => {
    const purchase = { amountFen: 40_000, points: 400, lines: [{ amountFen: 30_000 }, { amountFen: 5_000 }] };
    // The fuel line earns 60 by its grade; the shop line and the unitemised 50 元 earn 100 of the 400.
    expect(pointsWithGrades(purchase, [60, null])).toBe(60 + 100);
    expect(pointsWithGrades(purchase, [null, null])).toBe(400);
    expect(pointsWithGrades({ amountFen: 0, points: 0, lines: [{ amountFen: 0 }] }, [0])).toBe(0);
  });
});
