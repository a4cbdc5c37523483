import { definePlugin } from '@loyalty/plugin-sdk';
import { HotelResolver } from './api/hotel.resolver';
import { HotelStayGql, HotelStayTotalsGql } from './api/hotel.types';
import { StaysLoader, StayTotalsLoader } from './api/stays.loader';
import { hotelSettingsLabels, hotelSettingsSchema } from './domain/hotel-settings';
import { hotelMigrations } from './hotel.migrations';
import { NightsMeasure, StaysMeasure } from './levels/stay-measures';
import { StayChargeEnricher } from './purchase/stay-charge.enricher';
import { StayPointsEarnRule } from './purchase/stay-points.earn-rule';
import { BookStayEndpoint } from './stays/book-stay.pos-endpoint';
import { CancelStayEndpoint } from './stays/cancel-stay.pos-endpoint';
import { CheckInEndpoint } from './stays/check-in.pos-endpoint';
import { CheckOutEndpoint } from './stays/check-out.pos-endpoint';
import { bookStayInput, cancelStayInput, checkInInput, checkOutInput } from './stays/stay-inputs';

/**
 * 酒店: stays from booking to check-out, recorded at the till; points per night or per yuan of the
 * folio by member level (final: not multiplied by the level again); benefits per level (late
 * checkout, room upgrade, breakfast) applied at check-in; nights and stays as level-rule inputs;
 * cancellations and no-shows reversing what a stay earned.
 */
export const hotelPlugin = definePlugin({
  id: 'hotel',
  name: { 'zh-CN': '酒店', en: 'Hotel' },
  description: 'Stays (booking, check-in, check-out), points per night or per amount by level, level benefits, nights and stays for level rules, cancellation and no-show reversals',
  version: '1.0.0',
  compatibility: '^1.0.0',
  migrations: hotelMigrations,
  settings: { schema: hotelSettingsSchema, labels: hotelSettingsLabels },
  enrichers: [StayChargeEnricher],
  earnRules: [StayPointsEarnRule],
  pos: [
    { path: 'bookings', summary: '预订: book a member’s stay (a prepayment pre-earns its points)', input: bookStayInput, handler: BookStayEndpoint },
    { path: 'check-ins', summary: '入住: check a booked stay in; the member’s level gives it its benefits', input: checkInInput, handler: CheckInEndpoint, errors: ['CHECK_IN_OUTSIDE_BOOKING'] },
    { path: 'check-outs', summary: '离店结账: settle the folio, earning the stay’s points; levels are evaluated at once', input: checkOutInput, handler: CheckOutEndpoint, errors: ['CHECK_OUT_BEFORE_CHECK_IN'] },
    {
      path: 'cancellations',
      summary: '取消 / 未到店: cancel a stay or record a no-show, reversing its points; a fee is a purchase of its own',
      input: cancelStayInput,
      handler: CancelStayEndpoint,
      errors: ['NO_SHOW_BEFORE_ARRIVAL'],
    },
  ],
  levelMeasures: [
    { name: 'nights', description: '入住晚数: nights of the stays checked out', provider: NightsMeasure },
    { name: 'stays', description: '入住次数: stays checked out', provider: StaysMeasure },
  ],
  resolvers: [HotelResolver],
  memberProfile: [
    { field: 'hotelStays', type: () => [HotelStayGql], description: '住宿: the member’s stays here, newest first, with their benefits', loader: StaysLoader },
    { field: 'hotelStayTotals', type: () => HotelStayTotalsGql, description: 'Stays and nights here, as the level rules count them', loader: StayTotalsLoader },
  ],
  console: [
    {
      name: 'stays',
      placement: 'member-tab',
      label: { 'zh-CN': '住宿记录', en: 'Stays' },
      query:
        'query($memberId: UUID!) { member(id: $memberId) { member { hotelStays { reservationNo roomType arrivalOn departureOn status nights folioFen points levelCode lateCheckoutUntil roomUpgrade breakfastsPerNight } } } }',
      fields: [
        { path: 'reservationNo', label: { 'zh-CN': '预订号', en: 'Reservation' } },
        { path: 'roomType', label: { 'zh-CN': '房型', en: 'Room type' } },
        { path: 'arrivalOn', label: { 'zh-CN': '入住日期', en: 'Arrival' }, format: 'date' },
        { path: 'departureOn', label: { 'zh-CN': '离店日期', en: 'Departure' }, format: 'date' },
        { path: 'status', label: { 'zh-CN': '状态', en: 'Status' } },
        { path: 'nights', label: { 'zh-CN': '晚数', en: 'Nights' }, format: 'number' },
        { path: 'folioFen', label: { 'zh-CN': '账单金额', en: 'Folio' }, format: 'fen' },
        { path: 'points', label: { 'zh-CN': '积分', en: 'Points' }, format: 'number' },
        { path: 'lateCheckoutUntil', label: { 'zh-CN': '延迟退房至', en: 'Late checkout until' } },
        { path: 'breakfastsPerNight', label: { 'zh-CN': '早餐/晚', en: 'Breakfasts a night' }, format: 'number' },
      ],
    },
    {
      name: 'in-house',
      placement: 'page',
      label: { 'zh-CN': '在住客人', en: 'Guests in house' },
      query: 'query { hotelStays(status: "checked_in") { reservationNo memberId roomType roomNo departureOn levelCode lateCheckoutUntil roomUpgrade breakfastsPerNight } }',
      fields: [
        { path: 'roomNo', label: { 'zh-CN': '房号', en: 'Room' } },
        { path: 'roomType', label: { 'zh-CN': '房型', en: 'Room type' } },
        { path: 'departureOn', label: { 'zh-CN': '离店日期', en: 'Departure' }, format: 'date' },
        { path: 'levelCode', label: { 'zh-CN': '会员等级', en: 'Level' } },
        { path: 'lateCheckoutUntil', label: { 'zh-CN': '延迟退房至', en: 'Late checkout until' } },
        { path: 'roomUpgrade', label: { 'zh-CN': '升房', en: 'Room upgrade' } },
        { path: 'breakfastsPerNight', label: { 'zh-CN': '早餐/晚', en: 'Breakfasts a night' }, format: 'number' },
      ],
    },
  ],
});
