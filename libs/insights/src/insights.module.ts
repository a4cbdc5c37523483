import { Module } from '@nestjs/common';
import { StaffAuthModule } from '@loyalty/tenancy';
import { InsightsResolver } from './api/graphql/insights.resolver';
import { RefreshRfmHandler } from './application/commands/refresh-rfm.command';
import { SetRfmSettingsHandler } from './application/commands/set-rfm-settings.command';
import { RecordPurchaseFactsHandler } from './application/event-handlers/record-purchase-facts.handler';
import { InsightsScheduler } from './application/insights.scheduler';
import { GetAbcPyramidHandler, GetMemberRfmHandler, GetRfmOverviewHandler, ListRfmMembersHandler } from './application/queries/rfm.queries';
import { RfmEngine } from './application/rfm-engine';

/** Insights: purchase facts from the points events, RFM, lifecycle stages, segments and the ABC pyramid. */
@Module({
  imports: [StaffAuthModule],
  providers: [
    RfmEngine,
    RecordPurchaseFactsHandler,
    InsightsScheduler,
    SetRfmSettingsHandler,
    RefreshRfmHandler,
    GetRfmOverviewHandler,
    GetMemberRfmHandler,
    ListRfmMembersHandler,
    GetAbcPyramidHandler,
    InsightsResolver,
  ],
  exports: [RfmEngine, InsightsScheduler, RecordPurchaseFactsHandler],
})
export class InsightsModule {}
