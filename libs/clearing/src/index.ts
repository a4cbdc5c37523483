export * from './clearing.module';
export { clearingMigrations } from './migrations';
export { CLEARING_OUTBOX_TABLE, ClearingRunner } from './application/clearing-runner';
export { CLEARING_SCHEDULE_INTERVAL_MS, ClearingScheduler } from './application/clearing.scheduler';
export { CLEARING_INBOX, RecordActivityHandler } from './application/event-handlers/record-activity.handler';
export * from './domain/clearing-terms';
export * from './domain/clearing-period';
export { CreateClearingSchemeCommand } from './application/commands/create-clearing-scheme.command';
export { SetContractTermsCommand } from './application/commands/set-contract-terms.command';
