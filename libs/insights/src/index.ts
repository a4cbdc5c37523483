export * from './insights.module';
export { insightsMigrations } from './migrations';
export { RfmEngine, type RfmScope, type RfmRunSummary } from './application/rfm-engine';
export { INSIGHTS_SCHEDULE, type InsightsSchedule, InsightsScheduler } from './application/insights.scheduler';
export { INSIGHTS_INBOX, RecordPurchaseFactsHandler } from './application/event-handlers/record-purchase-facts.handler';
export * from './domain/rfm';
export { SegmentMembersQuery } from './application/queries/segments.queries';
export type { MemberRfmView } from './application/queries/rfm.queries';
export { DailyReportPublisher, INSIGHTS_OUTBOX_TABLE } from './application/daily-report.publisher';
