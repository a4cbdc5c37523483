import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginScope, type PosWriteEndpoint } from '@loyalty/plugin-sdk';
import type { RegisterPetInput } from '../domain/pet-inputs';
import { insertPet, type PetRow } from '../pets/pet-records';

/** POST /api/pos/v1/plugins/pet/pets — 宠物建档: a member's pet registered at the counter (its weight, if weighed, as its first weighing). */
@Injectable()
export class RegisterPetEndpoint implements PosWriteEndpoint<RegisterPetInput, PetRow> {
  async apply(scope: PluginScope, input: RegisterPetInput) {
    const member = await scope.findMember({ memberId: input.memberId, phone: input.phone });
    const today = localDateOf(new Date(), await scope.timeZone());
    return { status: 201 as const, body: await insertPet(scope, member.id, input, today) };
  }
}
