import { mulDivFloor, unprocessable } from '@loyalty/shared';
import { type ApplicableCoupon, couponDiscounts } from './coupon-rules';
import { type SpendOrder, splitPayment } from './stored-value-rules';

export interface CheckoutLine {
  sku: string;
  name?: string;
  quantity: number;
  amountFen: number;
}

/** Everything a price depends on, read at quote time and again at commit. */
export interface PricingState {
  lines: CheckoutLine[];
  level: { code: string; discountPermille: number } | null;
  coupons: (ApplicableCoupon & { giftName: string | null })[];
  points: { requested: number | 'MAX'; available: number; pointsPerYuan: number; maxSharePermille: number };
  balance: { use: boolean; principalFen: number; bonusFen: number; spendOrder: SpendOrder };
}

export interface PricedLine {
  sku: string;
  name: string | null;
  quantity: number;
  amountFen: number;
  levelDiscountFen: number;
  couponDiscountFen: number;
  pointsDeductionFen: number;
  /** What the member pays for the line with money: stored value and cash. */
  payableFen: number;
  balanceFen: number;
  cashFen: number;
}

export interface PricedCheckout {
  subtotalFen: number;
  levelCode: string | null;
  levelDiscountFen: number;
  couponDiscountFen: number;
  coupons: { couponId: string; discountFen: number; giftName: string | null }[];
  pointsUsed: number;
  pointsDeductionFen: number;
  /** Paid with money (stored value and cash): what earns points and growth, and counts as spend. */
  payableFen: number;
  balancePrincipalFen: number;
  balanceBonusFen: number;
  cashDueFen: number;
  lines: PricedLine[];
  explanation: string[];
}

/**
 * Splits `total` over lines in proportion to `weights`, rounded down, the 分 left over going one
 * each to the lines with the largest remainders (ties: the earlier line). Never more than a weight.
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => mulDivFloor(total, w, sum));
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(total) * BigInt(w)) % BigInt(sum) }));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { i } of remainders) {
    if (left === 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}

/**
 * 结算: the price of an order in this order — the level's discount off the subtotal, the chosen
 * coupons on what is left (thresholds against it), points as money up to the merchant's share of
 * the bill at its rate, then stored value, the rest in cash. Each step is spread over the lines
 * (explained per line), and all of it is exact to the 分.
 */
export function priceCheckout(state: PricingState): PricedCheckout {
  const amounts = state.lines.map((l) => l.amountFen);
  const subtotal = amounts.reduce((a, b) => a + b, 0);
  const explanation: string[] = [];

  const levelDiscount = state.level ? mulDivFloor(subtotal, state.level.discountPermille, 1000) : 0;
  if (levelDiscount > 0) explanation.push(`${state.level!.code}: ${state.level!.discountPermille}‰ off ${subtotal} 分 = ${levelDiscount} 分`);
  const levelByLine = allocate(levelDiscount, amounts);
  const afterLevel = subtotal - levelDiscount;

  const discounts = couponDiscounts(afterLevel, state.coupons);
  const couponDiscount = [...discounts.values()].reduce((a, b) => a + b, 0);
  for (const c of state.coupons) explanation.push(`coupon ${c.id}: ${discounts.get(c.id)} 分 off${c.giftName ? `, gift ${c.giftName}` : ''}`);
  const couponByLine = allocate(
    couponDiscount,
    amounts.map((a, i) => a - levelByLine[i]),
  );
  const afterCoupons = afterLevel - couponDiscount;

  const { points } = state;
  const maxDeduction = mulDivFloor(afterCoupons, points.maxSharePermille, 1000);
  const pointsCap = Math.min(points.available, mulDivFloor(maxDeduction, points.pointsPerYuan, 100));
  if (points.requested !== 'MAX' && points.requested > pointsCap) {
    throw unprocessable('POINTS_DEDUCTION_EXCEEDED', `At most ${pointsCap} points can pay for this order`, { maxPoints: pointsCap });
  }
  const offered = points.requested === 'MAX' ? pointsCap : points.requested;
  const pointsDeduction = mulDivFloor(offered, 100, points.pointsPerYuan);
  // The fewest points that buy that deduction.
  const pointsUsed = pointsDeduction === 0 ? 0 : Math.ceil((pointsDeduction * points.pointsPerYuan) / 100);
  if (pointsUsed > 0) explanation.push(`${pointsUsed} points at ${points.pointsPerYuan} per ¥1 = ${pointsDeduction} 分 (at most ${points.maxSharePermille}‰ of ${afterCoupons} 分)`);
  const pointsByLine = allocate(
    pointsDeduction,
    amounts.map((a, i) => a - levelByLine[i] - couponByLine[i]),
  );
  const payable = afterCoupons - pointsDeduction;

  const fromBalance = state.balance.use ? Math.min(payable, state.balance.principalFen + state.balance.bonusFen) : 0;
  const split = splitPayment(fromBalance, state.balance.principalFen, state.balance.bonusFen, state.balance.spendOrder);
  if (fromBalance > 0) explanation.push(`stored value: ${split.principal} 分 principal + ${split.bonus} 分 bonus`);
  const payableByLine = amounts.map((a, i) => a - levelByLine[i] - couponByLine[i] - pointsByLine[i]);
  const balanceByLine = allocate(fromBalance, payableByLine);
  const cash = payable - fromBalance;
  if (cash > 0) explanation.push(`cash due: ${cash} 分`);

  return {
    subtotalFen: subtotal,
    levelCode: state.level?.code ?? null,
    levelDiscountFen: levelDiscount,
    couponDiscountFen: couponDiscount,
    coupons: state.coupons.map((c) => ({ couponId: c.id, discountFen: discounts.get(c.id)!, giftName: c.giftName })),
    pointsUsed,
    pointsDeductionFen: pointsDeduction,
    payableFen: payable,
    balancePrincipalFen: split.principal,
    balanceBonusFen: split.bonus,
    cashDueFen: cash,
    lines: state.lines.map((line, i) => ({
      sku: line.sku,
      name: line.name ?? null,
      quantity: line.quantity,
      amountFen: line.amountFen,
      levelDiscountFen: levelByLine[i],
      couponDiscountFen: couponByLine[i],
      pointsDeductionFen: pointsByLine[i],
      payableFen: payableByLine[i],
      balanceFen: balanceByLine[i],
      cashFen: payableByLine[i] - balanceByLine[i],
    })),
    explanation,
  };
}
