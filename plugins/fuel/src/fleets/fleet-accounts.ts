import { type PluginScope, unprocessable } from '@loyalty/plugin-sdk';
import type { VehicleLimits, VehicleSpend } from '../domain/fleet-limits';

/** A vehicle charged to a fleet, with the fleet's account member (whose stored value pays). */
export interface FleetVehicle extends VehicleLimits {
  fleetId: string;
  fleetName: string;
  accountMemberId: string;
}

const LIMIT_COLUMNS = `v.daily_limit_fen::float8 as "dailyLimitFen", v.monthly_limit_fen::float8 as "monthlyLimitFen",
  v.daily_limit_milli::float8 as "dailyLimitMilli", v.monthly_limit_milli::float8 as "monthlyLimitMilli"`;

/**
 * The fleet vehicle with this plate at the merchant, its fleet row locked for the rest of the
 * transaction: every charge to one fleet goes one at a time, so the limits are checked against
 * what was charged before (and the shared balance is locked again by the stored-value payment).
 * FUEL_NOT_FLEET_VEHICLE (422) when the plate is no active vehicle of a fleet here.
 */
export async function lockFleetVehicle(scope: PluginScope<unknown>, plate: string): Promise<FleetVehicle> {
  const [vehicle] = await scope.query<FleetVehicle>(
    `select f.id as "fleetId", f.name as "fleetName", f.account_member_id as "accountMemberId", ${LIMIT_COLUMNS}
     from fuel_fleet_vehicle v join fuel_fleet f on f.id = v.fleet_id
     where v.plate = ? and v.active
     for update of f`,
    [plate],
  );
  if (!vehicle) throw unprocessable('FUEL_NOT_FLEET_VEHICLE', `The vehicle ${plate} is not charged to a fleet at this station`);
  return vehicle;
}

/** What the vehicle was charged to its fleet in the merchant's local day and month of `occurredAt`. */
export async function vehicleSpend(scope: PluginScope<unknown>, plate: string, occurredAt: string, timeZone: string): Promise<VehicleSpend> {
  const [spend] = await scope.query<VehicleSpend>(
    `select coalesce(sum(p.amount_fen) filter (where p.local_date = t.d), 0)::float8 as "dayFen",
            coalesce(sum(p.amount_fen), 0)::float8 as "monthFen",
            coalesce(sum(p.quantity_milli) filter (where p.local_date = t.d), 0)::float8 as "dayMilli",
            coalesce(sum(p.quantity_milli), 0)::float8 as "monthMilli"
     from (select (?::timestamptz at time zone ?)::date as d) t
     left join fuel_purchase p on p.merchant_id = ? and p.plate = ? and p.fleet_id is not null
       and p.local_date >= date_trunc('month', t.d)::date and p.local_date < (date_trunc('month', t.d) + interval '1 month')::date`,
    [occurredAt, timeZone, scope.merchantId, plate],
  );
  return spend;
}
