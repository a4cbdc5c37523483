export { pharmacyPlugin } from './pharmacy.plugin';
export { type PharmacySettings } from './domain/pharmacy-settings';
export * from './refills/pharmacy-events.v1';
