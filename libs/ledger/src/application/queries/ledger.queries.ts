import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, type RequestContext } from '@loyalty/shared';
import type { AccountView, TransferView } from '../../contracts/ledger.contracts';
import { LedgerService } from '../ledger.service';

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AccountFilter {
  ownerId?: string;
  code?: string;
  asset?: string;
}
export interface TransferFilter {
  accountId?: string;
  memberId?: string;
  kind?: string;
}

export class ListAccountsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly filter: AccountFilter,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListTransfersQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly filter: TransferFilter,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/** Builds `where` from the filter fields that are set, with their values as parameters. */
function where(conditions: [string, unknown][]): { sql: string; params: unknown[] } {
  const set = conditions.filter(([, value]) => value !== undefined && value !== null);
  return { sql: set.length ? `where ${set.map(([sql]) => sql).join(' and ')}` : '', params: set.map(([, value]) => value) };
}

@QueryHandler(ListAccountsQuery)
export class ListAccountsHandler implements IQueryHandler<ListAccountsQuery, Page<AccountView>> {
  constructor(private readonly db: Db) {}

  execute({ ctx, filter, offset, limit }: ListAccountsQuery): Promise<Page<AccountView>> {
    if (ctx.roles.includes('STORE_STAFF')) throw forbidden('Store staff see members and their history, not ledger accounts');
    const w = where([
      ['owner_id = ?', filter.ownerId],
      ['code = ?', filter.code],
      ['asset = ?', filter.asset],
    ]);
    return this.db.asActor(ctx, async (tx) => {
      const items = await tx.execute<AccountView[]>(
        `select id, tenant_id as "tenantId", merchant_id as "merchantId", asset, code, owner_type as "ownerType", owner_id as "ownerId",
                debits_pending as "debitsPending", debits_posted as "debitsPosted", credits_pending as "creditsPending",
                credits_posted as "creditsPosted", credits_posted - debits_posted - debits_pending as available
         from ledger_account ${w.sql} order by created_at, id offset ? limit ?`,
        [...w.params, offset, limit],
      );
      const [{ total }] = await tx.execute<{ total: number }[]>(`select count(*) as total from ledger_account ${w.sql}`, w.params);
      return { items, total };
    });
  }
}

@QueryHandler(ListTransfersQuery)
export class ListTransfersHandler implements IQueryHandler<ListTransfersQuery, Page<TransferView>> {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
  ) {}

  execute({ ctx, filter, offset, limit }: ListTransfersQuery): Promise<Page<TransferView>> {
    const w = where([
      ['? in (debit_account_id, credit_account_id)', filter.accountId],
      ['member_id = ?', filter.memberId],
      ['kind = ?', filter.kind],
    ]);
    return this.db.asActor(ctx, async (tx) => {
      const items = await this.ledger.readTransfers(tx, `${w.sql} order by created_at desc, id desc offset ? limit ?`, [...w.params, offset, limit]);
      const [{ total }] = await tx.execute<{ total: number }[]>(`select count(*) as total from ledger_transfer ${w.sql}`, w.params);
      return { items, total };
    });
  }
}
