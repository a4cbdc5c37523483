import { Module } from '@nestjs/common';
import { StaffAuthModule } from '@loyalty/tenancy';
import { InsightsResolver } from './api/graphql/insights.resolver';
import { RfmGridResolver } from './api/graphql/rfm-grid.resolver';
import { GetRfmGridHandler } from './application/queries/rfm-grid.query';
import { DailyReportExportController } from './api/rest/daily-report-export.controller';
import { CreateTagHandler } from './application/commands/create-tag.command';
import { IssueCouponsToSegmentHandler } from './application/commands/issue-coupons-to-segment.command';
import { CouponCampaignRunner } from './application/coupon-campaign.runner';
import { GetCouponCampaignHandler } from './application/queries/coupon-campaign.query';
import { SaveSegmentHandler } from './application/commands/save-segment.command';
import { TagMembersHandler } from './application/commands/tag-members.command';
import { RefreshRfmHandler } from './application/commands/refresh-rfm.command';
import { SetRfmSettingsHandler } from './application/commands/set-rfm-settings.command';
import { RecordPurchaseFactsHandler } from './application/event-handlers/record-purchase-facts.handler';
import { DailyReportPublisher } from './application/daily-report.publisher';
import { InsightsScheduler } from './application/insights.scheduler';
import { InsightsMemberCriteria } from './application/insights-member-criteria';
import { ListSegmentsHandler, ListTagsHandler, SegmentMembersHandler } from './application/queries/segments.queries';
import { GetDailyReportHandler } from './application/queries/daily-report.query';
import { GetAbcPyramidHandler, GetMemberRfmHandler, GetRfmOverviewHandler, ListRfmMembersHandler } from './application/queries/rfm.queries';
import { RfmEngine } from './application/rfm-engine';
import { TagFacts } from './application/tag-facts';

/** Insights: facts from the members service's events; RFM, lifecycle stages, segments, tags and saved segments (and coupon campaigns to them), the ABC pyramid and the daily report. */
@Module({
  imports: [StaffAuthModule],
  controllers: [DailyReportExportController],
  providers: [
    RfmEngine,
    TagFacts,
    RecordPurchaseFactsHandler,
    InsightsScheduler,
    DailyReportPublisher,
    SetRfmSettingsHandler,
    RefreshRfmHandler,
    GetRfmOverviewHandler,
    GetMemberRfmHandler,
    ListRfmMembersHandler,
    GetAbcPyramidHandler,
    GetDailyReportHandler,
    CreateTagHandler,
    TagMembersHandler,
    SaveSegmentHandler,
    ListTagsHandler,
    ListSegmentsHandler,
    SegmentMembersHandler,
    CouponCampaignRunner,
    IssueCouponsToSegmentHandler,
    GetCouponCampaignHandler,
    InsightsResolver,
    InsightsMemberCriteria,
    GetRfmGridHandler,
    RfmGridResolver,
  ],
  exports: [RfmEngine, InsightsScheduler, RecordPurchaseFactsHandler, DailyReportPublisher, CouponCampaignRunner],
})
export class InsightsModule {}
