import { mulDivFloor, unprocessable } from '@loyalty/shared';
import { allocate, type CheckoutLine } from './allocation';
import { type ApplicableCoupon, couponDiscounts } from './coupon-rules';
import { type ActivePromotion, applyPromotions } from './promotion-rules';
import { type SpendOrder, splitPayment } from './stored-value-rules';


/** Everything a price depends on, read at quote time and again at commit. */
export interface PricingState {
  lines: CheckoutLine[];
  /** The merchant's promotions running now. */
  promotions: ActivePromotion[];
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
  promotionDiscountFen: number;
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
  promotionDiscountFen: number;
  promotions: { promotionId: string; name: string; discountFen: number }[];
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
  /** 满额返现 earned by this order: 分 into stored value (bonus), or points. */
  cashbacks: { promotionId: string; name: string; into: 'STORED_VALUE' | 'POINTS'; amount: number }[];
  lines: PricedLine[];
  explanation: string[];
}

/**
 * 结算: the price of an order in this order — the merchant's promotions on the lines (by priority,
 * exclusive ones alone), the level's discount off what is left, the chosen
 * coupons on what is left (thresholds against it), points as money up to the merchant's share of
 * the bill at its rate, then stored value, the rest in cash. Each step is spread over the lines
 * (explained per line), and all of it is exact to the 分.
 */
export function priceCheckout(state: PricingState): PricedCheckout {
  const amounts = state.lines.map((l) => l.amountFen);
  const subtotal = amounts.reduce((a, b) => a + b, 0);
  const explanation: string[] = [];

  const promotions = applyPromotions(state.lines, state.promotions, state.level?.code ?? null);
  const promotionByLine = promotions.lineDiscounts;
  const promotionDiscount = promotionByLine.reduce((a, b) => a + b, 0);
  for (const p of promotions.applied) explanation.push(`promotion ${p.name}: ${p.discountFen} 分 off`);
  const afterPromotions = subtotal - promotionDiscount;

  const levelDiscount = state.level ? mulDivFloor(afterPromotions, state.level.discountPermille, 1000) : 0;
  if (levelDiscount > 0) explanation.push(`${state.level!.code}: ${state.level!.discountPermille}‰ off ${afterPromotions} 分 = ${levelDiscount} 分`);
  const levelByLine = allocate(
    levelDiscount,
    amounts.map((a, i) => a - promotionByLine[i]),
  );
  const afterLevel = afterPromotions - levelDiscount;

  const discounts = couponDiscounts(afterLevel, state.coupons);
  const couponDiscount = [...discounts.values()].reduce((a, b) => a + b, 0);
  for (const c of state.coupons) explanation.push(`coupon ${c.id}: ${discounts.get(c.id)} 分 off${c.giftName ? `, gift ${c.giftName}` : ''}`);
  const couponByLine = allocate(
    couponDiscount,
    amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i]),
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
    amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i] - couponByLine[i]),
  );
  const payable = afterCoupons - pointsDeduction;
  const cashbacks = promotions.cashbacks.flatMap((p) =>
    p.config.kind === 'CASHBACK' && payable >= p.config.minFen ? [{ promotionId: p.id, name: p.name, into: p.config.into, amount: p.config.amount }] : [],
  );
  for (const c of cashbacks) explanation.push(`cashback ${c.name}: ${c.amount} ${c.into === 'POINTS' ? 'points' : '分 into stored value'}`);

  const fromBalance = state.balance.use ? Math.min(payable, state.balance.principalFen + state.balance.bonusFen) : 0;
  const split = splitPayment(fromBalance, state.balance.principalFen, state.balance.bonusFen, state.balance.spendOrder);
  if (fromBalance > 0) explanation.push(`stored value: ${split.principal} 分 principal + ${split.bonus} 分 bonus`);
  const payableByLine = amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i] - couponByLine[i] - pointsByLine[i]);
  const balanceByLine = allocate(fromBalance, payableByLine);
  const cash = payable - fromBalance;
  if (cash > 0) explanation.push(`cash due: ${cash} 分`);

  return {
    subtotalFen: subtotal,
    promotionDiscountFen: promotionDiscount,
    promotions: promotions.applied,
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
    cashbacks,
    lines: state.lines.map((line, i) => ({
      sku: line.sku,
      name: line.name ?? null,
      quantity: line.quantity,
      amountFen: line.amountFen,
      promotionDiscountFen: promotionByLine[i],
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
