import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A hold on a member's redemptions at one merchant, put by an anomaly rule the merchant set to hold
 * (anomaly.detected.v1, its id the anomaly's) and lifted by staff with a reason. While one is open
 * the member's points redemptions at the merchant are refused (REDEMPTIONS_HELD).
 */
export const RedemptionHoldSchema = defineEntity({
  name: 'RedemptionHold',
  tableName: 'redemption_hold',
  indexes: [
    // The redemption path's one look-up: an open hold of this member at this merchant.
    { name: 'redemption_hold_open', expression: 'create index "redemption_hold_open" on "redemption_hold" ("merchant_id", "member_id") where "released_at" is null' },
  ],
  checks: [{ name: 'redemption_hold_release_explained', expression: '(released_at is null) = (released_by is null) and (released_at is null) = (release_reason is null)' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    memberId: p.uuid(),
    storeId: p.uuid().nullable(),
    rule: p.string(),
    detail: p.text(),
    /** When the purchase or redemption that broke the rule happened. */
    occurredAt: p.datetime(),
    heldAt: p.datetime(),
    releasedAt: p.datetime().nullable(),
    releasedBy: p.string().nullable(),
    releaseReason: p.text().nullable(),
  },
});
export type RedemptionHold = InferEntity<typeof RedemptionHoldSchema>;
