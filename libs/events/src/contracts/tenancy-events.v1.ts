/** Payloads of the tenancy context's integration events, version 1. */

export const MERCHANT_CREATED_V1 = 'merchant.created.v1';
export interface MerchantCreatedV1 {
  merchantId: string;
  /** The alliance it joined, or null for a standalone merchant (its own tenant). */
  allianceId: string | null;
  /** The alliance's name (added to v1: absent from events written before). */
  allianceName?: string | null;
  name: string;
  industry: string;
  timeZone: string;
  createdAt: string;
}

export const STORE_CREATED_V1 = 'store.created.v1';
export interface StoreCreatedV1 {
  storeId: string;
  merchantId: string;
  name: string;
  /** direct (直营) or franchise (加盟). */
  kind: string;
  createdAt: string;
}
