import { DomainError, formatYuan, mulDivFloor, unprocessable } from '@loyalty/shared';
import { allocate, type CheckoutLine } from './allocation';
import { type ApplicableCoupon, bestCoupons, couponDiscounts } from './coupon-rules';
import { type ActivePromotion, type AppliedPromotion, applyPromotions, promotionSets } from './promotion-rules';
import { type SpendOrder, splitPayment } from './stored-value-rules';

/** A coupon as the quote prices it. */
export interface PricingCoupon extends ApplicableCoupon {
  name: string;
  giftName: string | null;
}

/** Everything a price depends on, read at quote time and again at commit. */
export interface PricingState {
  lines: CheckoutLine[];
  /** The merchant's promotions running now. */
  promotions: ActivePromotion[];
  level: { code: string; name: string; discountPermille: number } | null;
  /** The coupons the till named or, when the member lets the till choose, every coupon usable here now (soonest to expire first). */
  coupons: PricingCoupon[];
  chooseCoupons: boolean;
  points: { requested: number | 'MAX'; available: number; pointsPerYuan: number; maxSharePermille: number };
  balance: { use: boolean; principalFen: number; bonusFen: number; spendOrder: SpendOrder };
}

export const LINE_REASONS = ['PROMOTION', 'MEMBER_PRICE', 'LEVEL_DISCOUNT', 'COUPON', 'POINTS', 'STORED_VALUE', 'CASH'] as const;

/** One step that made a line's amount: its code and parameters for software, its words for people (zh-CN). */
export interface LineReason {
  code: (typeof LINE_REASONS)[number];
  amountFen: number;
  params: Record<string, string | number>;
  text: string;
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
  /** Each discount and payment share of the line, in the order they were taken. */
  reasons: LineReason[];
}

export interface PricedCheckout {
  subtotalFen: number;
  promotionDiscountFen: number;
  promotions: { promotionId: string; name: string; discountFen: number }[];
  levelCode: string | null;
  levelDiscountFen: number;
  couponDiscountFen: number;
  coupons: { couponId: string; name: string; discountFen: number; giftName: string | null }[];
  pointsUsed: number;
  pointsDeductionFen: number;
  /** Paid with money (stored value and cash): what earns points and growth, and counts as spend. */
  payableFen: number;
  balancePrincipalFen: number;
  balanceBonusFen: number;
  cashDueFen: number;
  /** 满额返现 earned by this order: 分 into stored value (bonus), or points. */
  cashbacks: { promotionId: string; name: string; into: 'STORED_VALUE' | 'POINTS'; amount: number }[];
  /** How many combinations of promotions, member prices or level discount, and coupons were compared. */
  combinationsCompared: number;
  lines: PricedLine[];
  explanation: string[];
}

/** A combination of discounts the quote may give: a set of promotions that may go together, and coupons. */
interface Combination {
  promotions: ActivePromotion[];
  cashbacks: ActivePromotion[];
}

/** A combination priced down to what the member owes before paying with points or money. */
interface Discounted {
  combination: Combination;
  applied: AppliedPromotion[];
  promotionByLine: number[];
  levelDiscount: number;
  levelByLine: number[];
  coupons: { coupon: PricingCoupon; discountFen: number; byLine: number[] }[];
  /** What is left to pay, by points or money. */
  totalFen: number;
}

const yuan = (fen: number) => `¥${formatYuan(fen)}`;
const permilleText = (permille: number) => `${Math.floor(permille / 10)}${permille % 10 ? `.${permille % 10}` : ''}%`;

/**
 * 结算: the price of an order. The quote compares every combination the rules allow — the stacked
 * promotions or each exclusive one alone; member prices (会员价, with the level discount on the other
 * lines) or the level discount on every line; the named coupons, or the best of the member's when
 * the till lets the quote choose — and takes the one that leaves the member least to pay (ties:
 * fewer coupons, then stacked before exclusive, member prices before the level discount). Then
 * points as money up to the merchant's share of the bill at its rate, stored value, the rest in cash.
 * Each step is spread over the lines and explained per line, all of it exact to the 分.
 */
export function priceCheckout(state: PricingState): PricedCheckout {
  const amounts = state.lines.map((l) => l.amountFen);
  const subtotal = amounts.reduce((a, b) => a + b, 0);
  const levelCode = state.level?.code ?? null;

  const combinations = promotionSets(state.promotions, levelCode).flatMap(({ discounts, cashbacks }) => {
    const withoutMemberPrices = discounts.filter((p) => p.config.kind !== 'LEVEL_PRICE');
    const alternatives = withoutMemberPrices.length < discounts.length && (state.level?.discountPermille ?? 0) > 0 ? [discounts, withoutMemberPrices] : [discounts];
    return alternatives.map((promotions) => ({ promotions, cashbacks }));
  });
  let best: Discounted | null = null;
  let refusal: DomainError | null = null;
  for (const combination of combinations) {
    let candidate: Discounted;
    try {
      candidate = discount(state, combination);
    } catch (error) {
      // Named coupons this combination leaves below their threshold: another may still take them.
      if (!(error instanceof DomainError)) throw error;
      refusal ??= error;
      continue;
    }
    if (!best || candidate.totalFen < best.totalFen || (candidate.totalFen === best.totalFen && candidate.coupons.length < best.coupons.length)) best = candidate;
  }
  if (!best) throw refusal!;

  const { applied, promotionByLine, levelDiscount, levelByLine, coupons } = best;
  const promotionDiscount = promotionByLine.reduce((a, b) => a + b, 0);
  const couponDiscount = coupons.reduce((a, c) => a + c.discountFen, 0);
  const afterCoupons = best.totalFen;
  const couponByLine = amounts.map((_, i) => coupons.reduce((a, c) => a + c.byLine[i], 0));
  const explanation: string[] = [];
  if (combinations.length > 1) explanation.push(`比较了 ${combinations.length} 种优惠组合，选用会员付得最少的一种`);
  for (const p of applied) explanation.push(`${p.kind === 'LEVEL_PRICE' ? '会员价' : '促销'}「${p.name}」：减 ${yuan(p.discountFen)}`);
  if (levelDiscount > 0) explanation.push(`等级折扣 ${state.level!.name}（${permilleText(state.level!.discountPermille)}）：减 ${yuan(levelDiscount)}`);
  for (const { coupon, discountFen } of coupons) explanation.push(`优惠券「${coupon.name}」：减 ${yuan(discountFen)}${coupon.giftName ? `，赠品 ${coupon.giftName}` : ''}`);

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
  if (pointsUsed > 0) explanation.push(`积分抵扣：${pointsUsed} 积分抵 ${yuan(pointsDeduction)}（每 ¥1 ${points.pointsPerYuan} 积分，最多抵 ${permilleText(points.maxSharePermille)}）`);
  const pointsByLine = allocate(
    pointsDeduction,
    amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i] - couponByLine[i]),
  );
  const payable = afterCoupons - pointsDeduction;
  const cashbacks = best.combination.cashbacks.flatMap((p) =>
    p.config.kind === 'CASHBACK' && payable >= p.config.minFen ? [{ promotionId: p.id, name: p.name, into: p.config.into, amount: p.config.amount }] : [],
  );
  for (const c of cashbacks) explanation.push(`满额返现「${c.name}」：${c.into === 'POINTS' ? `${c.amount} 积分` : `${yuan(c.amount)} 存入储值`}`);

  const fromBalance = state.balance.use ? Math.min(payable, state.balance.principalFen + state.balance.bonusFen) : 0;
  const split = splitPayment(fromBalance, state.balance.principalFen, state.balance.bonusFen, state.balance.spendOrder);
  if (fromBalance > 0) explanation.push(`储值支付：本金 ${yuan(split.principal)} + 赠送 ${yuan(split.bonus)}`);
  const payableByLine = amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i] - couponByLine[i] - pointsByLine[i]);
  const balanceByLine = allocate(fromBalance, payableByLine);
  const cash = payable - fromBalance;
  if (cash > 0) explanation.push(`现金应付：${yuan(cash)}`);

  const reasonsOf = (i: number): LineReason[] => {
    const reasons: LineReason[] = [];
    const add = (code: LineReason['code'], amountFen: number, params: LineReason['params'], text: string) => {
      if (amountFen > 0) reasons.push({ code, amountFen, params, text: `${text} ${yuan(amountFen)}` });
    };
    for (const p of applied) {
      if (p.kind === 'LEVEL_PRICE') add('MEMBER_PRICE', p.lineDiscountsFen[i], { promotionId: p.promotionId, name: p.name, levelCode: levelCode! }, `会员价「${p.name}」减`);
      else add('PROMOTION', p.lineDiscountsFen[i], { promotionId: p.promotionId, name: p.name, kind: p.kind }, `促销「${p.name}」减`);
    }
    if (state.level) {
      const { code, name, discountPermille } = state.level;
      add('LEVEL_DISCOUNT', levelByLine[i], { levelCode: code, discountPermille }, `等级折扣 ${name}（${permilleText(discountPermille)}）减`);
    }
    for (const c of coupons) add('COUPON', c.byLine[i], { couponId: c.coupon.id, name: c.coupon.name, orderDiscountFen: c.discountFen }, `优惠券「${c.coupon.name}」分摊减`);
    add('POINTS', pointsByLine[i], { pointsUsed, orderDeductionFen: pointsDeduction }, `积分抵扣（共 ${pointsUsed} 积分）分摊`);
    add('STORED_VALUE', balanceByLine[i], {}, '储值支付');
    add('CASH', payableByLine[i] - balanceByLine[i], {}, '现金应付');
    return reasons;
  };

  return {
    subtotalFen: subtotal,
    promotionDiscountFen: promotionDiscount,
    promotions: applied.map((p) => ({ promotionId: p.promotionId, name: p.name, discountFen: p.discountFen })),
    levelCode,
    levelDiscountFen: levelDiscount,
    couponDiscountFen: couponDiscount,
    coupons: coupons.map(({ coupon, discountFen }) => ({ couponId: coupon.id, name: coupon.name, discountFen, giftName: coupon.giftName })),
    pointsUsed,
    pointsDeductionFen: pointsDeduction,
    payableFen: payable,
    balancePrincipalFen: split.principal,
    balanceBonusFen: split.bonus,
    cashDueFen: cash,
    cashbacks,
    combinationsCompared: combinations.length,
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
      reasons: reasonsOf(i),
    })),
    explanation,
  };
}

/**
 * One combination: its promotions on the lines; the level's discount off what is left of the lines
 * no member price touched (会员价 and the level discount are not both given on a line); then the
 * coupons on what is left (thresholds against it), each spread over the lines.
 */
function discount(state: PricingState, combination: Combination): Discounted {
  const amounts = state.lines.map((l) => l.amountFen);
  const { applied, lineDiscounts: promotionByLine } = applyPromotions(state.lines, combination.promotions, state.level?.code ?? null);
  const memberPriced = amounts.map((_, i) => applied.some((p) => p.kind === 'LEVEL_PRICE' && p.lineDiscountsFen[i] > 0));
  const levelBase = amounts.map((a, i) => (memberPriced[i] ? 0 : a - promotionByLine[i]));
  const levelDiscount = state.level ? mulDivFloor(levelBase.reduce((a, b) => a + b, 0), state.level.discountPermille, 1000) : 0;
  const levelByLine = allocate(levelDiscount, levelBase);
  const afterLevel = amounts.map((a, i) => a - promotionByLine[i] - levelByLine[i]);
  const base = afterLevel.reduce((a, b) => a + b, 0);

  const chosen = state.chooseCoupons ? bestCoupons(base, state.coupons) : { coupons: state.coupons, discounts: couponDiscounts(base, state.coupons) };
  const remaining = [...afterLevel];
  // In the order they were taken off (fixed amounts before percentages).
  const coupons = [...chosen.discounts].map(([id, discountFen]) => {
    const coupon = chosen.coupons.find((c) => c.id === id)!;
    const byLine = allocate(discountFen, remaining);
    byLine.forEach((off, i) => (remaining[i] -= off));
    return { coupon, discountFen, byLine };
  });
  return { combination, applied, promotionByLine, levelDiscount, levelByLine, coupons, totalFen: remaining.reduce((a, b) => a + b, 0) };
}
