import { Module } from '@nestjs/common';
import { LedgerModule } from '@loyalty/ledger';
import { MembersModule } from '@loyalty/members';
import { UploadAdmission } from '@loyalty/shared';
import { TenancyModule } from '@loyalty/tenancy';
import { RecordPurchaseHandler } from './application/commands/record-purchase.command';
import { RecordReturnHandler } from './application/commands/record-return.command';
import { RedeemPointsHandler } from './application/commands/redeem-points.command';
import { RefundPurchaseHandler } from './application/commands/refund-purchase.command';
import { RedemptionReturns } from './application/redemption-returns';
import { PointsExpiryScheduler } from './application/points-expiry.scheduler';
import { GetMember360Handler } from './application/queries/get-member-360.query';
import { Member360Resolver } from './api/graphql/member-360.resolver';
import { MemberLotsResolver } from './api/graphql/member-lots.resolver';
import { ListMemberLotsHandler } from './application/queries/list-member-lots.query';
import { LoyaltyPosController } from './api/pos/loyalty-pos.controller';
import { DailySalesPosController } from './api/pos/daily-sales.pos.controller';
import { ReportDailySalesHandler } from './application/commands/report-daily-sales.command';
import { PurchaseHooks } from './contracts/purchase-hooks';
import { RedemptionHoldsResolver } from './api/graphql/redemption-holds.resolver';
import { ReleaseRedemptionHoldsHandler } from './application/commands/release-redemption-holds.command';
import { HoldRedemptionsHandler } from './application/event-handlers/hold-redemptions.handler';
import { ListRedemptionHoldsHandler } from './application/queries/list-redemption-holds.query';
import { HistoryImportController } from './api/rest/history-import.controller';
import { HistoryImportsResolver } from './api/graphql/history-imports.resolver';
import { StartHistoryImportHandler } from './application/commands/start-history-import.command';
import { HistoryImportRunner } from './application/history-import/history-import.runner';
import { HistoryImportAdmission } from './application/history-import/history-import.admission';
import { GetHistoryImportHandler, ListHistoryImportsHandler } from './application/queries/history-imports.query';

/** Earning, spending and reversing points at the till, the member 360 view, and history imports from the console. */
@Module({
  imports: [LedgerModule, MembersModule, TenancyModule],
  controllers: [LoyaltyPosController, DailySalesPosController, HistoryImportController],
  providers: [
    RecordPurchaseHandler,
    RedeemPointsHandler,
    RefundPurchaseHandler,
    RedemptionReturns,
    RecordReturnHandler,
    GetMember360Handler,
    Member360Resolver,
    ListMemberLotsHandler,
    MemberLotsResolver,
    PointsExpiryScheduler,
    PurchaseHooks,
    ReportDailySalesHandler,
    HoldRedemptionsHandler,
    ReleaseRedemptionHoldsHandler,
    ListRedemptionHoldsHandler,
    RedemptionHoldsResolver,
    StartHistoryImportHandler,
    HistoryImportRunner,
    { provide: UploadAdmission, useClass: HistoryImportAdmission },
    GetHistoryImportHandler,
    ListHistoryImportsHandler,
    HistoryImportsResolver,
  ],
  exports: [PointsExpiryScheduler, PurchaseHooks, RecordPurchaseHandler, RefundPurchaseHandler],
})
export class LoyaltyModule {}
