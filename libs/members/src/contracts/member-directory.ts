import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { notFound } from '@loyalty/shared';
import { type Member, MemberSchema } from '../domain/member.entity';
import { MemberExternalRefSchema } from '../domain/member-external-ref.entity';

/** How a POS request names a member: by id or by phone. */
export interface MemberRef {
  memberId?: string;
  phone?: string;
}

/** Finds members for other contexts' use cases, inside their transaction and tenant. */
@Injectable()
export class MemberDirectory {
  async resolve(tx: Tx, ref: MemberRef): Promise<Member> {
    const member = ref.memberId
      ? await tx.findOne(MemberSchema, { id: ref.memberId })
      : ref.phone
        ? await tx.findOne(MemberSchema, { phone: ref.phone })
        : null;
    if (!member) throw notFound('MEMBER_NOT_FOUND', 'No such member');
    return member;
  }

  async findByExternalId(tx: Tx, merchantId: string, externalId: string): Promise<Member | null> {
    const ref = await tx.findOne(MemberExternalRefSchema, { merchantId, externalId });
    return ref ? tx.findOne(MemberSchema, { id: ref.memberId }) : null;
  }

  /** The merchant's own customer number for the member, if it gave one. */
  async externalIdOf(tx: Tx, merchantId: string, memberId: string): Promise<string | null> {
    const ref = await tx.findOne(MemberExternalRefSchema, { merchantId, memberId });
    return ref?.externalId ?? null;
  }
}
