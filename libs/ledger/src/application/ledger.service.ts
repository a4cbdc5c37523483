import { Injectable } from '@nestjs/common';
import { isUniqueViolation, pgArray, type Tx } from '@loyalty/database';
import { appendToOutbox, POINTS_EXPIRED_V1, type PointsExpiredV1 } from '@loyalty/events';
import { conflict, DomainError, derivedId, newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import {
  ACCOUNT_CODES,
  type AccountSpec,
  type AccountView,
  ASSETS,
  TRANSFER_KINDS,
  type TransferRequest,
  type TransferView,
} from '../contracts/ledger.contracts';

interface AccountRow extends AccountView {
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
  tracksLots: boolean;
}

const ACCOUNT_COLUMNS = `id, tenant_id as "tenantId", merchant_id as "merchantId", asset, code, owner_type as "ownerType",
  owner_id as "ownerId", debits_must_not_exceed_credits as "debitsMustNotExceedCredits",
  credits_must_not_exceed_debits as "creditsMustNotExceedDebits", tracks_lots as "tracksLots",
  debits_pending as "debitsPending", debits_posted as "debitsPosted", credits_pending as "creditsPending",
  credits_posted as "creditsPosted", credits_posted - debits_posted - debits_pending as available`;

const TRANSFER_COLUMNS = `id, tenant_id as "tenantId", merchant_id as "merchantId", store_id as "storeId",
  member_id as "memberId", asset, debit_account_id as "debitAccountId", credit_account_id as "creditAccountId",
  amount, kind, phase, pending_id as "pendingId", pending_status as "pendingStatus", reference,
  occurred_at as "occurredAt", created_at as "createdAt"`;

/** A debit that would break an account's "debits must not exceed credits" flag. */
export const INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS';

/**
 * Double-entry accounts and transfers kept in PostgreSQL, after TigerBeetle. Every method runs in
 * the caller's transaction. Accounts are locked in id order (no deadlocks between two transfers),
 * each transfer moves one amount from one account to another in one asset, so every ledger sums to
 * zero at every commit; account flags are checked here and again by CHECK constraints.
 */
@Injectable()
export class LedgerService {
  /** Ids of committed accounts; an account is never deleted, so its id never goes stale. */
  private readonly accountIds = new Map<string, string>();

  /**
   * The id of the account for this owner and purpose, opening it on first use. Only ids read back
   * from committed rows are cached: an id inserted here could still roll back with the caller.
   */
  async accountIdFor(tx: Tx, spec: AccountSpec): Promise<string> {
    const cacheKey = `${spec.tenantId}|${spec.asset}|${spec.code}|${spec.ownerId}`;
    const cached = this.accountIds.get(cacheKey);
    if (cached) return cached;
    const existing = await this.findAccount(tx, spec.tenantId, spec.asset, spec.code, spec.ownerId);
    if (existing) {
      this.accountIds.set(cacheKey, existing.id);
      return existing.id;
    }
    await tx.execute(
      `insert into ledger_account (id, tenant_id, merchant_id, asset, code, owner_type, owner_id,
         debits_must_not_exceed_credits, credits_must_not_exceed_debits, tracks_lots)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, asset, code, owner_id) do nothing`,
      [
        newId(),
        spec.tenantId,
        spec.merchantId,
        spec.asset,
        spec.code,
        spec.ownerType,
        spec.ownerId,
        spec.debitsMustNotExceedCredits ?? false,
        spec.creditsMustNotExceedDebits ?? false,
        spec.tracksLots ?? false,
      ],
    );
    const opened = await this.findAccount(tx, spec.tenantId, spec.asset, spec.code, spec.ownerId);
    if (!opened) throw new Error(`Account ${spec.code} for ${spec.ownerId} could not be opened`);
    return opened.id;
  }

  async findAccount(tx: Tx, tenantId: string, asset: string, code: string, ownerId: string): Promise<AccountRow | undefined> {
    const [row] = await tx.execute<AccountRow[]>(
      `select ${ACCOUNT_COLUMNS} from ledger_account where tenant_id = ? and asset = ? and code = ? and owner_id = ?`,
      [tenantId, asset, code, ownerId],
    );
    return row;
  }

  async getAccount(tx: Tx, accountId: string): Promise<AccountView | undefined> {
    const [row] = await tx.execute<AccountRow[]>(`select ${ACCOUNT_COLUMNS} from ledger_account where id = ?`, [accountId]);
    return row;
  }

  /**
   * Applies one transfer. The same id with the same accounts, amount and kind returns the transfer
   * already made; the same id with anything else is TRANSFER_ID_CONFLICT.
   */
  async createTransfer(tx: Tx, ctx: RequestContext, request: TransferRequest): Promise<TransferView> {
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
      throw unprocessable('INVALID_AMOUNT', 'A transfer amount must be a positive integer');
    }
    if (request.debitAccountId === request.creditAccountId) {
      throw unprocessable('SAME_ACCOUNT', 'A transfer needs two different accounts');
    }
    const accounts = await this.lockAccounts(tx, [request.debitAccountId, request.creditAccountId]);
    const debit = accounts.get(request.debitAccountId);
    const credit = accounts.get(request.creditAccountId);
    if (!debit || !credit) throw notFound('ACCOUNT_NOT_FOUND', 'Transfer account not found');
    if (debit.asset !== credit.asset) throw unprocessable('ASSET_MISMATCH', 'Both accounts of a transfer must hold the same asset');

    const existing = await this.findTransfer(tx, request.id);
    if (existing) return this.sameTransferOrConflict(existing, request);

    const now = new Date();
    const occurredAt = request.occurredAt ?? now;
    const asOf = occurredAt < now ? occurredAt : now;
    for (const account of [debit, credit]) {
      if (account.tracksLots) await this.expireLots(tx, ctx, account, asOf);
    }

    const pending = request.phase === 'pending';
    if (debit.debitsMustNotExceedCredits && debit.debitsPosted + debit.debitsPending + request.amount > debit.creditsPosted) {
      throw new DomainError(INSUFFICIENT_FUNDS, 'The debit account has too little to cover this transfer', 422, {
        available: debit.creditsPosted - debit.debitsPosted - debit.debitsPending,
        requested: request.amount,
      });
    }
    if (credit.creditsMustNotExceedDebits && credit.creditsPosted + credit.creditsPending + request.amount > credit.debitsPosted) {
      throw unprocessable('CREDITS_EXCEED_DEBITS', 'The credit account cannot take more than its debits');
    }

    try {
      await tx.execute(
        `insert into ledger_transfer (id, tenant_id, merchant_id, store_id, member_id, asset, debit_account_id, credit_account_id,
           amount, kind, phase, pending_status, reference, occurred_at, correlation_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          request.id,
          debit.tenantId,
          request.merchantId ?? null,
          request.storeId ?? null,
          request.memberId ?? null,
          debit.asset,
          debit.id,
          credit.id,
          request.amount,
          request.kind,
          pending ? 'pending' : 'single',
          pending ? 'pending' : null,
          request.reference ?? null,
          occurredAt,
          ctx.correlationId,
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('TRANSFER_ID_CONFLICT', 'This transfer id was already used');
      throw error;
    }
    const [debitColumn, creditColumn] = pending ? (['debits_pending', 'credits_pending'] as const) : (['debits_posted', 'credits_posted'] as const);
    await this.addToSums(tx, debit.id, debitColumn, request.amount);
    await this.addToSums(tx, credit.id, creditColumn, request.amount);
    if (debit.tracksLots) await this.consumeLots(tx, debit, request.id, request.amount, request.preferLotIds ?? []);
    if (credit.tracksLots && !pending) await this.createLot(tx, credit, request.id, request.amount, request.lotExpiresAt ?? null);

    return (await this.findTransfer(tx, request.id))!;
  }

  /**
   * Locks the account, expires its overdue lots, and returns what it can still spend: the amount a
   * use case may take when it must take no more than the member holds.
   */
  async lockSpendable(tx: Tx, ctx: RequestContext, accountId: string, asOf: Date = new Date()): Promise<number> {
    const account = (await this.lockAccounts(tx, [accountId])).get(accountId);
    if (!account) throw notFound('ACCOUNT_NOT_FOUND', 'No such account');
    if (account.tracksLots) await this.expireLots(tx, ctx, account, asOf);
    return account.available;
  }

  /** Posts a pending transfer in full, or voids it and returns what it reserved. */
  async resolvePending(
    tx: Tx,
    ctx: RequestContext,
    request: { id: string; pendingId: string; action: 'post' | 'void'; lotExpiresAt?: Date | null },
  ): Promise<TransferView> {
    const [pendingRow] = await this.readTransfers(tx, 'where id = ? for update', [request.pendingId]);
    if (!pendingRow || pendingRow.phase !== 'pending') throw notFound('PENDING_TRANSFER_NOT_FOUND', 'No such pending transfer');
    const existing = await this.findTransfer(tx, request.id);
    if (existing) {
      if (existing.pendingId === request.pendingId && existing.phase === request.action) return existing;
      throw conflict('TRANSFER_ID_CONFLICT', 'This transfer id was already used');
    }
    if (pendingRow.pendingStatus !== 'pending') {
      throw conflict('PENDING_TRANSFER_ALREADY_RESOLVED', `The pending transfer was already ${pendingRow.pendingStatus}`);
    }
    const accounts = await this.lockAccounts(tx, [pendingRow.debitAccountId, pendingRow.creditAccountId]);
    const debit = accounts.get(pendingRow.debitAccountId)!;
    const credit = accounts.get(pendingRow.creditAccountId)!;
    const amount = pendingRow.amount;
    await tx.execute(
      `insert into ledger_transfer (id, tenant_id, merchant_id, store_id, member_id, asset, debit_account_id, credit_account_id,
         amount, kind, phase, pending_id, reference, occurred_at, correlation_id)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)`,
      [
        request.id,
        pendingRow.tenantId,
        pendingRow.merchantId,
        pendingRow.storeId,
        pendingRow.memberId,
        pendingRow.asset,
        debit.id,
        credit.id,
        amount,
        pendingRow.kind,
        request.action,
        pendingRow.id,
        pendingRow.reference,
        ctx.correlationId,
      ],
    );
    await tx.execute('update ledger_transfer set pending_status = ? where id = ?', [request.action === 'post' ? 'posted' : 'voided', pendingRow.id]);
    await this.addToSums(tx, debit.id, 'debits_pending', -amount);
    await this.addToSums(tx, credit.id, 'credits_pending', -amount);
    if (request.action === 'post') {
      await this.addToSums(tx, debit.id, 'debits_posted', amount);
      await this.addToSums(tx, credit.id, 'credits_posted', amount);
      if (credit.tracksLots) await this.createLot(tx, credit, request.id, amount, request.lotExpiresAt ?? null);
    } else if (debit.tracksLots) {
      await tx.execute(
        `update ledger_lot l set remaining = l.remaining + c.amount
         from ledger_lot_consumption c where c.transfer_id = ? and l.id = c.lot_id`,
        [pendingRow.id],
      );
    }
    return (await this.findTransfer(tx, request.id))!;
  }

  async findTransfer(tx: Tx, id: string): Promise<TransferView | undefined> {
    const [row] = await this.readTransfers(tx, 'where id = ?', [id]);
    return row;
  }

  /** Transfers matching `whereSql` (with `?` parameters and any order/limit), as views. */
  async readTransfers(tx: Tx, whereSql: string, params: unknown[]): Promise<TransferView[]> {
    const rows = await tx.execute<TransferView[]>(`select ${TRANSFER_COLUMNS} from ledger_transfer ${whereSql}`, params);
    // Raw queries return timestamps as text; views carry Dates.
    return rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt), createdAt: new Date(row.createdAt) }));
  }

  /** Lots of an account with points left, earliest expiry first. */
  async openLots(tx: Tx, accountId: string): Promise<{ id: string; transferId: string; amount: number; remaining: number; expiresAt: Date | null }[]> {
    const lots = await tx.execute<{ id: string; transferId: string; amount: number; remaining: number; expiresAt: string | null }[]>(
      `select id, transfer_id as "transferId", amount, remaining, expires_at as "expiresAt" from ledger_lot
       where account_id = ? and remaining > 0 order by expires_at asc nulls last, created_at, id`,
      [accountId],
    );
    return lots.map((lot) => ({ ...lot, expiresAt: lot.expiresAt ? new Date(lot.expiresAt) : null }));
  }

  /** The lot a credit transfer created, if any. */
  async lotOfTransfer(tx: Tx, transferId: string): Promise<{ id: string; remaining: number } | undefined> {
    const [row] = await tx.execute<{ id: string; remaining: number }[]>('select id, remaining from ledger_lot where transfer_id = ?', [transferId]);
    return row;
  }

  /**
   * Moves every lot of the account that expired by `asOf` to the tenant's breakage account. Runs
   * before any transfer touches a lot-tracked account, so balances are truthful when checked.
   */
  async expireLots(tx: Tx, ctx: RequestContext, account: AccountRow, asOf: Date): Promise<number> {
    const lots = (
      await tx.execute<{ id: string; remaining: number; expiresAt: string }[]>(
        `select id, remaining, expires_at as "expiresAt" from ledger_lot
         where account_id = ? and remaining > 0 and expires_at <= ? order by expires_at, id`,
        [account.id, asOf],
      )
    ).map((lot) => ({ ...lot, expiresAt: new Date(lot.expiresAt) }));
    if (lots.length === 0) return 0;
    const breakageId = await this.accountIdFor(tx, {
      tenantId: account.tenantId,
      merchantId: null,
      asset: account.asset,
      code: ACCOUNT_CODES.BREAKAGE,
      ownerType: 'tenant',
      ownerId: account.tenantId,
    });
    await tx.execute('select id from ledger_account where id = ? for update', [breakageId]);
    const memberId = account.ownerType === 'member' ? account.ownerId : null;
    let total = 0;
    for (const lot of lots) {
      const transferId = derivedId('expiry', lot.id);
      await tx.execute(
        `insert into ledger_transfer (id, tenant_id, member_id, asset, debit_account_id, credit_account_id, amount, kind, phase, occurred_at, correlation_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, 'single', ?, ?)`,
        [transferId, account.tenantId, memberId, account.asset, account.id, breakageId, lot.remaining, TRANSFER_KINDS.EXPIRY, lot.expiresAt, ctx.correlationId],
      );
      await tx.execute('insert into ledger_lot_consumption (transfer_id, lot_id, tenant_id, amount) values (?, ?, ?, ?)', [
        transferId,
        lot.id,
        account.tenantId,
        lot.remaining,
      ]);
      total += lot.remaining;
    }
    await tx.execute('update ledger_lot set remaining = 0 where id = any(?::uuid[])', [pgArray(lots.map((l) => l.id))]);
    await this.addToSums(tx, account.id, 'debits_posted', total);
    await this.addToSums(tx, breakageId, 'credits_posted', total);
    account.debitsPosted += total;
    account.available -= total;
    if (memberId && account.asset === ASSETS.POINTS) {
      const tenantCtx = { ...ctx, tenantId: account.tenantId };
      await appendToOutbox(
        tx,
        tenantCtx,
        lots.map((lot) => ({
          type: POINTS_EXPIRED_V1,
          key: memberId,
          occurredAt: lot.expiresAt,
          payload: { memberId, transferId: derivedId('expiry', lot.id), points: lot.remaining, occurredAt: lot.expiresAt.toISOString() } satisfies PointsExpiredV1,
        })),
      );
    }
    return total;
  }

  /**
   * Expires every lot due by `asOf`, account by account, for all tenants: the scheduled sweep.
   * Accounts another instance is sweeping are skipped; returns the points expired.
   */
  async expireDueLots(tx: Tx, asOf: Date, correlationId: string, maxAccounts = 1000): Promise<number> {
    const accounts = await tx.execute<AccountRow[]>(
      `select ${ACCOUNT_COLUMNS} from ledger_account where id in (
         select distinct account_id from ledger_lot where remaining > 0 and expires_at <= ? limit ${maxAccounts}
       ) order by id for update skip locked`,
      [asOf],
    );
    let total = 0;
    for (const account of accounts) {
      const ctx: RequestContext = { tenantId: account.tenantId, merchantId: null, storeId: null, actorId: 'system', roles: ['PLATFORM_ADMIN'], correlationId };
      total += await this.expireLots(tx, ctx, account, asOf);
    }
    return total;
  }

  /** Locks the accounts in id order, so two transfers over the same accounts never deadlock. */
  private async lockAccounts(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
    const rows = await tx.execute<AccountRow[]>(
      `select ${ACCOUNT_COLUMNS} from ledger_account where id = any(?::uuid[]) order by id for update`,
      [pgArray([...new Set(ids)])],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  private sameTransferOrConflict(existing: TransferView, request: TransferRequest): TransferView {
    const same =
      existing.debitAccountId === request.debitAccountId &&
      existing.creditAccountId === request.creditAccountId &&
      existing.amount === request.amount &&
      existing.kind === request.kind &&
      existing.phase === (request.phase ?? 'single');
    if (!same) throw conflict('TRANSFER_ID_CONFLICT', 'This transfer id was already used for a different transfer');
    return existing;
  }

  private async addToSums(tx: Tx, accountId: string, column: 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted', amount: number) {
    await tx.execute(`update ledger_account set ${column} = ${column} + ? where id = ?`, [amount, accountId]);
  }

  private async createLot(tx: Tx, account: AccountRow, transferId: string, amount: number, expiresAt: Date | null) {
    await tx.execute('insert into ledger_lot (id, tenant_id, account_id, transfer_id, amount, remaining, expires_at) values (?, ?, ?, ?, ?, ?, ?)', [
      newId(),
      account.tenantId,
      account.id,
      transferId,
      amount,
      amount,
      expiresAt,
    ]);
  }

  /**
   * Takes `amount` from the account's lots: the preferred lots first, then earliest expiry first.
   * The account row is locked by the caller, which serialises every change to its lots.
   */
  private async consumeLots(tx: Tx, account: AccountRow, transferId: string, amount: number, preferLotIds: string[]) {
    const lots = await tx.execute<{ id: string; remaining: number }[]>(
      `select id, remaining from (
         select id, remaining, sum(remaining) over (order by id = any(?::uuid[]) desc, expires_at asc nulls last, created_at, id) - remaining as before
         from ledger_lot where account_id = ? and remaining > 0
       ) ordered where before < ? order by before`,
      [pgArray(preferLotIds), account.id, amount],
    );
    const taken: { id: string; amount: number }[] = [];
    let left = amount;
    for (const lot of lots) {
      if (left === 0) break;
      const take = Math.min(lot.remaining, left);
      taken.push({ id: lot.id, amount: take });
      left -= take;
    }
    if (left > 0) throw new Error(`Ledger invariant broken: account ${account.id} has ${amount - left} in lots, needs ${amount}`);
    const ids = taken.map((t) => t.id);
    const amounts = taken.map((t) => t.amount);
    await tx.execute(
      'update ledger_lot l set remaining = l.remaining - c.amount from unnest(?::uuid[], ?::int8[]) as c(id, amount) where l.id = c.id',
      [pgArray(ids), pgArray(amounts)],
    );
    await tx.execute(
      `insert into ledger_lot_consumption (transfer_id, lot_id, tenant_id, amount)
       select ?, c.id, ?, c.amount from unnest(?::uuid[], ?::int8[]) as c(id, amount)`,
      [transferId, account.tenantId, pgArray(ids), pgArray(amounts)],
    );
  }
}
