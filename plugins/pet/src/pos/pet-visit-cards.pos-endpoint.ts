import { Injectable } from '@nestjs/common';
import { type PluginScope, type PluginSoldVisitCard, type PluginVisitCard, type PosWriteEndpoint, unprocessable } from '@loyalty/plugin-sdk';
import type { SellPetVisitCardInput, UsePetVisitCardInput } from '../domain/pet-inputs';
import { lockPet } from '../pets/pet-records';

/**
 * POST /api/pos/v1/plugins/pet/visit-cards — 宠物次卡: a visit card of the merchant's products (e.g.
 * 10 baths) sold to a pet's member for that pet, through the core's sale (paid at the till or from
 * stored value).
 */
@Injectable()
export class SellPetVisitCardEndpoint implements PosWriteEndpoint<SellPetVisitCardInput, PluginSoldVisitCard & { petId: string }> {
  async apply(scope: PluginScope, input: SellPetVisitCardInput, key: string) {
    const pet = await lockPet(scope, input.petId);
    const card = await scope.sellVisitCard({ memberId: pet.memberId, productId: input.productId, orderNo: input.orderNo, payWithStoredValue: input.payWithStoredValue }, key);
    await scope.query('insert into pet_visit_card (card_id, tenant_id, merchant_id, pet_id, member_id) values (?, ?, ?, ?, ?)', [
      card.cardId,
      scope.tenantId,
      scope.merchantId,
      pet.id,
      pet.memberId,
    ]);
    return { status: 201 as const, body: { ...card, petId: pet.id } };
  }
}

/**
 * POST /api/pos/v1/plugins/pet/visit-card-uses — 次卡核销 for a pet: a card sold for a pet serves
 * that pet only (PET_VISIT_CARD_OTHER_PET), any other card of its member's serves all their pets;
 * a card of another member is PET_VISIT_CARD_OTHER_MEMBER. Uses come off the core's card.
 */
@Injectable()
export class UsePetVisitCardEndpoint implements PosWriteEndpoint<UsePetVisitCardInput, PluginVisitCard & { petId: string }> {
  async apply(scope: PluginScope, input: UsePetVisitCardInput, key: string) {
    const pet = await lockPet(scope, input.petId);
    const [bound] = await scope.query<{ petId: string; memberId: string }>('select pet_id as "petId", member_id as "memberId" from pet_visit_card where card_id = ?', [input.cardId]);
    if (bound && bound.petId !== pet.id) throw unprocessable('PET_VISIT_CARD_OTHER_PET', 'This visit card was sold for another pet', { petId: bound.petId });
    const card = await scope.useVisitCard({ cardId: input.cardId, uses: input.uses }, key);
    // Checked after the use (the core finds the card, or refuses it with its code); refusing rolls the use back.
    if (card.memberId !== pet.memberId) throw unprocessable('PET_VISIT_CARD_OTHER_MEMBER', 'This visit card is another member’s');
    return { status: 201 as const, body: { ...card, petId: pet.id } };
  }
}
