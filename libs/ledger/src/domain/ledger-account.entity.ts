import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * An account in one asset's ledger, TigerBeetle style: balances are four running sums kept next to
 * the transfers that make them, and the flags are enforced by CHECK constraints as a last line.
 */
export const LedgerAccountSchema = defineEntity({
  name: 'LedgerAccount',
  tableName: 'ledger_account',
  uniques: [{ properties: ['tenantId', 'asset', 'code', 'ownerId'] }],
  checks: [
    { name: 'ledger_account_sums_non_negative', expression: 'debits_pending >= 0 and debits_posted >= 0 and credits_pending >= 0 and credits_posted >= 0' },
    { name: 'ledger_account_debits_le_credits', expression: 'not debits_must_not_exceed_credits or debits_posted + debits_pending <= credits_posted' },
    { name: 'ledger_account_credits_le_debits', expression: 'not credits_must_not_exceed_debits or credits_posted + credits_pending <= debits_posted' },
  ],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    /** Null for member and tenant accounts; set for a merchant's own accounts. */
    merchantId: p.uuid().nullable(),
    /** POINTS (the tenant's points currency) or CNY (stored value, in 分). */
    asset: p.string(),
    /** What the account is for, e.g. MEMBER_POINTS, MERCHANT_ISSUANCE, BREAKAGE. */
    code: p.string(),
    ownerType: p.string(),
    ownerId: p.uuid(),
    debitsMustNotExceedCredits: p.boolean().default(false),
    creditsMustNotExceedDebits: p.boolean().default(false),
    /** Credits become lots with an expiry; debits consume lots, earliest expiry first. */
    tracksLots: p.boolean().default(false),
    debitsPending: p.bigint('number').default(0),
    debitsPosted: p.bigint('number').default(0),
    creditsPending: p.bigint('number').default(0),
    creditsPosted: p.bigint('number').default(0),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type LedgerAccount = InferEntity<typeof LedgerAccountSchema>;
