export * from './settlement.module';
export { settlementMigrations } from './migrations';
export { CreateStatementsHandler, SETTLEMENT_INBOX } from './application/event-handlers/create-statements.handler';
export * from './domain/statement';
