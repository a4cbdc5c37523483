import { Module } from '@nestjs/common';
import { LedgerModule } from '@loyalty/ledger';
import { LoyaltyModule } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { TenancyModule } from '@loyalty/tenancy';
import { LevelsResolver } from './api/graphql/levels.resolver';
import { CardsResolver } from './api/graphql/cards.resolver';
import { ReferralsResolver } from './api/graphql/referrals.resolver';
import { ConfigureReferralProgramHandler } from './application/commands/configure-referral-program.command';
import { GetReferralCodeHandler } from './application/commands/referral-code.command';
import { RecordReferralHandler } from './application/commands/record-referral.command';
import { ListReferralsHandler } from './application/queries/referral.queries';
import { ListCheckoutsHandler } from './application/queries/checkout.queries';
import { GetMerchantSettingHandler } from './application/queries/merchant-setting.queries';
import { ReferralRewards } from './application/referral-rewards';
import { CheckoutResolver } from './api/graphql/checkout.resolver';
import { CancelMemberCardHandler } from './application/commands/cancel-member-card.command';
import { CreateCardTypeHandler } from './application/commands/create-card-type.command';
import { IssueCardHandler } from './application/commands/issue-internal-card.command';
import { TakeCardHandler } from './application/commands/take-card.command';
import { MemberCards } from './application/member-cards';
import { PointsGrant } from './application/points-grant';
import { ListCardTypesHandler, ListMemberCardsHandler } from './application/queries/card.queries';
import { PromotionsResolver } from './api/graphql/promotions.resolver';
import { CreatePromotionHandler } from './application/commands/create-promotion.command';
import { EndPromotionHandler } from './application/commands/end-promotion.command';
import { ListPromotionsHandler } from './application/queries/promotion.queries';
import { CouponsResolver } from './api/graphql/coupons.resolver';
import { VisitCardsResolver } from './api/graphql/visit-cards.resolver';
import { CreateVisitCardProductHandler } from './application/commands/create-visit-card-product.command';
import { SellVisitCardHandler } from './application/commands/sell-visit-card.command';
import { UseVisitCardHandler } from './application/commands/use-visit-card.command';
import { ListMemberVisitCardsHandler, ListVisitCardProductsHandler } from './application/queries/visit-card.queries';
import { CheckoutPricer } from './application/checkout-pricer';
import { CommitCheckoutHandler } from './application/commands/commit-checkout.command';
import { ConfigureCheckoutPolicyHandler } from './application/commands/configure-checkout-policy.command';
import { CreateQuoteHandler } from './application/commands/create-quote.command';
import { StoredValueResolver } from './api/graphql/stored-value.resolver';
import { COUPON_EXPIRY_INTERVAL_MS, CouponExpiryScheduler } from './application/coupon-expiry.scheduler';
import { CouponIssuer } from './application/coupon-issuer';
import { CouponRuleService } from './application/coupon-rule.service';
import { COUPON_RULE_INTERVAL_MS, CouponRuleScheduler } from './application/coupon-rule.scheduler';
import { CreateCouponRuleHandler } from './application/commands/create-coupon-rule.command';
import { NewMemberConsumer } from './application/new-member.consumer';
import { CreateCouponTemplateHandler } from './application/commands/create-coupon-template.command';
import { IssueCouponHandler } from './application/commands/issue-coupon.command';
import { IssueCampaignCouponsHandler } from './application/commands/issue-campaign-coupons.handler';
import { RedeemCouponsHandler } from './application/commands/redeem-coupons.command';
import { RevokeCouponHandler } from './application/commands/revoke-coupon.command';
import { ListCouponRulesHandler, ListCouponTemplatesHandler, ListMemberCouponsHandler } from './application/queries/coupon.queries';
import { CardsPosController } from './api/pos/cards.pos.controller';
import { CheckoutPosController } from './api/pos/checkout.pos.controller';
import { LevelsPosController } from './api/pos/levels.pos.controller';
import { StoredValuePosController } from './api/pos/stored-value.pos.controller';
import { ConfigureStoredValuePlanHandler } from './application/commands/configure-stored-value-plan.command';
import { PayFromBalanceHandler } from './application/commands/pay-from-balance.command';
import { RechargeStoredValueHandler } from './application/commands/recharge-stored-value.command';
import { RefundBalancePaymentHandler } from './application/commands/refund-balance-payment.command';
import { RefundRechargeHandler } from './application/commands/refund-recharge.command';
import { GetMemberStoredValueHandler, ListStoredValueTransactionsHandler } from './application/queries/stored-value.queries';
import { BONUS_RELEASE_INTERVAL_MS, StoredValueBonusScheduler } from './application/stored-value-bonus.scheduler';
import { StoredValueService } from './application/stored-value.service';
import { ChangeMemberLevelHandler } from './application/commands/change-member-level.command';
import { ConfigureLevelSchemeHandler } from './application/commands/configure-level-scheme.command';
import { ReevaluateLevelsHandler } from './application/commands/reevaluate-levels.command';
import { RecordGrowthEventHandler } from './application/commands/record-growth-event.command';
import { GrowthService } from './application/growth.service';
import { LevelEngine } from './application/level-engine';
import { LevelMemberCriterion } from './application/level-member-criterion';
import { LevelMeasureSources } from './contracts/level-measure-sources';
import { MemberMeasuresHandler } from './application/queries/member-measures.query';
import { LEVEL_REVIEW_INTERVAL_MS, LevelReviewScheduler } from './application/level-review.scheduler';
import { ProgrammePurchaseHook } from './application/programme-purchase.hook';
import { GetMemberLevelHandler, ListGrowthHistoryHandler, ListLevelHistoryHandler, ListLevelSchemesHandler } from './application/queries/programme.queries';

/** The membership programme (会员体系): cards, levels, growth value, stored value, visit cards, coupons, promotions, checkout and referrals, on top of the loyalty core. */
@Module({
  imports: [LedgerModule, MembersModule, TenancyModule, LoyaltyModule],
  controllers: [LevelsPosController, CardsPosController, StoredValuePosController, CheckoutPosController],
  providers: [
    LevelEngine,
    LevelMemberCriterion,
    LevelMeasureSources,
    MemberMeasuresHandler,
    GrowthService,
    ProgrammePurchaseHook,
    LevelReviewScheduler,
    { provide: LEVEL_REVIEW_INTERVAL_MS, useValue: 3_600_000 },
    ConfigureLevelSchemeHandler,
    ReevaluateLevelsHandler,
    ChangeMemberLevelHandler,
    RecordGrowthEventHandler,
    ListLevelSchemesHandler,
    GetMemberLevelHandler,
    ListLevelHistoryHandler,
    ListGrowthHistoryHandler,
    LevelsResolver,
    StoredValueService,
    StoredValueBonusScheduler,
    { provide: BONUS_RELEASE_INTERVAL_MS, useValue: 3_600_000 },
    ConfigureStoredValuePlanHandler,
    RechargeStoredValueHandler,
    PayFromBalanceHandler,
    RefundBalancePaymentHandler,
    RefundRechargeHandler,
    GetMerchantSettingHandler,
    GetMemberStoredValueHandler,
    ListStoredValueTransactionsHandler,
    StoredValueResolver,
    CouponExpiryScheduler,
    { provide: COUPON_EXPIRY_INTERVAL_MS, useValue: 3_600_000 },
    CreateCouponTemplateHandler,
    IssueCouponHandler,
    IssueCampaignCouponsHandler,
    RevokeCouponHandler,
    RedeemCouponsHandler,
    ListCouponTemplatesHandler,
    ListMemberCouponsHandler,
    CouponsResolver,
    CouponIssuer,
    CouponRuleService,
    CouponRuleScheduler,
    { provide: COUPON_RULE_INTERVAL_MS, useValue: 3_600_000 },
    CreateCouponRuleHandler,
    ListCouponRulesHandler,
    NewMemberConsumer,
    CheckoutPricer,
    PointsGrant,
    ConfigureCheckoutPolicyHandler,
    CreateQuoteHandler,
    CommitCheckoutHandler,
    ListCheckoutsHandler,
    CheckoutResolver,
    CreatePromotionHandler,
    EndPromotionHandler,
    ListPromotionsHandler,
    PromotionsResolver,
    MemberCards,
    CreateCardTypeHandler,
    TakeCardHandler,
    IssueCardHandler,
    CancelMemberCardHandler,
    ListCardTypesHandler,
    ListMemberCardsHandler,
    CardsResolver,
    ReferralRewards,
    ConfigureReferralProgramHandler,
    GetReferralCodeHandler,
    RecordReferralHandler,
    ListReferralsHandler,
    ReferralsResolver,
    CreateVisitCardProductHandler,
    SellVisitCardHandler,
    UseVisitCardHandler,
    ListVisitCardProductsHandler,
    ListMemberVisitCardsHandler,
    VisitCardsResolver,
  ],
  exports: [LevelReviewScheduler, StoredValueBonusScheduler, CouponExpiryScheduler, CouponRuleScheduler, LevelEngine, LevelMeasureSources, PayFromBalanceHandler, SellVisitCardHandler, UseVisitCardHandler, CouponIssuer],
})
export class ProgrammeModule {}
