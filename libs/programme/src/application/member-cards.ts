import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { conflict, newId, notFound, type RequestContext } from '@loyalty/shared';
import { type CardKind, type CardType, CardTypeSchema } from '../domain/member-card.entity';
import { LevelEngine } from './level-engine';

/** A card as the member holds it now. */
export interface MemberCardView {
  cardTypeId: string;
  name: string;
  kind: CardKind;
  state: 'ACTIVE' | 'EXPIRED' | 'CANCELLED';
  startsAt: Date | null;
  endsAt: Date | null;
  /** LEVEL cards: the member's level, which the card follows. */
  levelCode: string | null;
}

/** Members' cards at a merchant: holding them, and what they hold now. */
@Injectable()
export class MemberCards {
  constructor(private readonly levels: LevelEngine) {}

  async cardType(tx: Tx, cardTypeId: string): Promise<CardType> {
    const cardType = await tx.findOne(CardTypeSchema, { id: cardTypeId });
    if (!cardType) throw notFound('CARD_TYPE_NOT_FOUND', 'No such card at this merchant');
    return cardType;
  }

  /** Gives the member a card without an end (free or internal); refused when they hold it. */
  async give(tx: Tx, ctx: RequestContext, cardType: CardType, memberId: string, reason: string): Promise<void> {
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into member_card (id, tenant_id, merchant_id, card_type_id, member_id, kind, starts_at, ends_at, issued_by, issue_reason)
       values (?, ?, ?, ?, ?, ?, now(), null, ?, ?) on conflict (card_type_id, member_id) do nothing returning id`,
      [newId(), ctx.tenantId, cardType.merchantId, cardType.id, memberId, cardType.kind, ctx.actorId, reason],
    );
    if (inserted.length === 0) throw conflict('CARD_ALREADY_HELD', `The member already holds ${cardType.name}`);
  }

  /** The member's cards at this merchant (an operator: every merchant's), level cards with the level. */
  async of(tx: Tx, ctx: RequestContext, memberId: string, now: Date): Promise<MemberCardView[]> {
    const held = await tx.execute<{ cardTypeId: string; name: string; kind: CardKind; startsAt: string; endsAt: string | null; cancelledAt: string | null }[]>(
      `select c.card_type_id as "cardTypeId", t.name, c.kind, c.starts_at as "startsAt", c.ends_at as "endsAt", c.cancelled_at as "cancelledAt"
       from member_card c join card_type t on t.id = c.card_type_id where c.member_id = ? order by c.starts_at`,
      [memberId],
    );
    const cards: MemberCardView[] = held.map((c) => ({
      cardTypeId: c.cardTypeId,
      name: c.name,
      kind: c.kind,
      state: c.cancelledAt ? 'CANCELLED' : c.endsAt && new Date(c.endsAt) <= now ? 'EXPIRED' : 'ACTIVE',
      startsAt: new Date(c.startsAt),
      endsAt: c.endsAt ? new Date(c.endsAt) : null,
      levelCode: null,
    }));
    const levelCards = await tx.find(CardTypeSchema, { kind: 'LEVEL' }, { orderBy: { createdAt: 'asc' } });
    for (const card of levelCards) {
      const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, card.merchantId);
      const level = scheme ? (await this.levels.levelsOf(tx, scheme, [memberId])).get(memberId)! : null;
      cards.push({ cardTypeId: card.id, name: card.name, kind: 'LEVEL', state: 'ACTIVE', startsAt: level?.since ?? null, endsAt: level?.validUntil ?? null, levelCode: level?.level.code ?? null });
    }
    return cards;
  }
}
