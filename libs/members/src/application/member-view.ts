import type { Member } from '../domain/member.entity';

/** A member as the POS API and GraphQL show it. */
export interface MemberView {
  id: string;
  phone: string | null;
  name: string | null;
  gender: string;
  birthday: string | null;
  externalId: string | null;
  registeredAt: string;
  registeredMerchantId: string;
  registeredStoreId: string | null;
}

export function toMemberView(member: Member, externalId: string | null): MemberView {
  return {
    id: member.id,
    phone: member.phone ?? null,
    name: member.name ?? null,
    gender: member.gender,
    birthday: member.birthday ?? null,
    externalId,
    registeredAt: new Date(member.registeredAt).toISOString(),
    registeredMerchantId: member.registeredMerchantId,
    registeredStoreId: member.registeredStoreId ?? null,
  };
}
