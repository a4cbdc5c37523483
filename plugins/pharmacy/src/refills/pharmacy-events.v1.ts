/** The pharmacy plugin's integration events, version 1 (notifications may text members from them). */

export const PHARMACY_REFILL_DUE_V1 = 'pharmacy.refill-due.v1';
/** 续药提醒: a member's medication runs out soon; a pharmacist's follow-up task was opened for it. */
export interface PharmacyRefillDueV1 {
  taskId: string;
  memberId: string;
  merchantId: string;
  sku: string;
  name: string | null;
  /** Where it was bought (optional: events written before carry none). */
  storeId?: string;
  storeName?: string;
  /** Local dates (YYYY-MM-DD) in the merchant's time zone. */
  runsOutOn: string;
  refillDueOn: string;
}
