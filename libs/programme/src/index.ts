import { CheckoutPolicySchema } from './domain/checkout-policy.entity';
import { CheckoutQuoteSchema } from './domain/checkout-quote.entity';
import { VisitCardProductSchema, VisitCardSchema, VisitCardUseSchema } from './domain/visit-card.entity';
import { CouponRuleSchema } from './domain/coupon-rule.entity';
import { RulePointsGrantSchema } from './domain/rule-points-grant.entity';
import { CardPurchaseSchema, CardTypeSchema, MemberCardSchema } from './domain/member-card.entity';
import { ReferralCodeSchema, ReferralProgramSchema, ReferralSchema } from './domain/referral.entity';
import { PromotionSchema } from './domain/promotion.entity';
import { CouponSchema } from './domain/coupon.entity';
import { CouponTemplateSchema } from './domain/coupon-template.entity';
import { GrowthAwardSchema } from './domain/growth-award.entity';
import { LevelSchemeSchema } from './domain/level-scheme.entity';
import { MemberLevelChangeSchema } from './domain/member-level-change.entity';
import { MemberLevelSchema } from './domain/member-level.entity';
import { QualifyingSpendSchema } from './domain/qualifying-spend.entity';
import { StoredValuePaymentSchema } from './domain/stored-value-payment.entity';
import { StoredValuePlanSchema } from './domain/stored-value-plan.entity';
import { StoredValueBonusReleaseSchema, StoredValueRechargeSchema } from './domain/stored-value-recharge.entity';

export const programmeEntities = [
  LevelSchemeSchema,
  MemberLevelSchema,
  MemberLevelChangeSchema,
  QualifyingSpendSchema,
  GrowthAwardSchema,
  StoredValuePlanSchema,
  StoredValueRechargeSchema,
  StoredValueBonusReleaseSchema,
  StoredValuePaymentSchema,
  CouponTemplateSchema,
  CouponSchema,
  CouponRuleSchema,
  RulePointsGrantSchema,
  PromotionSchema,
  CardTypeSchema,
  MemberCardSchema,
  CardPurchaseSchema,
  ReferralProgramSchema,
  ReferralCodeSchema,
  ReferralSchema,
  CheckoutPolicySchema,
  CheckoutQuoteSchema,
  VisitCardProductSchema,
  VisitCardSchema,
  VisitCardUseSchema,
];
export { ProgrammeModule } from './programme.module';
export { LevelReviewScheduler } from './application/level-review.scheduler';
export { CouponRuleScheduler } from './application/coupon-rule.scheduler';
export { CouponExpiryScheduler } from './application/coupon-expiry.scheduler';
export { StoredValueBonusScheduler } from './application/stored-value-bonus.scheduler';
export { EXAMPLE_LEVEL_SCHEME, type LevelSchemeInput } from './domain/level-rules';
export * from './contracts/programme-events.v1';
export { LevelEngine, type MemberLevelState } from './application/level-engine';
export { IssueCampaignCouponsCommand, type CampaignCouponOutcome } from './contracts/issue-campaign-coupons.command';
export { MemberMeasuresQuery } from './contracts/member-measures.query';
export { LevelMeasureSources, type LevelMeasureSource, type LevelMeasureRequest, type LevelMeasureQuery } from './contracts/level-measure-sources';
export { PayFromBalanceHandler, type BalancePaymentResult } from './application/commands/pay-from-balance.command';
export { balancePaymentInput, type BalancePaymentInput, sellVisitCardInput, type SellVisitCardInput, useVisitCardInput, type UseVisitCardInput } from './application/programme-inputs';
export { SellVisitCardHandler, type SoldVisitCard, type VisitCardView } from './application/commands/sell-visit-card.command';
export { UseVisitCardHandler } from './application/commands/use-visit-card.command';
export { CouponIssuer, type IssuedCoupon } from './application/coupon-issuer';
