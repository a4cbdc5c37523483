export { fuelPlugin } from './fuel.plugin';
