import { conflict, notFound, type PluginScope, z } from '@loyalty/plugin-sdk';
import { normalisePlate } from '../domain/plate';

/** A plate as input: any spelling the till reads, normalised by `normalisePlate` once accepted. */
export const plateInput = z
  .string()
  .max(32)
  .refine((value) => normalisePlate(value) !== null, 'must be a Chinese licence plate: province, letter and 5 letters/digits, or 6 for new energy (新能源)');

/** The member the plate is registered to in the alliance; FUEL_VEHICLE_NOT_FOUND (404) otherwise. */
export async function memberIdByPlate(scope: PluginScope<unknown>, plate: string): Promise<string> {
  const [vehicle] = await scope.query<{ memberId: string }>('select member_id as "memberId" from fuel_vehicle where plate = ?', [plate]);
  if (!vehicle) throw notFound('FUEL_VEHICLE_NOT_FOUND', `No member has the vehicle ${plate}`);
  return vehicle.memberId;
}

/**
 * Registers the plate to the member (the alliance's one registry: every station finds the member by
 * it). True when it is new, false when the member had it already; FUEL_PLATE_TAKEN (409) when it is
 * another member's.
 */
export async function registerPlate(scope: PluginScope<unknown>, plate: string, memberId: string): Promise<boolean> {
  const inserted = await scope.query(
    `insert into fuel_vehicle (tenant_id, plate, member_id, registered_by_merchant_id) values (?, ?, ?, ?)
     on conflict (tenant_id, plate) do nothing returning plate`,
    [scope.tenantId, plate, memberId, scope.merchantId],
  );
  if (inserted.length > 0) return true;
  if ((await memberIdByPlate(scope, plate)) !== memberId) throw conflict('FUEL_PLATE_TAKEN', `The vehicle ${plate} is registered to another member`);
  return false;
}
