import { codeOf } from './code-of';
import { bonusTierFor, checkStoredValuePlan, monthlyParts, principalRefunded, splitPayment, storedValuePlanInput } from '../stored-value-rules';


describe('stored value rules', () => {
  it('splits a payment by the spend order, never taking more than either part holds', () => {
    expect(splitPayment(110_00, 100_00, 20_00, 'PRINCIPAL_FIRST')).toEqual({ principal: 100_00, bonus: 10_00 });
    expect(splitPayment(110_00, 100_00, 20_00, 'BONUS_FIRST')).toEqual({ principal: 90_00, bonus: 20_00 });
    expect(splitPayment(60_00, 100_00, 20_00, 'PROPORTIONAL')).toEqual({ principal: 50_00, bonus: 10_00 });
    expect(splitPayment(1, 100_00, 20_00, 'PROPORTIONAL')).toEqual({ principal: 1, bonus: 0 });
    expect(splitPayment(120_00, 100_00, 20_00, 'PROPORTIONAL')).toEqual({ principal: 100_00, bonus: 20_00 });
    expect(codeOf(() => splitPayment(120_01, 100_00, 20_00, 'PRINCIPAL_FIRST'))).toBe('INSUFFICIENT_BALANCE');
  });

  it('returns principal in the payment’s proportion, cumulatively, all of it at the full refund', () => {
    const payment = { amountFen: 110_00, principalFen: 100_00 };
    expect(principalRefunded(payment, 55_00)).toBe(50_00);
    expect(principalRefunded(payment, 1)).toBe(0);
    expect(principalRefunded(payment, 33)).toBe(30);
    expect(principalRefunded(payment, 110_00)).toBe(100_00);
  });

  it('picks the highest tier reached and splits monthly bonuses without losing a 分', () => {
    const tiers = storedValuePlanInput.parse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', bonusTiers: [{ minPayFen: 100_00, bonusFen: 20_00 }, { minPayFen: 500_00, bonusFen: 150_00 }] }).bonusTiers;
    expect(bonusTierFor(tiers, 99_99)).toBeUndefined();
    expect(bonusTierFor(tiers, 100_00)?.bonusFen).toBe(20_00);
    expect(bonusTierFor(tiers, 499_99)?.bonusFen).toBe(20_00);
    expect(bonusTierFor(tiers, 500_00)?.bonusFen).toBe(150_00);
    expect(monthlyParts(100_01, 3)).toEqual([33_35, 33_33, 33_33]);
    expect(monthlyParts(100_01, 3).reduce((a, b) => a + b)).toBe(100_01);
  });

  it('refuses plans that cannot work, each with its code', () => {
    const plan = (bonusTiers: unknown[]) => storedValuePlanInput.parse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', bonusTiers });
    expect(codeOf(() => checkStoredValuePlan(plan([{ minPayFen: 100_00, bonusFen: 20_00 }, { minPayFen: 200_00, bonusFen: 50_00 }])))).toBe('accepted');
    expect(codeOf(() => checkStoredValuePlan(plan([{ minPayFen: 100_00, bonusFen: 20_00 }, { minPayFen: 100_00, bonusFen: 30_00 }])))).toBe('BONUS_TIER_REPEATED');
    expect(codeOf(() => checkStoredValuePlan(plan([{ minPayFen: 100_00, bonusFen: 20_00 }, { minPayFen: 200_00, bonusFen: 10_00 }])))).toBe('BONUS_TIERS_DECREASING');
    expect(codeOf(() => checkStoredValuePlan(plan([{ minPayFen: 100_00, bonusFen: 100_01 }])))).toBe('BONUS_TOO_LARGE');
    expect(storedValuePlanInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', bonusTiers: [{ minPayFen: 100_00, bonusFen: -1 }] }).success).toBe(false);
    expect(storedValuePlanInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', bonusTiers: [{ minPayFen: 100_00, bonusFen: 1, release: 'MONTHLY' }] }).success).toBe(false);
  });
});
