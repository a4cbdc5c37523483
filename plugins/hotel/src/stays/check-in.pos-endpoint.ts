import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginScope, type PosWriteEndpoint, unprocessable } from '@loyalty/plugin-sdk';
import type { HotelSettings } from '../domain/hotel-settings';
import { stayBenefits } from '../domain/stay-terms';
import { levelOf } from './member-level';
import { type CheckInInput } from './stay-inputs';
import { lockStay, queryStays, requireStatus, STAY_COLUMNS, stayView } from './stay-records';

/**
 * POST /api/pos/v1/plugins/hotel/check-ins — 入住: a booked stay's guest arrives, on a day of the
 * booking. The member's level now gives the stay its benefits (late checkout 延迟退房, room upgrade
 * 升房, breakfast 早餐), recorded on the stay and answered for the desk.
 */
@Injectable()
export class CheckInEndpoint implements PosWriteEndpoint<CheckInInput> {
  async apply(scope: PluginScope<HotelSettings>, input: CheckInInput) {
    const stay = await lockStay(scope, input.reservationNo);
    requireStatus(stay, ['booked'], 'checked in');
    const at = input.occurredAt ? new Date(input.occurredAt) : new Date();
    const day = localDateOf(at, await scope.timeZone());
    if (day < stay.arrivalOn || day >= stay.departureOn) {
      throw unprocessable('CHECK_IN_OUTSIDE_BOOKING', `Stay ${stay.reservationNo} is booked from ${stay.arrivalOn} to ${stay.departureOn}, not for ${day}`, {
        arrivalOn: stay.arrivalOn,
        departureOn: stay.departureOn,
        checkInOn: day,
      });
    }
    const level = await levelOf(scope, stay.memberId);
    const benefits = stayBenefits(scope.settings, level?.code ?? null);
    const [checkedIn] = await queryStays(scope, 
      `update hotel_stay set status = 'checked_in', room_no = ?, level_code = ?, late_checkout_until = ?, room_upgrade = ?, breakfasts_per_night = ?, checked_in_at = ?
       where id = ? returning ${STAY_COLUMNS}`,
      [input.roomNo ?? null, level?.code ?? null, benefits.lateCheckoutUntil, benefits.roomUpgrade, benefits.breakfastsPerNight, at, stay.id],
    );
    return {
      status: 201 as const,
      body: { ...stayView(checkedIn), levelName: level?.name ?? null, checkoutTime: benefits.lateCheckoutUntil ?? scope.settings.checkoutTime },
    };
  }
}
