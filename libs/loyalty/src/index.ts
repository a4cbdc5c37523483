import { PurchaseSchema } from './domain/purchase.entity';
import { PurchaseReturnSchema } from './domain/purchase-return.entity';

export const loyaltyEntities = [PurchaseSchema, PurchaseReturnSchema];
export { LoyaltyModule } from './loyalty.module';
export { RecordPurchaseCommand, RecordPurchaseHandler, type PurchaseResult } from './application/commands/record-purchase.command';
export { RedeemPointsCommand, RedeemPointsHandler } from './application/commands/redeem-points.command';
export { RefundPurchaseCommand } from './application/commands/refund-purchase.command';
export { RecordReturnCommand } from './application/commands/record-return.command';
export { GetMember360Query, type Member360 } from './application/queries/get-member-360.query';
export { pointsFor, expiryFor, pointsToReverse } from './application/earn-rule';
export { type RecordPurchaseInput } from './application/pos-inputs';
export { PointsExpiryScheduler, POINTS_EXPIRY_INTERVAL_MS } from './application/points-expiry.scheduler';
export { importHistory, type ImportSummary } from './application/history-import/history-import';
export { PurchaseHooks, type PurchaseHook, type RecordedPurchase, type RecordedRefund } from './contracts/purchase-hooks';
export { PosWriteCommand, PosWriteHandler, PosWriteEachInSavepoint } from './application/pos-write.handler';
export { write as posWriteDocs } from './api/pos/loyalty-pos.controller';
export { errorSchema } from './api/pos/pos.schemas';
