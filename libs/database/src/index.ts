import './int8';

export * from './db';
export * from './binary-arrays';
export * from './orm';
export * from './postgres-driver';
export * from './embedded-postgres';
export * from './idempotency-record.entity';
export * from './idempotent-writes';
export * from './database.module';
export * from './write-batcher';
export * from './table-statistics';
export { tenantRoleStatements } from './tenant-role';
