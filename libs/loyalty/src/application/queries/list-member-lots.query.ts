import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { ACCOUNT_CODES, ASSETS, LedgerService } from '@loyalty/ledger';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';

/** Points of one earning still unspent, and when they expire. */
export interface MemberLotView {
  id: string;
  amount: number;
  remaining: number;
  /** Null: never expires. */
  expiresAt: Date | null;
  /** Past its expiry, not yet moved to breakage by the sweep: no longer spendable. */
  expired: boolean;
  issuerMerchantId: string | null;
  issuerStoreId: string | null;
  createdAt: Date;
}

export class ListMemberLotsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/**
 * A member's open points lots in spending order (earliest expiry first). The member is looked up
 * under the caller's row-level security (a clerk sees their store's members); the lots, like the
 * balance, are the member's across the alliance.
 */
@QueryHandler(ListMemberLotsQuery)
export class ListMemberLotsHandler implements IQueryHandler<ListMemberLotsQuery, { items: MemberLotView[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly ledger: LedgerService,
  ) {}

  execute({ ctx, memberId, offset, limit }: ListMemberLotsQuery) {
    return this.db.asActor(ctx, async (tx) => {
      const member = await this.members.resolve(tx, { memberId });
      const account = await this.ledger.findAccount(tx, member.tenantId, ASSETS.POINTS, ACCOUNT_CODES.MEMBER_POINTS, member.id);
      if (!account) return { items: [], total: 0 };
      const rows = await tx.execute<(Omit<MemberLotView, 'expiresAt' | 'createdAt'> & { expiresAt: string | null; createdAt: string })[]>(
        `select id, amount, remaining, expires_at as "expiresAt", coalesce(expires_at <= now(), false) as expired,
                issuer_merchant_id as "issuerMerchantId", issuer_store_id as "issuerStoreId", created_at as "createdAt"
         from ledger_lot where account_id = ? and remaining > 0 order by expires_at asc nulls last, created_at, id offset ? limit ?`,
        [account.id, offset, limit],
      );
      const [{ total }] = await tx.execute<{ total: string }[]>('select count(*) as total from ledger_lot where account_id = ? and remaining > 0', [account.id]);
      const items = rows.map((row) => ({ ...row, expiresAt: row.expiresAt ? new Date(row.expiresAt) : null, createdAt: new Date(row.createdAt) }));
      return { items, total: Number(total) };
    });
  }
}
