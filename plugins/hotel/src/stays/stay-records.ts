import { conflict, notFound, type PluginScope } from '@loyalty/plugin-sdk';
import type { StayBenefits } from '../domain/stay-terms';

export type StayStatus = 'booked' | 'checked_in' | 'checked_out' | 'cancelled' | 'no_show';

/** A stay as the hotel's endpoints, member field and queries read it. Dates are the merchant's calendar (YYYY-MM-DD). */
export interface Stay extends StayBenefits {
  id: string;
  memberId: string;
  storeId: string;
  reservationNo: string;
  roomType: string;
  roomNo: string | null;
  arrivalOn: string;
  departureOn: string;
  bookedNights: number;
  nightlyRateFen: number;
  status: StayStatus;
  levelCode: string | null;
  nights: number | null;
  folioFen: number | null;
  points: number;
  feeFen: number | null;
  bookedAt: Date;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  endedAt: Date | null;
}

export const STAY_COLUMNS = `id, member_id as "memberId", store_id as "storeId", reservation_no as "reservationNo", room_type as "roomType", room_no as "roomNo",
  arrival_on::text as "arrivalOn", departure_on::text as "departureOn", booked_nights as "bookedNights", nightly_rate_fen as "nightlyRateFen", status,
  level_code as "levelCode", late_checkout_until as "lateCheckoutUntil", room_upgrade as "roomUpgrade", breakfasts_per_night as "breakfastsPerNight",
  nights, folio_fen as "folioFen", points, fee_fen as "feeFen", booked_at as "bookedAt", checked_in_at as "checkedInAt", checked_out_at as "checkedOutAt", ended_at as "endedAt"`;

const at = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** Stays by a query selecting `STAY_COLUMNS`, their instants as dates. */
export async function queryStays(scope: PluginScope<unknown>, sql: string, params: readonly unknown[]): Promise<Stay[]> {
  const rows = await scope.query<Stay>(sql, params);
  return rows.map((row) => ({ ...row, bookedAt: new Date(row.bookedAt), checkedInAt: at(row.checkedInAt), checkedOutAt: at(row.checkedOutAt), endedAt: at(row.endedAt) }));
}

/** The stay of that number at the till's store, locked to the end of the write (two tills acting on one stay go one after the other); STAY_NOT_FOUND (404) otherwise. */
export async function lockStay(scope: PluginScope<unknown>, reservationNo: string): Promise<Stay> {
  const [stay] = await queryStays(scope, `select ${STAY_COLUMNS} from hotel_stay where store_id = ? and reservation_no = ? for update`, [scope.ctx.storeId, reservationNo]);
  if (!stay) throw notFound('STAY_NOT_FOUND', `No stay ${reservationNo} at this store`);
  return stay;
}

/** STAY_STATUS_CONFLICT (409) unless the stay is in one of `allowed`, naming the status it is in. */
export function requireStatus(stay: Stay, allowed: readonly StayStatus[], action: string): void {
  if (!allowed.includes(stay.status)) {
    throw conflict('STAY_STATUS_CONFLICT', `Stay ${stay.reservationNo} is ${stay.status}: it cannot be ${action}`, { status: stay.status, allowed });
  }
}

/** What the endpoints answer of a stay. */
export function stayView(stay: Stay) {
  return {
    stayId: stay.id,
    reservationNo: stay.reservationNo,
    status: stay.status,
    roomType: stay.roomType,
    roomNo: stay.roomNo,
    arrivalOn: stay.arrivalOn,
    departureOn: stay.departureOn,
    nights: stay.nights ?? stay.bookedNights,
    levelCode: stay.levelCode,
    benefits: { lateCheckoutUntil: stay.lateCheckoutUntil, roomUpgrade: stay.roomUpgrade, breakfastsPerNight: stay.breakfastsPerNight },
    folioFen: stay.folioFen,
    points: stay.points,
  };
}

/** What every hotel event says of its stay. */
export function stayEventFields(scope: PluginScope<unknown>, stay: Stay) {
  return { stayId: stay.id, memberId: stay.memberId, merchantId: scope.merchantId, storeId: stay.storeId, reservationNo: stay.reservationNo };
}
