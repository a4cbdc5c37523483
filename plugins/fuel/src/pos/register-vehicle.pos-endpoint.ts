import { Injectable } from '@nestjs/common';
import { type PluginScope, type PosWriteEndpoint, z } from '@loyalty/plugin-sdk';
import { isNewEnergyPlate, normalisePlate } from '../domain/plate';
import { plateInput, registerPlate } from '../vehicles/vehicle-registry';

export const registerVehicleInput = z
  .object({ memberId: z.uuid().optional(), phone: z.string().max(32).optional(), plate: plateInput })
  .refine((v) => (v.memberId === undefined) !== (v.phone === undefined), { message: 'give exactly one of memberId or phone', path: ['memberId'] });
type RegisterVehicleInput = z.infer<typeof registerVehicleInput>;

export interface RegisteredVehicle {
  plate: string;
  newEnergy: boolean;
  memberId: string;
}

/**
 * POST /api/pos/v1/plugins/fuel/vehicles: 绑定车牌 — the member's vehicle, so that the till finds the
 * member by plate from now on (201; 200 when the member had it already).
 */
@Injectable()
export class RegisterVehicleEndpoint implements PosWriteEndpoint<RegisterVehicleInput, RegisteredVehicle> {
  async apply(scope: PluginScope, input: RegisterVehicleInput) {
    const member = await scope.findMember({ memberId: input.memberId, phone: input.phone });
    const plate = normalisePlate(input.plate)!;
    const created = await registerPlate(scope, plate, member.id);
    return { status: created ? (201 as const) : (200 as const), body: { plate, newEnergy: isNewEnergyPlate(plate), memberId: member.id } };
  }
}
