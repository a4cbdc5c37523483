export { hotelPlugin } from './hotel.plugin';
export { type HotelSettings, type HotelLevelTerms } from './domain/hotel-settings';
export * from './stays/hotel-events.v1';
