/** Payloads of the membership programme's integration events, version 1. Amounts: 分 integers. */

export const MEMBER_LEVEL_CHANGED_V1 = 'member.level_changed.v1';
/** A member's level changed, or was retained by the review (保级), with the reason. */
export interface MemberLevelChangedV1 {
  memberId: string;
  schemeId: string;
  /** The scheme's merchant; null for the tenant-wide (alliance) scheme. */
  merchantId: string | null;
  fromCode: string | null;
  toCode: string;
  /** The levels' names (银卡…), for messages to the member; added to v1, absent from earlier events. */
  fromName?: string | null;
  toName?: string;
  reason: 'UPGRADE' | 'DOWNGRADE' | 'RETAINED' | 'MANUAL';
  note: string;
  orderNo: string | null;
  validUntil: string | null;
  occurredAt: string;
}

export const STORED_VALUE_CHANGED_V1 = 'stored_value.changed.v1';
/** A movement of a member's stored value (for transaction alerts: amount and balance). */
export interface StoredValueChangedV1 {
  memberId: string;
  merchantId: string;
  storeId: string | null;
  kind: 'recharge' | 'bonus_release' | 'payment' | 'payment_refund' | 'recharge_refund' | 'cashback';
  orderNo: string;
  /** Signed: what the movement added to (or took from) each part. */
  principalDeltaFen: number;
  bonusDeltaFen: number;
  principalBalanceAfter: number;
  bonusBalanceAfter: number;
  occurredAt: string;
}
