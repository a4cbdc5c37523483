import { Injectable } from '@nestjs/common';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';
import type { FuelVehicleGql } from '../api/fuel.types';
import { isNewEnergyPlate } from '../domain/plate';

/** A vehicle with the fleet it is charged to at the scope's merchant (the query's `v` is fuel_vehicle). */
export const VEHICLE_SELECT = `select v.plate, v.member_id as "memberId", v.registered_at as "registeredAt", f.id as "fleetId", f.name as "fleetName"
  from fuel_vehicle v
  left join fuel_fleet_vehicle fv on fv.plate = v.plate and fv.merchant_id = ? and fv.active
  left join fuel_fleet f on f.id = fv.fleet_id`;

export const vehicleOf = (row: Omit<FuelVehicleGql, 'newEnergy'>): FuelVehicleGql => ({ ...row, newEnergy: isNewEnergyPlate(row.plate) });

/** Members' vehicles (every station of the alliance knows a member's plates), for many members at once. */
@Injectable()
export class VehiclesLoader implements MemberProfileLoader<FuelVehicleGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, FuelVehicleGql[]>> {
    const rows = await scope.query<Omit<FuelVehicleGql, 'newEnergy'>>(`${VEHICLE_SELECT} where v.member_id = any(?::uuid[]) order by v.registered_at, v.plate`, [
      scope.merchantId,
      `{${memberIds.join(',')}}`,
    ]);
    const vehicles = new Map<string, FuelVehicleGql[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) vehicles.get(row.memberId)!.push(vehicleOf(row));
    return vehicles;
  }
}
