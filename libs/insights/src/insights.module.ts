import { Module } from '@nestjs/common';
import { StaffAuthModule } from '@loyalty/tenancy';
import { InsightsResolver } from './api/graphql/insights.resolver';
import { DailyReportExportController } from './api/rest/daily-report-export.controller';
import { RefreshRfmHandler } from './application/commands/refresh-rfm.command';
import { SetRfmSettingsHandler } from './application/commands/set-rfm-settings.command';
import { RecordPurchaseFactsHandler } from './application/event-handlers/record-purchase-facts.handler';
import { InsightsScheduler } from './application/insights.scheduler';
import { GetDailyReportHandler } from './application/queries/daily-report.query';
import { GetAbcPyramidHandler, GetMemberRfmHandler, GetRfmOverviewHandler, ListRfmMembersHandler } from './application/queries/rfm.queries';
import { RfmEngine } from './application/rfm-engine';

/** Insights: facts from the members service's events; RFM, lifecycle stages, segments, the ABC pyramid and the daily report. */
@Module({
  imports: [StaffAuthModule],
  controllers: [DailyReportExportController],
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
    GetDailyReportHandler,
    InsightsResolver,
  ],
  exports: [RfmEngine, InsightsScheduler, RecordPurchaseFactsHandler],
})
export class InsightsModule {}
