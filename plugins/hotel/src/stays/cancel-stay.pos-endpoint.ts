import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginScope, type PosWriteEndpoint, unprocessable } from '@loyalty/plugin-sdk';
import type { HotelSettings } from '../domain/hotel-settings';
import { HOTEL_STAY_CANCELLED_V1, type HotelStayCancelledV1 } from './hotel-events.v1';
import { chargeOrderNo, recordCharge, refundCharges } from './stay-charges';
import { type CancelStayInput } from './stay-inputs';
import { lockStay, queryStays, requireStatus, STAY_COLUMNS, stayEventFields, stayView } from './stay-records';

/**
 * POST /api/pos/v1/plugins/hotel/cancellations — 取消 / 未到店: a booked stay cancelled, or its
 * guest a no-show (from the arrival date); or a checked-out stay cancelled after all (voided). Its
 * charges are refunded in full through the loyalty core, so the points it earned or pre-earned
 * are reversed (spent ones become the member's debt), its spend leaves the level measures, and a
 * voided stay's nights no longer count. A fee kept is a purchase of its own, earning no points.
 */
@Injectable()
export class CancelStayEndpoint implements PosWriteEndpoint<CancelStayInput> {
  async apply(scope: PluginScope<HotelSettings>, input: CancelStayInput, key: string) {
    const stay = await lockStay(scope, input.reservationNo);
    const at = input.occurredAt ? new Date(input.occurredAt) : new Date();
    if (input.reason === 'no-show') {
      requireStatus(stay, ['booked'], 'marked a no-show');
      const day = localDateOf(at, await scope.timeZone());
      if (day < stay.arrivalOn) throw unprocessable('NO_SHOW_BEFORE_ARRIVAL', `Stay ${stay.reservationNo} arrives on ${stay.arrivalOn}: cancel it instead`, { arrivalOn: stay.arrivalOn });
    } else {
      requireStatus(stay, ['booked', 'checked_out'], 'cancelled');
    }

    const reversal = await refundCharges(scope, stay, ['deposit', 'folio'], key);
    if (stay.status === 'checked_out') await scope.query('update hotel_qualifying_stay set void = true where stay_id = ?', [stay.id]);
    const fee = input.feeFen ? await recordCharge(scope, stay, { kind: 'fee', amountFen: input.feeFen, points: 0, quantity: 1, occurredAt: at.toISOString() }, key) : null;
    const [ended] = await queryStays(scope, `update hotel_stay set status = ?, points = 0, fee_fen = ?, ended_at = ? where id = ? returning ${STAY_COLUMNS}`, [
      input.reason === 'no-show' ? 'no_show' : 'cancelled',
      input.feeFen ?? null,
      at,
      stay.id,
    ]);
    await scope.publish(HOTEL_STAY_CANCELLED_V1, stay.memberId, {
      ...stayEventFields(scope, stay),
      reason: input.reason,
      pointsReversed: reversal.pointsReversed,
      pointsOwed: reversal.pointsOwed,
      feeFen: input.feeFen ?? null,
      occurredAt: at.toISOString(),
    } satisfies HotelStayCancelledV1);
    return {
      status: 201 as const,
      body: {
        ...stayView(ended),
        pointsReversed: reversal.pointsReversed,
        pointsOwed: reversal.pointsOwed,
        fee: fee && input.feeFen ? { orderNo: chargeOrderNo(stay, 'fee'), amountFen: input.feeFen } : null,
        pointsBalance: fee?.pointsBalance ?? reversal.pointsBalance,
      },
    };
  }
}
