import { Injectable } from '@nestjs/common';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';
import { withHistory } from '../pets/pet-history';
import { queryPets } from '../pets/pet-records';
import type { PetGql } from './pet.types';

/** Members' pets at this pet store, oldest registration first, with their history. */
@Injectable()
export class PetsLoader implements MemberProfileLoader<PetGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, PetGql[]>> {
    const pets = await withHistory(scope, await queryPets(scope, 'p.member_id = any(?::uuid[])', [`{${memberIds.join(',')}}`]));
    const byMember = new Map<string, PetGql[]>(memberIds.map((id) => [id, []]));
    for (const pet of pets) byMember.get(pet.memberId)!.push(pet);
    return byMember;
  }
}
