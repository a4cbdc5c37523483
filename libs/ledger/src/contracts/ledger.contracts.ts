/** The ledger's published vocabulary: what other contexts may name. */

export const ASSETS = {
  /** The tenant's points currency: whole points. */
  POINTS: 'POINTS',
  /** Stored value (储值) in 分. */
  CNY: 'CNY',
  /** 成长值: growth value of a tenant's members, whole units; drives member levels, never spent. */
  GROWTH: 'GROWTH',
} as const;
export type Asset = (typeof ASSETS)[keyof typeof ASSETS];

export const ACCOUNT_CODES = {
  /** A member's points; never negative; credits are lots with an expiry. */
  MEMBER_POINTS: 'MEMBER_POINTS',
  /** Points a member owes after a refund of points already spent; settled from later earnings. */
  MEMBER_POINTS_DEBT: 'MEMBER_POINTS_DEBT',
  /** A member's stored value (储值); never negative. */
  MEMBER_STORED_VALUE: 'MEMBER_STORED_VALUE',
  /** Debited when the merchant issues points; its debit balance is the merchant's points liability. */
  MERCHANT_ISSUANCE: 'MERCHANT_ISSUANCE',
  /** Credited when members spend points at the merchant. */
  MERCHANT_REDEMPTION: 'MERCHANT_REDEMPTION',
  /** Credited when points expire unused. */
  BREAKAGE: 'BREAKAGE',
  /** A member's growth value (成长值); never negative. */
  MEMBER_GROWTH: 'MEMBER_GROWTH',
  /** Debited when the merchant awards growth value. */
  MERCHANT_GROWTH_ISSUANCE: 'MERCHANT_GROWTH_ISSUANCE',
  /** A member's stored-value bonus (充值赠送), kept apart from the principal; never negative. */
  MEMBER_STORED_VALUE_BONUS: 'MEMBER_STORED_VALUE_BONUS',
  /** Debited by the principal members pay in; its debit balance is what the merchant holds for them. */
  MERCHANT_STORED_VALUE_ISSUANCE: 'MERCHANT_STORED_VALUE_ISSUANCE',
  /** Debited by the bonus the merchant grants on recharges. */
  MERCHANT_STORED_VALUE_BONUS_ISSUANCE: 'MERCHANT_STORED_VALUE_BONUS_ISSUANCE',
  /** Credited when members pay from their balance at the merchant. */
  MERCHANT_STORED_VALUE_REDEMPTION: 'MERCHANT_STORED_VALUE_REDEMPTION',
} as const;
export type AccountCode = (typeof ACCOUNT_CODES)[keyof typeof ACCOUNT_CODES];

export const TRANSFER_KINDS = {
  EARN: 'EARN',
  REDEEM: 'REDEEM',
  /** Points taken back because the purchase that earned them was refunded. */
  REVERSAL: 'REVERSAL',
  /** The part of a reversal the member had already spent, booked as debt. */
  REVERSAL_DEBT: 'REVERSAL_DEBT',
  /** Points taken back for a return without its original order. */
  CLAWBACK: 'CLAWBACK',
  /** New earnings paying off a points debt. */
  DEBT_SETTLEMENT: 'DEBT_SETTLEMENT',
  EXPIRY: 'EXPIRY',
  /** Points of a redemption given back because its order was refunded: they return as the lots they were taken from. */
  REDEMPTION_REVERSAL: 'REDEMPTION_REVERSAL',
  /** Growth value awarded for a behaviour (purchase, check-in, review, share, registration). */
  GROWTH_AWARD: 'GROWTH_AWARD',
  /** Growth value taken back because the purchase that earned it was refunded. */
  GROWTH_REVERSAL: 'GROWTH_REVERSAL',
  /** Stored value paid in by a member (principal). */
  SV_RECHARGE: 'SV_RECHARGE',
  /** Bonus granted on a recharge, at once or by monthly release. */
  SV_BONUS: 'SV_BONUS',
  /** A payment from the balance: principal and bonus are separate transfers of this kind. */
  SV_PAYMENT: 'SV_PAYMENT',
  /** A balance payment refunded: each part back to where it came from. */
  SV_PAYMENT_REFUND: 'SV_PAYMENT_REFUND',
  /** Principal of a recharge paid back to the member. */
  SV_RECHARGE_REFUND: 'SV_RECHARGE_REFUND',
  /** Bonus taken back when its recharge is refunded. */
  SV_BONUS_FORFEIT: 'SV_BONUS_FORFEIT',
} as const;

export interface AccountSpec {
  tenantId: string;
  merchantId: string | null;
  asset: Asset;
  code: AccountCode;
  ownerType: 'member' | 'merchant' | 'tenant';
  ownerId: string;
  debitsMustNotExceedCredits?: boolean;
  creditsMustNotExceedDebits?: boolean;
  tracksLots?: boolean;
}

export interface AccountView {
  id: string;
  tenantId: string;
  merchantId: string | null;
  asset: Asset;
  code: AccountCode;
  ownerType: string;
  ownerId: string;
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
  /** credits posted − debits posted − debits pending: what can still be spent. */
  available: number;
}

export interface TransferRequest {
  /** The idempotency key: the same id twice is one transfer. */
  id: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  kind: string;
  /** single (default) posts at once; pending reserves until post or void. */
  phase?: 'single' | 'pending';
  merchantId?: string | null;
  storeId?: string | null;
  memberId?: string | null;
  reference?: string | null;
  occurredAt?: Date;
  /** For a credit to a lot-tracked account: when these points expire (null: never). */
  lotExpiresAt?: Date | null;
  /** For a credit to a lot-tracked account: whose points the lot is (clearing's issuer); the transfer's merchant and store by default. */
  lotIssuer?: { merchantId: string | null; storeId: string | null };
  /** For a debit from a lot-tracked account: lots to take from first. */
  preferLotIds?: string[];
  /** The request it belongs to, when a batch carries several requests' transfers. */
  correlationId?: string;
}

export interface TransferView {
  id: string;
  tenantId: string;
  merchantId: string | null;
  storeId: string | null;
  memberId: string | null;
  asset: Asset;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  kind: string;
  phase: 'single' | 'pending' | 'post' | 'void';
  pendingId: string | null;
  pendingStatus: 'pending' | 'posted' | 'voided' | null;
  reference: string | null;
  occurredAt: Date;
  createdAt: Date;
}

/** Points a member still owes on their debt account (debits booked, less credits settled or reserved). */
export const pointsOwedOn = (debt: Pick<AccountView, 'debitsPosted' | 'creditsPosted' | 'creditsPending'>): number =>
  debt.debitsPosted - debt.creditsPosted - debt.creditsPending;

/** The standard accounts, with their flags, so every context opens them the same way. */
export const standardAccounts = {
  memberPoints: (tenantId: string, memberId: string): AccountSpec => ({
    tenantId,
    merchantId: null,
    asset: ASSETS.POINTS,
    code: ACCOUNT_CODES.MEMBER_POINTS,
    ownerType: 'member',
    ownerId: memberId,
    debitsMustNotExceedCredits: true,
    tracksLots: true,
  }),
  memberPointsDebt: (tenantId: string, memberId: string): AccountSpec => ({
    tenantId,
    merchantId: null,
    asset: ASSETS.POINTS,
    code: ACCOUNT_CODES.MEMBER_POINTS_DEBT,
    ownerType: 'member',
    ownerId: memberId,
    creditsMustNotExceedDebits: true,
  }),
  memberStoredValue: (tenantId: string, memberId: string): AccountSpec => ({
    tenantId,
    merchantId: null,
    asset: ASSETS.CNY,
    code: ACCOUNT_CODES.MEMBER_STORED_VALUE,
    ownerType: 'member',
    ownerId: memberId,
    debitsMustNotExceedCredits: true,
  }),
  merchantIssuance: (tenantId: string, merchantId: string): AccountSpec => ({
    tenantId,
    merchantId,
    asset: ASSETS.POINTS,
    code: ACCOUNT_CODES.MERCHANT_ISSUANCE,
    ownerType: 'merchant',
    ownerId: merchantId,
  }),
  merchantRedemption: (tenantId: string, merchantId: string): AccountSpec => ({
    tenantId,
    merchantId,
    asset: ASSETS.POINTS,
    code: ACCOUNT_CODES.MERCHANT_REDEMPTION,
    ownerType: 'merchant',
    ownerId: merchantId,
  }),
  memberGrowth: (tenantId: string, memberId: string): AccountSpec => ({
    tenantId,
    merchantId: null,
    asset: ASSETS.GROWTH,
    code: ACCOUNT_CODES.MEMBER_GROWTH,
    ownerType: 'member',
    ownerId: memberId,
    debitsMustNotExceedCredits: true,
  }),
  memberStoredValueBonus: (tenantId: string, memberId: string): AccountSpec => ({
    tenantId,
    merchantId: null,
    asset: ASSETS.CNY,
    code: ACCOUNT_CODES.MEMBER_STORED_VALUE_BONUS,
    ownerType: 'member',
    ownerId: memberId,
    debitsMustNotExceedCredits: true,
  }),
  merchantGrowthIssuance: (tenantId: string, merchantId: string): AccountSpec => merchantAccount(tenantId, merchantId, ASSETS.GROWTH, ACCOUNT_CODES.MERCHANT_GROWTH_ISSUANCE),
  merchantStoredValueIssuance: (tenantId: string, merchantId: string): AccountSpec =>
    merchantAccount(tenantId, merchantId, ASSETS.CNY, ACCOUNT_CODES.MERCHANT_STORED_VALUE_ISSUANCE),
  merchantStoredValueBonusIssuance: (tenantId: string, merchantId: string): AccountSpec =>
    merchantAccount(tenantId, merchantId, ASSETS.CNY, ACCOUNT_CODES.MERCHANT_STORED_VALUE_BONUS_ISSUANCE),
  merchantStoredValueRedemption: (tenantId: string, merchantId: string): AccountSpec =>
    merchantAccount(tenantId, merchantId, ASSETS.CNY, ACCOUNT_CODES.MERCHANT_STORED_VALUE_REDEMPTION),
};

function merchantAccount(tenantId: string, merchantId: string, asset: Asset, code: AccountCode): AccountSpec {
  return { tenantId, merchantId, asset, code, ownerType: 'merchant', ownerId: merchantId };
}
