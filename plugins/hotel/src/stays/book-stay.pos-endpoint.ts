import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { conflict, localDaysBetween, type PluginScope, type PosWriteEndpoint } from '@loyalty/plugin-sdk';
import type { HotelSettings } from '../domain/hotel-settings';
import { stayPoints } from '../domain/stay-terms';
import { levelOf } from './member-level';
import { chargeOrderNo, recordCharge } from './stay-charges';
import { type BookStayInput } from './stay-inputs';
import { queryStays, STAY_COLUMNS, stayView } from './stay-records';

/**
 * POST /api/pos/v1/plugins/hotel/bookings — 预订: a member's stay booked at the store (a walk-in
 * is booked, then checked in). A prepayment (预付) is a purchase of its own that pre-earns the
 * booked nights' points at the member's level; they give way to the stay's own at check-out, and
 * are reversed if it is cancelled or a no-show.
 */
@Injectable()
export class BookStayEndpoint implements PosWriteEndpoint<BookStayInput> {
  async apply(scope: PluginScope<HotelSettings>, input: BookStayInput, key: string) {
    const member = await scope.findMember(input.memberId ? { memberId: input.memberId } : { phone: input.phone });
    const bookedNights = localDaysBetween(input.arrivalOn, input.departureOn);
    const [stay] = await queryStays(scope, 
      `insert into hotel_stay (id, tenant_id, merchant_id, store_id, member_id, reservation_no, room_type, arrival_on, departure_on, booked_nights, nightly_rate_fen, status, booked_at)
       values (?, ?, ?, ?, ?, ?, ?, ?::date, ?::date, ?, ?, 'booked', ?)
       on conflict (store_id, reservation_no) do nothing returning ${STAY_COLUMNS}`,
      [
        randomUUID(),
        scope.tenantId,
        scope.merchantId,
        scope.ctx.storeId,
        member.id,
        input.reservationNo,
        input.roomType,
        input.arrivalOn,
        input.departureOn,
        bookedNights,
        input.nightlyRateFen,
        input.occurredAt ?? new Date(),
      ],
    );
    if (!stay) throw conflict('STAY_EXISTS', `Stay ${input.reservationNo} is already booked at this store`);
    if (!input.prepaidFen) return { status: 201 as const, body: { ...stayView(stay), deposit: null } };

    const level = await levelOf(scope, member.id);
    const points = stayPoints(scope.settings, level?.code ?? null, bookedNights, input.prepaidFen);
    const purchase = await recordCharge(scope, stay, { kind: 'deposit', amountFen: input.prepaidFen, points, quantity: bookedNights, occurredAt: input.occurredAt }, key);
    await scope.query('update hotel_stay set points = ? where id = ?', [purchase.pointsEarned, stay.id]);
    return {
      status: 201 as const,
      body: {
        ...stayView({ ...stay, points: purchase.pointsEarned }),
        deposit: { orderNo: chargeOrderNo(stay, 'deposit'), amountFen: input.prepaidFen, pointsEarned: purchase.pointsEarned, pointsBalance: purchase.pointsBalance },
      },
    };
  }
}
