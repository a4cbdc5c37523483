import { definePlugin, POINTS_REVERSED_V1 } from '@loyalty/plugin-sdk';
import { FLEET, FuelResolver } from './api/fuel.resolver';
import { FuelVehicleGql } from './api/fuel.types';
import { fuelSettingsSchema } from './domain/fuel-settings';
import { fuelMigrations } from './fuel.migrations';
import { FuelPurchaseEndpoint, fuelPurchaseInput } from './pos/fuel-purchase.pos-endpoint';
import { RegisterVehicleEndpoint, registerVehicleInput } from './pos/register-vehicle.pos-endpoint';
import { FuelEarnRule } from './purchase/fuel.earn-rule';
import { FuelLineEnricher } from './purchase/fuel-line.enricher';
import { FillsMeasure, LitresMeasure } from './levels/fill-measures';
import { RefundReducesFillHandler } from './refunds/refund-reduces-fill.handler';
import { VehiclesLoader } from './vehicles/vehicles.loader';

/**
 * 加油站/加气站: members' vehicles by plate, fill-ups by grade and quantity priced by the station with
 * members' per-litre discounts by level, points per litre or per 元 by grade, and fleets (车队) paying
 * from one shared stored value within per-vehicle limits.
 */
export const fuelPlugin = definePlugin({
  id: 'fuel',
  name: { 'zh-CN': '加油站', en: 'Fuel station' },
  description: 'Vehicles by plate, fill-ups by grade and litre with level discounts, points by grade, fleets with shared stored value and per-vehicle limits',
  version: '1.0.0',
  compatibility: '^1.0.0',
  migrations: fuelMigrations,
  settings: { schema: fuelSettingsSchema },
  permissions: [{ code: FLEET, label: { 'zh-CN': '车队管理', en: 'Fleets' } }],
  enrichers: [FuelLineEnricher],
  earnRules: [FuelEarnRule],
  levelMeasures: [
    { name: 'litres', description: '加油升数: whole litres of liquid fuel filled, net of refunds', provider: LitresMeasure },
    { name: 'fills', description: '加油次数: fill-ups not refunded whole', provider: FillsMeasure },
  ],
  events: [{ name: 'refunds', types: [POINTS_REVERSED_V1], handler: RefundReducesFillHandler }],
  resolvers: [FuelResolver],
  pos: [
    {
      path: 'purchases',
      summary: '加油/加气: a fill-up by grade and quantity, priced by the station, optionally charged to the vehicle’s fleet',
      input: fuelPurchaseInput,
      handler: FuelPurchaseEndpoint,
      errors: ['FUEL_GRADE_NOT_SOLD', 'FUEL_NOT_FLEET_VEHICLE', 'FUEL_VEHICLE_LIMIT_EXCEEDED', 'INSUFFICIENT_BALANCE'],
    },
    { path: 'vehicles', summary: '绑定车牌: registers a member’s vehicle by plate', input: registerVehicleInput, handler: RegisterVehicleEndpoint },
  ],
  memberProfile: [{ field: 'fuelVehicles', type: () => [FuelVehicleGql], description: '车辆: the member’s vehicles by plate', loader: VehiclesLoader }],
  console: [
    {
      name: 'vehicles',
      placement: 'member-tab',
      label: { 'zh-CN': '车辆', en: 'Vehicles' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { fuelVehicles { plate newEnergy fleetName registeredAt } } } }',
      fields: [
        { path: 'plate', label: { 'zh-CN': '车牌', en: 'Plate' } },
        { path: 'fleetName', label: { 'zh-CN': '车队', en: 'Fleet' } },
        { path: 'registeredAt', label: { 'zh-CN': '绑定时间', en: 'Registered' }, format: 'datetime' },
      ],
    },
    {
      name: 'fleets',
      placement: 'page',
      label: { 'zh-CN': '车队', en: 'Fleets' },
      query: 'query { fuelFleets { id name accountMemberId createdAt vehicles { plate dailyLimitFen monthlyLimitFen active } } }',
      fields: [
        { path: 'name', label: { 'zh-CN': '车队', en: 'Fleet' } },
        { path: 'vehicles', label: { 'zh-CN': '车辆', en: 'Vehicles' }, format: 'list' },
        { path: 'createdAt', label: { 'zh-CN': '开设时间', en: 'Opened' }, format: 'datetime' },
      ],
      permission: FLEET,
    },
  ],
});
