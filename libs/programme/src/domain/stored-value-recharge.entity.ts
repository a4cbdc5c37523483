import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** 充值: money a member paid into stored value at a store, the bonus it earned, and what was refunded. */
export const StoredValueRechargeSchema = defineEntity({
  name: 'StoredValueRecharge',
  tableName: 'stored_value_recharge',
  uniques: [{ properties: ['storeId', 'orderNo'] }],
  indexes: [{ properties: ['memberId', 'occurredAt'] }],
  checks: [
    { name: 'stored_value_recharge_refund_in_range', expression: 'refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen' },
    { name: 'stored_value_recharge_forfeit_in_range', expression: 'bonus_forfeited_fen >= 0 and bonus_forfeited_fen <= bonus_fen' },
  ],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    orderNo: p.string(),
    principalFen: p.bigint('number'),
    bonusFen: p.bigint('number'),
    refundedPrincipalFen: p.bigint('number').default(0),
    bonusForfeitedFen: p.bigint('number').default(0),
    occurredAt: p.datetime(),
  },
});
export type StoredValueRecharge = InferEntity<typeof StoredValueRechargeSchema>;

export const BONUS_RELEASE_STATUSES = ['SCHEDULED', 'RELEASED', 'CANCELLED'] as const;

/** One part of a recharge's bonus and when it reaches the member (all at once, or month by month). */
export const StoredValueBonusReleaseSchema = defineEntity({
  name: 'StoredValueBonusRelease',
  tableName: 'stored_value_bonus_release',
  indexes: [{ properties: ['status', 'dueAt'] }, { properties: ['rechargeId'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    rechargeId: p.uuid(),
    memberId: p.uuid(),
    amountFen: p.bigint('number'),
    dueAt: p.datetime(),
    status: p.enum(BONUS_RELEASE_STATUSES),
    /** The ledger transfer that released it. */
    transferId: p.uuid(),
    releasedAt: p.datetime().nullable(),
  },
});
export type StoredValueBonusRelease = InferEntity<typeof StoredValueBonusReleaseSchema>;
