import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** What one credit added to a lot-tracked account, and how much of it is left until it expires. */
export const LedgerLotSchema = defineEntity({
  name: 'LedgerLot',
  tableName: 'ledger_lot',
  indexes: [{ properties: ['accountId', 'expiresAt'] }],
  checks: [{ name: 'ledger_lot_remaining_in_range', expression: 'remaining >= 0 and remaining <= amount' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    accountId: p.uuid(),
    transferId: p.uuid().unique(),
    amount: p.bigint('number'),
    remaining: p.bigint('number'),
    /** Who issued the points (the merchant and store of the crediting transfer): breakage is valued by it. */
    issuerMerchantId: p.uuid().nullable(),
    issuerStoreId: p.uuid().nullable(),
    /** Null: never expires. */
    expiresAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type LedgerLot = InferEntity<typeof LedgerLotSchema>;
