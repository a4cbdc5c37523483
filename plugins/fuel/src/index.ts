export { fuelPlugin } from './fuel.plugin';
export type { FuelSettings, GradeSettings, GradeEarning } from './domain/fuel-settings';
export { FUEL_GRADES, FUEL_GRADE_CODES, type FuelGradeCode, type FuelUnit } from './domain/fuel-grades';
export * from './fuel-events.v1';
