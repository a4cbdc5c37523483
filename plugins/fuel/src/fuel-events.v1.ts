/** The fuel plugin's integration events, version 1. */

export const FUEL_PURCHASED_V1 = 'fuel.purchased.v1';
/** 加油/加气: a fill-up sold through the plugin's POS endpoint (keyed by member). */
export interface FuelPurchasedV1 {
  purchaseId: string;
  memberId: string;
  merchantId: string;
  storeId: string;
  orderNo: string;
  plate: string | null;
  /** 92, 95, 98, 0 (0# diesel), LNG or CNG. */
  grade: string;
  /** L, kg or m3. */
  unit: string;
  /** Thousandths of the unit (mL of fuel). */
  quantityMilli: number;
  unitPriceFen: number;
  discountFen: number;
  amountFen: number;
  pointsEarned: number;
  /** The fleet (车队) charged, or null. */
  fleetId: string | null;
  occurredAt: string;
}
