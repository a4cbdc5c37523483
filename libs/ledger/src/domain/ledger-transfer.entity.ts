import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const TRANSFER_PHASES = ['single', 'pending', 'post', 'void'] as const;
export type TransferPhase = (typeof TRANSFER_PHASES)[number];
export const PENDING_STATUSES = ['pending', 'posted', 'voided'] as const;
export type PendingStatus = (typeof PENDING_STATUSES)[number];

/**
 * An immutable movement of `amount` from one account to another in the same asset. The id is the
 * client's idempotency key (or derived from it). A pending transfer reserves; a later `post` or
 * `void` transfer names it in pendingId and settles it.
 */
export const LedgerTransferSchema = defineEntity({
  name: 'LedgerTransfer',
  tableName: 'ledger_transfer',
  indexes: [
    { properties: ['debitAccountId', 'createdAt'] },
    { properties: ['creditAccountId', 'createdAt'] },
    { properties: ['memberId', 'createdAt'] },
    { properties: ['tenantId', 'createdAt'] },
  ],
  checks: [{ name: 'ledger_transfer_amount_positive', expression: 'amount > 0' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    /** The merchant on whose behalf it moved; null for tenant-wide work such as expiry. */
    merchantId: p.uuid().nullable(),
    storeId: p.uuid().nullable(),
    /** The member whose account it touches, for the member's history. */
    memberId: p.uuid().nullable(),
    asset: p.string(),
    debitAccountId: p.uuid(),
    creditAccountId: p.uuid(),
    amount: p.bigint('number'),
    /** EARN, REDEEM, REVERSAL, CLAWBACK, EXPIRY, DEBT, DEBT_SETTLEMENT… */
    kind: p.string(),
    phase: p.enum(TRANSFER_PHASES),
    pendingId: p.uuid().nullable().unique(),
    pendingStatus: p.enum(PENDING_STATUSES).nullable(),
    reference: p.string().nullable(),
    occurredAt: p.datetime(),
    correlationId: p.string().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type LedgerTransfer = InferEntity<typeof LedgerTransferSchema>;
