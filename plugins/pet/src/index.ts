export { petPlugin } from './pet.plugin';
export { type PetSettings } from './domain/pet-settings';
export * from './pet-events.v1';
