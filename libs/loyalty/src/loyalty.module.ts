import { Module } from '@nestjs/common';
import { LedgerModule } from '@loyalty/ledger';
import { MembersModule } from '@loyalty/members';
import { TenancyModule } from '@loyalty/tenancy';
import { RecordPurchaseHandler } from './application/commands/record-purchase.command';
import { RecordReturnHandler } from './application/commands/record-return.command';
import { RedeemPointsHandler } from './application/commands/redeem-points.command';
import { RefundPurchaseHandler } from './application/commands/refund-purchase.command';
import { PointsExpiryScheduler } from './application/points-expiry.scheduler';
import { GetMember360Handler } from './application/queries/get-member-360.query';
import { Member360Resolver } from './api/graphql/member-360.resolver';
import { MemberLotsResolver } from './api/graphql/member-lots.resolver';
import { ListMemberLotsHandler } from './application/queries/list-member-lots.query';
import { LoyaltyPosController } from './api/pos/loyalty-pos.controller';
import { PurchaseHooks } from './contracts/purchase-hooks';

/** Earning, spending and reversing points at the till, and the member 360 view. */
@Module({
  imports: [LedgerModule, MembersModule, TenancyModule],
  controllers: [LoyaltyPosController],
  providers: [
    RecordPurchaseHandler,
    RedeemPointsHandler,
    RefundPurchaseHandler,
    RecordReturnHandler,
    GetMember360Handler,
    Member360Resolver,
    ListMemberLotsHandler,
    MemberLotsResolver,
    PointsExpiryScheduler,
    PurchaseHooks,
  ],
  exports: [PointsExpiryScheduler, PurchaseHooks, RecordPurchaseHandler],
})
export class LoyaltyModule {}
