import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { type UseVisitCardInput, useVisitCardInput } from '../programme-inputs';
import type { VisitCardView } from './sell-visit-card.command';

export class UseVisitCardCommand extends PosWriteCommand {}

/**
 * 次卡核销: takes uses off a visit card at any store of its merchant, never below zero and never
 * after it expired: the card's row is decremented in one conditional update, so concurrent uses
 * of the last visit: one wins.
 */
@CommandHandler(UseVisitCardCommand)
export class UseVisitCardHandler extends PosWriteEachInSavepoint<typeof useVisitCardInput, VisitCardView> {
  protected readonly endpoint = 'POST /api/pos/v1/visit-cards/uses';
  protected readonly schema = useVisitCardInput;

  constructor(batcher: WriteBatcher) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: UseVisitCardInput): Promise<WriteOutcome<VisitCardView>> {
    const now = new Date();
    const [card] = await tx.execute<{ id: string; memberId: string; service: string; usesTotal: number | null; usesLeft: number | null; expiresAt: string }[]>(
      `update visit_card set uses_left = uses_left - ? where id = ? and expires_at > ? and (uses_left is null or uses_left >= ?)
       returning id, member_id as "memberId", service, uses_total as "usesTotal", uses_left as "usesLeft", expires_at as "expiresAt"`,
      [data.uses, data.cardId, now, data.uses],
    );
    if (!card) {
      const [found] = await tx.execute<{ usesLeft: number | null; expiresAt: string }[]>('select uses_left as "usesLeft", expires_at as "expiresAt" from visit_card where id = ?', [data.cardId]);
      if (!found) throw notFound('VISIT_CARD_NOT_FOUND', 'No such visit card at this merchant');
      if (new Date(found.expiresAt) <= now) throw unprocessable('VISIT_CARD_EXPIRED', `The card expired at ${new Date(found.expiresAt).toISOString()}`);
      throw unprocessable('VISIT_CARD_USED_UP', `The card has ${found.usesLeft} uses left`, { usesLeft: found.usesLeft });
    }
    await tx.execute('insert into visit_card_use (id, tenant_id, merchant_id, store_id, card_id, member_id, uses, used_at) values (?, ?, ?, ?, ?, ?, ?, ?)', [
      newId(),
      ctx.tenantId,
      ctx.merchantId,
      ctx.storeId,
      card.id,
      card.memberId,
      data.uses,
      now,
    ]);
    return {
      status: 201,
      body: { cardId: card.id, memberId: card.memberId, service: card.service, usesTotal: card.usesTotal, usesLeft: card.usesLeft, expiresAt: new Date(card.expiresAt).toISOString() },
    };
  }
}
