import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * 历史导入: a history import started from the console (an uploaded CSV of a store's POS history),
 * run in the background through the import use case. Its counters grow as it goes; a job whose
 * process stopped answering (no heartbeat for a minute) is failed with IMPORT_INTERRUPTED, and
 * importing the file again imports nothing twice.
 */
export const HistoryImportJobSchema = defineEntity({
  name: 'HistoryImportJob',
  tableName: 'history_import_job',
  indexes: [{ name: 'history_import_job_merchant', properties: ['merchantId', 'createdAt'] }],
  checks: [{ name: 'history_import_job_status', expression: "status in ('running', 'succeeded', 'failed')" }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    fileName: p.string().nullable(),
    /** The encoding the file was read in (utf-8, gb18030, …; none on jobs from before it was kept). */
    encoding: p.string().nullable(),
    /** running, succeeded or failed. */
    status: p.string(),
    /** reading, members, invoices, done: what the import is doing. */
    phase: p.string(),
    rowsTotal: p.integer(),
    rowsRead: p.integer(),
    invoicesTotal: p.integer(),
    invoicesDone: p.integer(),
    purchases: p.integer(),
    returns: p.integer(),
    membersCreated: p.integer(),
    /** Customers linked to a member already there with their phone. */
    membersMatched: p.integer().default(0),
    alreadyImported: p.integer(),
    /** Rows skipped by reason: walkIn, priceNotPositive, malformed. */
    skipped: p.json<Record<string, number>>(),
    /** Invoices refused by the POS use cases, by error code. */
    refused: p.json<Record<string, number>>(),
    /** What went wrong, with the file's line numbers (the first 100). */
    errors: p.json<{ line: number; code: string; message: string }[]>(),
    errorCode: p.string().nullable(),
    errorMessage: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime(),
    heartbeatAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
});
export type HistoryImportJob = InferEntity<typeof HistoryImportJobSchema>;
