import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { ACCOUNT_CODES, ASSETS, LedgerService, pointsOwedOn, type TransferView } from '@loyalty/ledger';
import { MemberDirectory, type MemberView, toMemberView } from '@loyalty/members';
import { badRequest, notFound, type RequestContext } from '@loyalty/shared';

/** How a client names the member it wants: exactly one of these. */
export interface MemberLookup {
  memberId?: string;
  phone?: string;
  externalId?: string;
}

/** Everything a cashier or the console needs about a member at a glance. */
export interface Member360 {
  member: MemberView;
  pointsBalance: number;
  pointsExpiringIn30Days: number;
  /** Points owed after refunds of points already spent. */
  pointsOwed: number;
  storedValueBalanceFen: number;
  purchaseCount: number;
  grossSpendFen: number;
  refundedFen: number;
  lastPurchaseAt: string | null;
  recentTransfers: TransferView[];
}

export class GetMember360Query {
  constructor(
    readonly ctx: RequestContext,
    readonly lookup: MemberLookup,
  ) {}
}

const EXPIRING_WINDOW_DAYS = 30;
const RECENT_TRANSFERS = 10;

/**
 * Purchases and transfers are read under the caller's row-level security: a merchant sees its own
 * purchases and transfers, an alliance operator sees all; balances are the member's, alliance-wide.
 */
@QueryHandler(GetMember360Query)
export class GetMember360Handler implements IQueryHandler<GetMember360Query, Member360> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly ledger: LedgerService,
  ) {}

  execute({ ctx, lookup }: GetMember360Query): Promise<Member360> {
    const given = [lookup.memberId, lookup.phone, lookup.externalId].filter((v) => v !== undefined);
    if (given.length !== 1) throw badRequest('VALIDATION_FAILED', 'Give exactly one of id, phone or externalId');
    return this.db.asActor(ctx, async (tx) => {
      const member = lookup.externalId
        ? await this.members.findByExternalId(tx, ctx.merchantId ?? '', lookup.externalId)
        : await this.members.resolve(tx, lookup);
      if (!member) throw notFound('MEMBER_NOT_FOUND', 'No such member');
      return this.view(tx, ctx, member);
    });
  }

  private async view(tx: Tx, ctx: RequestContext, member: Parameters<typeof toMemberView>[0]): Promise<Member360> {
    const tenantId = member.tenantId;
    const [points, debt, storedValue] = await Promise.all([
      this.ledger.findAccount(tx, tenantId, ASSETS.POINTS, ACCOUNT_CODES.MEMBER_POINTS, member.id),
      this.ledger.findAccount(tx, tenantId, ASSETS.POINTS, ACCOUNT_CODES.MEMBER_POINTS_DEBT, member.id),
      this.ledger.findAccount(tx, tenantId, ASSETS.CNY, ACCOUNT_CODES.MEMBER_STORED_VALUE, member.id),
    ]);
    // Lots past their expiry but not yet swept to breakage are no longer spendable.
    const [lots] = await tx.execute<{ expired: number; expiring: number }[]>(
      `select coalesce(sum(remaining) filter (where expires_at <= now()), 0)::int8 as expired,
              coalesce(sum(remaining) filter (where expires_at > now() and expires_at <= now() + make_interval(days => ?)), 0)::int8 as expiring
       from ledger_lot where account_id = ? and remaining > 0`,
      [EXPIRING_WINDOW_DAYS, points?.id ?? '00000000-0000-0000-0000-000000000000'],
    );
    const [sales] = await tx.execute<{ count: number; gross: number; last: Date | null }[]>(
      'select count(*) as count, coalesce(sum(amount_fen), 0)::int8 as gross, max(occurred_at) as last from purchase where member_id = ?',
      [member.id],
    );
    const [returns] = await tx.execute<{ refunded: number }[]>(
      'select coalesce(sum(amount_fen), 0)::int8 as refunded from purchase_return where member_id = ?',
      [member.id],
    );
    const recentTransfers = await this.ledger.readTransfers(tx, `where member_id = ? order by created_at desc, id desc limit ${RECENT_TRANSFERS}`, [member.id]);
    return {
      member: toMemberView(member, ctx.merchantId ? await this.members.externalIdOf(tx, ctx.merchantId, member.id) : null),
      pointsBalance: (points?.available ?? 0) - lots.expired,
      pointsExpiringIn30Days: lots.expiring,
      pointsOwed: debt ? pointsOwedOn(debt) : 0,
      storedValueBalanceFen: storedValue?.available ?? 0,
      purchaseCount: sales.count,
      grossSpendFen: sales.gross,
      refundedFen: returns.refunded,
      lastPurchaseAt: sales.last ? new Date(sales.last).toISOString() : null,
      recentTransfers,
    };
  }
}
