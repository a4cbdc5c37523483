import { Module } from '@nestjs/common';
import { LedgerModule } from '@loyalty/ledger';
import { LoyaltyModule } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { TenancyModule } from '@loyalty/tenancy';
import { LevelsResolver } from './api/graphql/levels.resolver';
import { StoredValueResolver } from './api/graphql/stored-value.resolver';
import { ProgrammePosController } from './api/pos/programme-pos.controller';
import { ConfigureStoredValuePlanHandler } from './application/commands/configure-stored-value-plan.command';
import { PayFromBalanceHandler } from './application/commands/pay-from-balance.command';
import { RechargeStoredValueHandler } from './application/commands/recharge-stored-value.command';
import { RefundBalancePaymentHandler } from './application/commands/refund-balance-payment.command';
import { RefundRechargeHandler } from './application/commands/refund-recharge.command';
import { GetMemberStoredValueHandler, GetStoredValuePlanHandler } from './application/queries/stored-value.queries';
import { BONUS_RELEASE_INTERVAL_MS, StoredValueBonusScheduler } from './application/stored-value-bonus.scheduler';
import { StoredValueService } from './application/stored-value.service';
import { ChangeMemberLevelHandler } from './application/commands/change-member-level.command';
import { ConfigureLevelSchemeHandler } from './application/commands/configure-level-scheme.command';
import { RecordGrowthEventHandler } from './application/commands/record-growth-event.command';
import { GrowthService } from './application/growth.service';
import { LevelEngine } from './application/level-engine';
import { LEVEL_REVIEW_INTERVAL_MS, LevelReviewScheduler } from './application/level-review.scheduler';
import { ProgrammePurchaseHook } from './application/programme-purchase.hook';
import { GetMemberLevelHandler, ListLevelHistoryHandler, ListLevelSchemesHandler } from './application/queries/programme.queries';

/** The membership programme (会员体系): levels, growth value and stored value, on top of the loyalty core. */
@Module({
  imports: [LedgerModule, MembersModule, TenancyModule, LoyaltyModule],
  controllers: [ProgrammePosController],
  providers: [
    LevelEngine,
    GrowthService,
    ProgrammePurchaseHook,
    LevelReviewScheduler,
    { provide: LEVEL_REVIEW_INTERVAL_MS, useValue: 3_600_000 },
    ConfigureLevelSchemeHandler,
    ChangeMemberLevelHandler,
    RecordGrowthEventHandler,
    ListLevelSchemesHandler,
    GetMemberLevelHandler,
    ListLevelHistoryHandler,
    LevelsResolver,
    StoredValueService,
    StoredValueBonusScheduler,
    { provide: BONUS_RELEASE_INTERVAL_MS, useValue: 3_600_000 },
    ConfigureStoredValuePlanHandler,
    RechargeStoredValueHandler,
    PayFromBalanceHandler,
    RefundBalancePaymentHandler,
    RefundRechargeHandler,
    GetStoredValuePlanHandler,
    GetMemberStoredValueHandler,
    StoredValueResolver,
  ],
  exports: [LevelReviewScheduler, StoredValueBonusScheduler],
})
export class ProgrammeModule {}
