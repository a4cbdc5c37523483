import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginScope, type PosWriteEndpoint, unprocessable } from '@loyalty/plugin-sdk';
import type { HotelSettings } from '../domain/hotel-settings';
import { nightsStayed, stayPoints } from '../domain/stay-terms';
import { HOTEL_STAY_CHECKED_OUT_V1, type HotelStayCheckedOutV1 } from './hotel-events.v1';
import { levelOf } from './member-level';
import { recordCharge, refundCharges } from './stay-charges';
import { type CheckOutInput } from './stay-inputs';
import { lockStay, queryStays, requireStatus, STAY_COLUMNS, stayEventFields, stayView } from './stay-records';

/**
 * POST /api/pos/v1/plugins/hotel/check-outs — 离店结账: settles the folio. The nights are the
 * calendar days from check-in to check-out; the folio is a purchase earning the stay's points at
 * the member's level (a prepayment is refunded in full first: the folio is the whole bill). The
 * nights count for level rules (hotel.nights, hotel.stays) before the purchase is recorded, so
 * its level evaluation raises the member at once when they reach a level.
 */
@Injectable()
export class CheckOutEndpoint implements PosWriteEndpoint<CheckOutInput> {
  async apply(scope: PluginScope<HotelSettings>, input: CheckOutInput, key: string) {
    const stay = await lockStay(scope, input.reservationNo);
    requireStatus(stay, ['checked_in'], 'checked out');
    const at = input.occurredAt ? new Date(input.occurredAt) : new Date();
    if (at < stay.checkedInAt!) throw unprocessable('CHECK_OUT_BEFORE_CHECK_IN', `Stay ${stay.reservationNo} was checked in at ${stay.checkedInAt!.toISOString()}`);
    const zone = await scope.timeZone();
    const nights = nightsStayed(localDateOf(stay.checkedInAt!, zone), localDateOf(at, zone));

    const deposit = await refundCharges(scope, stay, ['deposit'], key);
    await scope.query('insert into hotel_qualifying_stay (stay_id, tenant_id, merchant_id, member_id, nights, checked_out_at) values (?, ?, ?, ?, ?, ?)', [
      stay.id,
      scope.tenantId,
      scope.merchantId,
      stay.memberId,
      nights,
      at,
    ]);
    const level = await levelOf(scope, stay.memberId);
    const points = stayPoints(scope.settings, level?.code ?? null, nights, input.folioFen);
    const purchase = await recordCharge(scope, stay, { kind: 'folio', amountFen: input.folioFen, points, quantity: nights, occurredAt: at.toISOString() }, key);
    const [checkedOut] = await queryStays(scope, 
      `update hotel_stay set status = 'checked_out', nights = ?, folio_fen = ?, points = ?, checked_out_at = ? where id = ? returning ${STAY_COLUMNS}`,
      [nights, input.folioFen, purchase.pointsEarned, at, stay.id],
    );
    const after = await levelOf(scope, stay.memberId);
    await scope.publish(HOTEL_STAY_CHECKED_OUT_V1, stay.memberId, {
      ...stayEventFields(scope, stay),
      nights,
      folioFen: input.folioFen,
      points: purchase.pointsEarned,
      levelCode: after?.code ?? null,
      checkedOutAt: at.toISOString(),
    } satisfies HotelStayCheckedOutV1);
    return {
      status: 201 as const,
      body: {
        ...stayView(checkedOut),
        pointsEarned: purchase.pointsEarned,
        depositPointsReversed: deposit.pointsReversed,
        pointsBalance: purchase.pointsBalance,
        levelBefore: level?.code ?? null,
        levelAfter: after?.code ?? null,
      },
    };
  }
}
