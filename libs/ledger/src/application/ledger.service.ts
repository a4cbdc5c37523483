import { Injectable } from '@nestjs/common';
import { afterCommit, type BinaryArrayType, encodeBinaryArray, isUniqueViolation, pgArray, plannedWhileYoung, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox, type NewEvent, POINTS_EXPIRED_V1, type PointsExpiredV1 } from '@loyalty/events';
import { conflict, DomainError, derivedId, LruCache, newId, notFound, type RequestContext, systemContext, unprocessable } from '@loyalty/shared';
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

/** The tables the batch write probes by key (`addressed`). */
const LEDGER_TABLES = ['ledger_transfer', 'ledger_account', 'ledger_lot'];
/** About 14 MB of account ids when full: 274 bytes an entry (key and id strings, the map's slot), measured in Node 24. */
const ACCOUNT_ID_CACHE_ENTRIES = 50_000;

/**
 * A batch's rows `(rows) as v(columns)`, `id` first, each with its row's current address as
 * `v.target`, found by one primary-key probe (`limit 1` keeps it a probe, as in accountIdsFor), for
 * an UPDATE that joins on `ctid = v.target`. Joined on `id` (even beside `id = any(…)`), the
 * generic plan, misled by row-level security's filter on a young table, scanned the tenant's rows
 * against the whole list (1.8 ms of a bench:pos batch's 4.5 ms write, in one logged plan). The
 * addresses hold until the UPDATE: accounts are locked first (lockAccounts), and lots change only
 * under their account's lock. The statements holding such probes are planned each time while
 * their tables are young (`plannedWhileYoung`): a connection that prepared the batch write while
 * `ledger_account` was young kept a generic plan whose probe read the tenant's accounts for each
 * key, and one import batch's write ran for over seven minutes on 5,500 accounts (a full Jest run,
 * 2026-12-06).
 */
const addressed = (table: string, rows: string, columns: string) =>
  `(select v.*, p.ctid as target from (${rows}) as v(${columns}) cross join lateral (select ctid from ${table} where id = v.id limit 1) p) v`;

/** A debit that would break an account's "debits must not exceed credits" flag. */
export const INSUFFICIENT_FUNDS = 'INSUFFICIENT_FUNDS';

/**
 * Double-entry accounts and transfers kept in PostgreSQL, after TigerBeetle. Every method runs in
 * the caller's transaction. The accounts of an operation are locked together in id order; the
 * tenant's breakage account is locked after them when lots expire, and PostgreSQL's deadlock
 * detection with Db's retry settles the rare cross-transaction cycle that can make. Each transfer
 * moves one amount from one account to another in one asset, so every ledger sums to zero at
 * every commit; flags are checked here and again by CHECK constraints, references by foreign keys.
 */
@Injectable()
export class LedgerService {
  /**
   * Ids of committed accounts by (tenant, asset, code, owner); an account is never deleted, so its id
   * never goes stale. Only the accounts used lately: a map of every account ever used grew with the
   * alliances' members toward the heap's cap (a miss costs a probe in the batch's account look-up).
   */
  private readonly accountIds = new LruCache<string, string>(ACCOUNT_ID_CACHE_ENTRIES);

  /** The id of the account for this owner and purpose, opening it on first use. */
  async accountIdFor(tx: Tx, spec: AccountSpec): Promise<string> {
    return (await this.accountIdsFor(tx, [spec]))[0];
  }

  /**
   * Account ids for many owners at once, opening the missing ones. Existing accounts are read
   * first (an insert that meets an existing row would wait for whoever is updating it). Ids are
   * cached only once the transaction commits: an account opened in it could still roll back.
   */
  async accountIdsFor(tx: Tx, specs: AccountSpec[]): Promise<string[]> {
    const cacheKey = (spec: { tenantId: string; asset: string; code: string; ownerId: string }) => `${spec.tenantId}|${spec.asset}|${spec.code}|${spec.ownerId}`;
    // The ids known at the start are kept here: other batches' commits may drop them from the cache meanwhile.
    const ids = new Map<string, string>();
    const missingByKey = new Map<string, AccountSpec>();
    for (const spec of specs) {
      const key = cacheKey(spec);
      const cached = this.accountIds.get(key);
      if (cached) ids.set(key, cached);
      else missingByKey.set(key, spec);
    }
    const missing = [...missingByKey.values()];
    const local = new Map<string, string>();
    const find = async (wanted: AccountSpec[]) =>
      tx.execute<{ id: string; tenantId: string; asset: string; code: string; ownerId: string }[]>(
        // One probe of the unique (tenant, asset, code, owner) index per account; `limit 1` keeps the
        // planner from turning the probes into a join, which row-level security's filter can make it
        // plan as a scan of the table per account (see claimKeys).
        `select a.id, a.tenant_id as "tenantId", a.asset, a.code, a.owner_id as "ownerId"
         from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as k(tenant_id, asset, code, owner_id)
         cross join lateral (
           select * from ledger_account l where l.tenant_id = k.tenant_id and l.asset = k.asset and l.code = k.code and l.owner_id = k.owner_id limit 1
         ) a`,
        [
          encodeBinaryArray('uuid', wanted.map((m) => m.tenantId)),
          encodeBinaryArray('text', wanted.map((m) => m.asset)),
          encodeBinaryArray('text', wanted.map((m) => m.code)),
          encodeBinaryArray('uuid', wanted.map((m) => m.ownerId)),
        ],
      );
    if (missing.length > 0) {
      for (const row of await find(missing)) local.set(cacheKey(row), row.id);
      const toOpen = missing.filter((spec) => !local.has(cacheKey(spec)));
      if (toOpen.length > 0) {
        const rows = unnestRows(
          toOpen.map((spec) => [
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
          ]),
          ['uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'uuid', 'bool', 'bool', 'bool'],
        );
        await tx.execute(
          `insert into ledger_account (id, tenant_id, merchant_id, asset, code, owner_id, owner_type,
             debits_must_not_exceed_credits, credits_must_not_exceed_debits, tracks_lots)
           select v.id, v.tenant, v.merchant, v.asset, v.code, v.owner, v.owner_type, v.dnec, v.cned, v.lots
           from (${rows.sql}) as v(id, tenant, merchant, asset, code, owner_type, owner, dnec, cned, lots)
           on conflict (tenant_id, asset, code, owner_id) do nothing`,
          rows.params,
        );
        for (const row of await find(toOpen)) local.set(cacheKey(row), row.id);
      }
      afterCommit(tx, () => {
        for (const [key, id] of local) this.accountIds.set(key, id);
      });
    }
    return specs.map((spec) => {
      const id = ids.get(cacheKey(spec)) ?? local.get(cacheKey(spec));
      if (!id) throw new Error(`Account ${spec.code} for ${spec.ownerId} could not be opened`);
      return id;
    });
  }

  /**
   * What each account can still spend, by id: one primary-key probe per account (`limit 1`, as in
   * `addressed`), planned each time while young. As `id = any(…)`, a generic plan on a table
   * analyzed while its tenants were small read every account of the tenant per call, the ids as a
   * filter (EXPLAIN on a skewed copy of the real schema, 2026-12-07): the planner takes a parameter
   * array for ten keys, ten probes dearer than one scan of a tenant it takes for one row. Run by
   * purchase batches (for purchases that earned nothing or paid a debt), level upgrades and balance
   * answers.
   */
  async availableOf(tx: Tx, accountIds: string[]): Promise<Map<string, number>> {
    const rows = await tx.execute<{ id: string; available: number }[]>(
      plannedWhileYoung(
        ['ledger_account'],
        `select a.* from unnest(?::uuid[]) as k(id)
         cross join lateral (select id, credits_posted - debits_posted - debits_pending as available from ledger_account where id = k.id limit 1) a`,
      ),
      [encodeBinaryArray('uuid', accountIds)],
    );
    return new Map(rows.map((row) => [row.id, row.available]));
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

  /** Applies one transfer: `createTransfers` with a batch of one, throwing its error. */
  async createTransfer(tx: Tx, ctx: RequestContext, request: TransferRequest): Promise<TransferView> {
    const [outcome] = await this.createTransfers(tx, ctx, [request]);
    if (!outcome.ok) throw outcome.error;
    return outcome.transfer;
  }

  /**
   * Applies a batch of transfers in order, each succeeding or failing on its own (TigerBeetle's
   * create_transfers): a later transfer sees the earlier ones' effects. The same id with the same
   * accounts, amount and kind returns the transfer already made; with anything else it is
   * TRANSFER_ID_CONFLICT. Reads and writes are a fixed number of statements, whatever the size.
   */
  async createTransfers(tx: Tx, ctx: RequestContext, requests: TransferRequest[]): Promise<TransferOutcome[]> {
    const outcomes: (TransferOutcome | undefined)[] = requests.map((request) => {
      if (!Number.isSafeInteger(request.amount) || request.amount <= 0) {
        return failed(unprocessable('INVALID_AMOUNT', 'A transfer amount must be a positive integer'));
      }
      if (request.debitAccountId === request.creditAccountId) return failed(unprocessable('SAME_ACCOUNT', 'A transfer needs two different accounts'));
      return undefined;
    });
    const open = () => requests.map((request, i) => ({ request, i })).filter(({ i }) => outcomes[i] === undefined);
    if (open().length === 0) return outcomes as TransferOutcome[];

    // Lots expire as of the earliest moment a transfer of the batch touches their account (history
    // imported today expires as of its own time, not today's).
    const now = new Date();
    const asOf = (request: TransferRequest) => (request.occurredAt && request.occurredAt < now ? request.occurredAt : now);
    const expireAsOf = new Map<string, Date>();
    for (const { request } of open()) {
      for (const id of [request.debitAccountId, request.creditAccountId]) {
        const previous = expireAsOf.get(id);
        if (!previous || asOf(request) < previous) expireAsOf.set(id, asOf(request));
      }
    }
    // Lock first, then look for earlier transfers: a concurrent duplicate has committed by now.
    const accounts = await this.lockAccounts(tx, [...expireAsOf.keys()], expireAsOf);
    const existing = new Map((await this.transfersById(tx, open().map(({ request }) => request.id))).map((t) => [t.id, t]));
    const firstIndexOfId = new Map<string, number>();
    // The same id again within the batch: the first one's outcome, if it is the same transfer.
    const repeats: { i: number; first: number }[] = [];
    for (const { request, i } of open()) {
      const debit = accounts.get(request.debitAccountId);
      const credit = accounts.get(request.creditAccountId);
      const earlier = existing.get(request.id);
      if (!debit || !credit) outcomes[i] = failed(notFound('ACCOUNT_NOT_FOUND', 'Transfer account not found'));
      else if (debit.asset !== credit.asset) outcomes[i] = failed(unprocessable('ASSET_MISMATCH', 'Both accounts of a transfer must hold the same asset'));
      else if (earlier) outcomes[i] = sameTransfer(earlier, request) ? { ok: true, transfer: earlier } : failed(transferIdConflict());
      else if (firstIndexOfId.has(request.id)) {
        // Settled after the first is applied; until then it is not applied itself.
        outcomes[i] = failed(transferIdConflict());
        repeats.push({ i, first: firstIndexOfId.get(request.id)! });
      }
      else firstIndexOfId.set(request.id, i);
    }

    // Expired lots leave first, so balances are truthful when checked.
    await this.expireLots(tx, ctx, dueAccounts(accounts, expireAsOf));

    const availableAfter: { debit: number; credit: number }[] = [];
    const lots = await this.loadOpenLots(
      tx,
      [...new Set(open().map(({ request }) => request.debitAccountId))].filter((id) => accounts.get(id)!.tracksLots),
    );
    const batch = new TransferBatch();
    for (const { request, i } of open()) {
      const debit = accounts.get(request.debitAccountId)!;
      const credit = accounts.get(request.creditAccountId)!;
      const pending = request.phase === 'pending';
      if (debit.debitsMustNotExceedCredits && debit.debitsPosted + debit.debitsPending + request.amount > debit.creditsPosted) {
        outcomes[i] = failed(
          new DomainError(INSUFFICIENT_FUNDS, 'The debit account has too little to cover this transfer', 422, {
            available: debit.creditsPosted - debit.debitsPosted - debit.debitsPending,
            requested: request.amount,
          }),
        );
        continue;
      }
      if (credit.creditsMustNotExceedDebits && credit.creditsPosted + credit.creditsPending + request.amount > credit.debitsPosted) {
        outcomes[i] = failed(unprocessable('CREDITS_EXCEED_DEBITS', 'The credit account cannot take more than its debits'));
        continue;
      }
      batch.transfer(request, debit, credit, pending, request.occurredAt ?? now, ctx.correlationId);
      batch.move(debit, pending ? 'debitsPending' : 'debitsPosted', request.amount);
      batch.move(credit, pending ? 'creditsPending' : 'creditsPosted', request.amount);
      availableAfter[i] = { debit: debit.available, credit: credit.available };
      if (debit.tracksLots) batch.consume(lots.get(debit.id) ?? [], request);
      if (credit.tracksLots && !pending) {
        const lot: OpenLot = {
          id: newId(),
          tenantId: credit.tenantId,
          accountId: credit.id,
          transferId: request.id,
          amount: request.amount,
          remaining: request.amount,
          expiresAt: request.lotExpiresAt ?? null,
          issuerMerchantId: request.lotIssuer ? request.lotIssuer.merchantId : (request.merchantId ?? null),
          issuerStoreId: request.lotIssuer ? request.lotIssuer.storeId : (request.storeId ?? null),
          isNew: true,
        };
        insertByExpiry(lots.get(credit.id) ?? setNew(lots, credit.id), lot);
        batch.newLots.push(lot);
      }
    }

    const written = await batch.write(tx);
    for (const { request, i } of open()) outcomes[i] = { ok: true, transfer: written.get(request.id)!, ...availableAfter[i] && { available: availableAfter[i] } };
    for (const { i, first } of repeats) {
      const original = outcomes[first]!;
      outcomes[i] = original.ok && sameTransfer(original.transfer, requests[i]) ? { ok: true, transfer: original.transfer } : failed(transferIdConflict());
    }
    return outcomes as TransferOutcome[];
  }

  /**
   * Locks the account (with `alsoLock`, the other accounts the caller will move money between, all
   * in one id order), expires its lots overdue by `asOf`, and returns what it can still spend: the
   * amount a use case may take when it must take no more than the member holds.
   */
  async lockSpendable(tx: Tx, ctx: RequestContext, accountId: string, options: { asOf?: Date; alsoLock?: string[] } = {}): Promise<number> {
    return (await this.lockSpendableMany(tx, ctx, [{ accountId, asOf: options.asOf }], options.alsoLock))[0];
  }

  /** `lockSpendable` for several accounts at once (all locked together, in id order). */
  async lockSpendableMany(tx: Tx, ctx: RequestContext, wanted: { accountId: string; asOf?: Date }[], alsoLock: string[] = []): Promise<number[]> {
    const now = new Date();
    const dueBy = new Map<string, Date>();
    for (const { accountId, asOf = now } of wanted) if (!dueBy.has(accountId) || asOf < dueBy.get(accountId)!) dueBy.set(accountId, asOf);
    const accounts = await this.lockAccounts(tx, [...dueBy.keys(), ...alsoLock], dueBy);
    for (const accountId of dueBy.keys()) if (!accounts.has(accountId)) throw notFound('ACCOUNT_NOT_FOUND', 'No such account');
    await this.expireLots(tx, ctx, dueAccounts(accounts, dueBy));
    return wanted.map(({ accountId }) => accounts.get(accountId)!.available);
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
      if (credit.tracksLots) {
        await tx.execute(
          `insert into ledger_lot (id, tenant_id, account_id, transfer_id, amount, remaining, expires_at, issuer_merchant_id, issuer_store_id)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [newId(), credit.tenantId, credit.id, request.id, amount, amount, request.lotExpiresAt ?? null, pendingRow.merchantId, pendingRow.storeId],
        );
      }
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

  /**
   * The transfers among these ids that exist, by one primary-key probe each (see accountIdsFor): on
   * a young table, row-level security's filter made the planner scan ledger_transfer for `id = any(…)`
   * (3.7 ms a batch under load). Planned each time while young (see `plannedWhileYoung`): the table starts empty,
   * and a generic plan made then cost 66 ms a batch in one bench:pos run (timed by a throwaway harness).
   */
  private async transfersById(tx: Tx, ids: string[]): Promise<TransferView[]> {
    const rows = await tx.execute<TransferView[]>(
      plannedWhileYoung(['ledger_transfer'], `select t.* from unnest(?::uuid[]) as k(id) cross join lateral (select ${TRANSFER_COLUMNS} from ledger_transfer l where l.id = k.id limit 1) t`),
      [encodeBinaryArray('uuid', ids)],
    );
    return rows.map(toTransferView);
  }

  /** Transfers matching `whereSql` (with `?` parameters and any order/limit), as views. */
  async readTransfers(tx: Tx, whereSql: string, params: unknown[]): Promise<TransferView[]> {
    const rows = await tx.execute<TransferView[]>(`select ${TRANSFER_COLUMNS} from ledger_transfer ${whereSql}`, params);
    return rows.map(toTransferView);
  }

  /** A page of the transfers moving any of the accounts, latest first. */
  async transfersOf(tx: Tx, accountIds: string[], page: { offset: number; limit: number }): Promise<{ items: TransferView[]; total: number }> {
    const where = 'where debit_account_id = any(?::uuid[]) or credit_account_id = any(?::uuid[])';
    const ids = pgArray(accountIds);
    const items = await this.readTransfers(tx, `${where} order by created_at desc, id desc offset ? limit ?`, [ids, ids, page.offset, page.limit]);
    const [{ total }] = await tx.execute<{ total: number }[]>(`select count(*)::int as total from ledger_transfer ${where}`, [ids, ids]);
    return { items, total };
  }

  /** Lots of an account with points left, earliest expiry first. */
  async openLots(tx: Tx, accountId: string): Promise<OpenLot[]> {
    return (await this.loadOpenLots(tx, [accountId])).get(accountId) ?? [];
  }

  /** The lot a credit transfer created, if any. */
  async lotOfTransfer(tx: Tx, transferId: string): Promise<{ id: string; remaining: number } | undefined> {
    const [row] = await tx.execute<{ id: string; remaining: number }[]>('select id, remaining from ledger_lot where transfer_id = ?', [transferId]);
    return row;
  }

  /**
   * Moves every lot of these accounts that expired by its `asOf` to the tenant's breakage account,
   * one expiry transfer per lot. Runs before any transfer touches a lot-tracked account, so balances
   * are truthful when checked. Set-based, a fixed number of statements however many accounts: an
   * import of years of history expires lots in nearly every batch, and account by account (nine
   * statements each) five of them alone took 99 s of a 213 s import of 300,000 rows (performance
   * log, 2026-12-06 evening).
   */
  private async expireLots(tx: Tx, ctx: RequestContext, due: { account: AccountRow; asOf: Date }[]): Promise<number> {
    if (due.length === 0) return 0;
    const accounts = new Map(due.map(({ account }) => [account.id, account]));
    // Planned each time while young: a look-up by key under row-level security (see `addressed`).
    const rows = await tx.execute<(Omit<OpenLot, 'expiresAt' | 'isNew'> & { expiresAt: string })[]>(
      plannedWhileYoung(['ledger_lot'], `select l.* from unnest(?::uuid[], ?::timestamptz[]) as d(account_id, as_of)
       cross join lateral (
         select id, tenant_id as "tenantId", account_id as "accountId", transfer_id as "transferId", amount, remaining, expires_at as "expiresAt",
                issuer_merchant_id as "issuerMerchantId", issuer_store_id as "issuerStoreId"
         from ledger_lot l where l.account_id = d.account_id and l.remaining > 0 and l.expires_at <= d.as_of order by l.expires_at, l.id
       ) l`),
      [encodeBinaryArray('uuid', due.map(({ account }) => account.id)), encodeBinaryArray('timestamptz', due.map(({ asOf }) => asOf))],
    );
    if (rows.length === 0) return 0;
    const lots = new Map<string, OpenLot[]>();
    for (const row of rows) (lots.get(row.accountId) ?? setNew(lots, row.accountId)).push({ ...row, expiresAt: new Date(row.expiresAt), isNew: false });

    // Each tenant's breakage account for the asset, locked after the accounts it is credited from (as every caller locks those first).
    const breakageKey = (account: AccountRow) => `${account.tenantId}|${account.asset}`;
    const owners = [...new Map([...lots.keys()].map((id) => [breakageKey(accounts.get(id)!), accounts.get(id)!])).values()];
    const breakageIds = await this.accountIdsFor(
      tx,
      owners.map((account) => ({ tenantId: account.tenantId, merchantId: null, asset: account.asset, code: ACCOUNT_CODES.BREAKAGE, ownerType: 'tenant', ownerId: account.tenantId })),
    );
    const lockedBreakage = await this.lockAccounts(tx, breakageIds);
    const breakageOf = new Map(owners.map((account, i) => [breakageKey(account), lockedBreakage.get(breakageIds[i])!]));

    const batch = new TransferBatch();
    const events = new Map<string, NewEvent<PointsExpiredV1>[]>();
    let total = 0;
    for (const [accountId, accountLots] of lots) {
      const account = accounts.get(accountId)!;
      const breakage = breakageOf.get(breakageKey(account))!;
      const memberId = account.ownerType === 'member' ? account.ownerId : null;
      for (const lot of accountLots) {
        const amount = lot.remaining;
        // A fresh id per expiry: a voided reservation can refill a lot that then expires again.
        const request: TransferRequest = { id: newId(), debitAccountId: account.id, creditAccountId: breakage.id, amount, kind: TRANSFER_KINDS.EXPIRY, memberId, preferLotIds: [lot.id] };
        batch.transfer(request, account, breakage, false, lot.expiresAt!, ctx.correlationId);
        batch.move(account, 'debitsPosted', amount);
        batch.move(breakage, 'creditsPosted', amount);
        batch.consume(accountLots, request);
        total += amount;
        if (memberId && account.asset === ASSETS.POINTS) {
          const payload: PointsExpiredV1 = {
            memberId,
            transferId: request.id,
            points: amount,
            issuerMerchantId: lot.issuerMerchantId,
            issuerStoreId: lot.issuerStoreId,
            occurredAt: lot.expiresAt!.toISOString(),
          };
          (events.get(account.tenantId) ?? setNew(events, account.tenantId)).push({ type: POINTS_EXPIRED_V1, key: memberId, occurredAt: lot.expiresAt!, payload });
        }
      }
    }
    await batch.write(tx);
    for (const [tenantId, tenantEvents] of events) await appendToOutbox(tx, { ...ctx, tenantId }, tenantEvents);
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
    return this.expireLots(tx, systemContext(correlationId), accounts.map((account) => ({ account, asOf })));
  }

  /**
   * Locks the accounts in id order, so two transfers over the same accounts never deadlock, and
   * says for each whether it holds lots expired by its `dueBy` (default: now). One primary-key
   * probe per account, locked as it is read, in the order of the sorted list (PostgreSQL orders
   * uuids as their lowercase text sorts): as `id = any(…)`, row-level security's filter made a
   * prepared statement's generic plan scan the tenant's accounts against the whole list (17 ms for
   * an import batch's 371 accounts among 3,600).
   */
  private async lockAccounts(tx: Tx, ids: string[], dueBy: Map<string, Date> = new Map()): Promise<Map<string, AccountRow & { hasDueLots: boolean }>> {
    const unique = [...new Set(ids)].sort();
    const now = new Date();
    const rows = await tx.execute<(AccountRow & { hasDueLots: boolean })[]>(
      plannedWhileYoung(['ledger_account', 'ledger_lot'], `select a.* from unnest(?::uuid[], ?::timestamptz[]) as d(account_id, due_by)
       cross join lateral (
         select ${ACCOUNT_COLUMNS}, tracks_lots and exists (
           select 1 from ledger_lot l where l.account_id = a.id and l.remaining > 0 and l.expires_at <= d.due_by
         ) as "hasDueLots"
         from ledger_account a where a.id = d.account_id for update
       ) a`),
      [encodeBinaryArray('uuid', unique), encodeBinaryArray('timestamptz', unique.map((id) => dueBy.get(id) ?? now))],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }


  private async addToSums(tx: Tx, accountId: string, column: 'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted', amount: number) {
    const updated = await tx.execute<{ id: string }[]>(`update ledger_account set ${column} = ${column} + ? where id = ? returning id`, [amount, accountId]);
    if (updated.length !== 1) throw new Error(`Ledger invariant broken: account ${accountId} to add ${amount} to ${column} is missing`);
  }

  /** Open lots of these accounts, each list in spending order (earliest expiry first). */
  private async loadOpenLots(tx: Tx, accountIds: string[]): Promise<Map<string, OpenLot[]>> {
    const lots = new Map<string, OpenLot[]>();
    if (accountIds.length === 0) return lots;
    const rows = await tx.execute<(Omit<OpenLot, 'expiresAt' | 'isNew'> & { expiresAt: string | null })[]>(
      `select id, tenant_id as "tenantId", account_id as "accountId", transfer_id as "transferId", amount, remaining, expires_at as "expiresAt",
              issuer_merchant_id as "issuerMerchantId", issuer_store_id as "issuerStoreId" from ledger_lot
       where account_id = any(?::uuid[]) and remaining > 0 order by expires_at asc nulls last, created_at, id`,
      [encodeBinaryArray('uuid', accountIds)],
    );
    for (const row of rows) {
      const lot = { ...row, expiresAt: row.expiresAt ? new Date(row.expiresAt) : null, isNew: false };
      (lots.get(row.accountId) ?? setNew(lots, row.accountId)).push(lot);
    }
    return lots;
  }
}

/** Raw queries return timestamps as text; views carry Dates. */
const toTransferView = (row: TransferView): TransferView => ({ ...row, occurredAt: new Date(row.occurredAt), createdAt: new Date(row.createdAt) });

export type TransferOutcome =
  | {
      ok: true;
      transfer: TransferView;
      /** What the two accounts can spend right after this transfer (unset for one made earlier). */
      available?: { debit: number; credit: number };
    }
  | { ok: false; error: DomainError };

const failed = (error: DomainError): TransferOutcome => ({ ok: false, error });
const transferIdConflict = () => conflict('TRANSFER_ID_CONFLICT', 'This transfer id was already used for a different transfer');

function sameTransfer(existing: TransferView, request: TransferRequest): boolean {
  return (
    existing.debitAccountId === request.debitAccountId &&
    existing.creditAccountId === request.creditAccountId &&
    existing.amount === request.amount &&
    existing.kind === request.kind &&
    existing.phase === (request.phase ?? 'single')
  );
}

export interface OpenLot {
  id: string;
  tenantId: string;
  accountId: string;
  transferId: string;
  amount: number;
  remaining: number;
  expiresAt: Date | null;
  issuerMerchantId: string | null;
  issuerStoreId: string | null;
  /** Created in this batch (inserted), rather than loaded (updated). */
  isNew: boolean;
}

/** The locked accounts holding lots due by their date in `asOfById` (what `lockAccounts` found), with that date. */
function dueAccounts(accounts: Map<string, AccountRow & { hasDueLots: boolean }>, asOfById: Map<string, Date>): { account: AccountRow; asOf: Date }[] {
  return [...asOfById].flatMap(([accountId, asOf]) => {
    const account = accounts.get(accountId);
    return account?.hasDueLots ? [{ account, asOf }] : [];
  });
}

function setNew<K, V>(map: Map<K, V[]>, key: K): V[] {
  const list: V[] = [];
  map.set(key, list);
  return list;
}

/** Keeps a lot list in spending order: earliest expiry first, never-expiring last. */
function insertByExpiry(lots: OpenLot[], lot: OpenLot): void {
  const key = (l: OpenLot) => l.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const at = lots.findIndex((l) => key(l) > key(lot));
  if (at === -1) lots.push(lot);
  else lots.splice(at, 0, lot);
}

type SumField = 'debitsPending' | 'debitsPosted' | 'creditsPending' | 'creditsPosted';

/** What a batch of accepted transfers changes, written with one statement per table. */
class TransferBatch {
  /** The transfers as written, but for their creation time (the transaction's, read back once). */
  private readonly transfers: { view: Omit<TransferView, 'createdAt'>; correlationId: string }[] = [];
  readonly newLots: OpenLot[] = [];
  private readonly touchedLots = new Map<string, OpenLot>();
  private readonly consumptions: unknown[][] = [];
  private readonly deltas = new Map<string, Record<SumField, number>>();

  transfer(request: TransferRequest, debit: AccountRow, credit: AccountRow, pending: boolean, occurredAt: Date, correlationId: string): void {
    const view: Omit<TransferView, 'createdAt'> = {
      id: request.id,
      tenantId: debit.tenantId,
      merchantId: request.merchantId ?? null,
      storeId: request.storeId ?? null,
      memberId: request.memberId ?? null,
      asset: debit.asset,
      debitAccountId: debit.id,
      creditAccountId: credit.id,
      amount: request.amount,
      kind: request.kind,
      phase: pending ? 'pending' : 'single',
      pendingId: null,
      pendingStatus: pending ? 'pending' : null,
      reference: request.reference ?? null,
      occurredAt,
    };
    this.transfers.push({ view, correlationId: request.correlationId ?? correlationId });
  }

  /** Adds to one of an account's sums, in memory (later transfers see it) and for the write. */
  move(account: AccountRow, field: SumField, amount: number): void {
    account[field] += amount;
    account.available = account.creditsPosted - account.debitsPosted - account.debitsPending;
    const delta = this.deltas.get(account.id) ?? { debitsPending: 0, debitsPosted: 0, creditsPending: 0, creditsPosted: 0 };
    delta[field] += amount;
    this.deltas.set(account.id, delta);
  }

  /** Takes a debit from the account's lots: the preferred ones first, then earliest expiry. */
  consume(lots: OpenLot[], request: TransferRequest): void {
    const preferred = request.preferLotIds ?? [];
    const order = [...lots.filter((l) => preferred.includes(l.id)), ...lots.filter((l) => !preferred.includes(l.id))];
    let left = request.amount;
    for (const lot of order) {
      if (left === 0) break;
      if (lot.remaining === 0) continue;
      const take = Math.min(lot.remaining, left);
      lot.remaining -= take;
      left -= take;
      this.consumptions.push([request.id, lot.id, lot.tenantId, take]);
      if (!lot.isNew) this.touchedLots.set(lot.id, lot);
    }
    if (left > 0) throw new Error(`Ledger invariant broken: account ${request.debitAccountId} has too few points in lots for ${request.amount}`);
  }

  /**
   * Writes the batch in one statement (one round trip): the transfers, the accounts' sums, new and
   * spent lots and their consumptions, each a data-modifying CTE. Foreign keys are checked at the
   * end of the statement, so a lot may name a transfer inserted beside it.
   */
  async write(tx: Tx): Promise<Map<string, TransferView>> {
    const written = new Map<string, TransferView>();
    if (this.transfers.length === 0) return written;
    const steps: { sql: string; params: unknown[] }[] = [];
    const step = (sql: (rows: string) => string, rows: unknown[][], types: BinaryArrayType[]) => {
      const source = unnestRows(rows, types);
      steps.push({ sql: sql(source.sql), params: source.params });
    };
    step(
      (rows) => `transfers as (insert into ledger_transfer (id, tenant_id, merchant_id, store_id, member_id, asset, debit_account_id, credit_account_id,
         amount, kind, phase, pending_status, reference, occurred_at, correlation_id) ${rows} returning 1)`,
      this.transfers.map(({ view: t, correlationId }) => [
        t.id, t.tenantId, t.merchantId, t.storeId, t.memberId, t.asset, t.debitAccountId, t.creditAccountId,
        t.amount, t.kind, t.phase, t.pendingStatus, t.reference, t.occurredAt, correlationId,
      ]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'uuid', 'uuid', 'int8', 'text', 'text', 'text', 'text', 'timestamptz', 'text'],
    );
    step(
      (rows) => `sums as (update ledger_account a set debits_pending = a.debits_pending + v.dn, debits_posted = a.debits_posted + v.dp,
         credits_pending = a.credits_pending + v.cn, credits_posted = a.credits_posted + v.cp
       from ${addressed('ledger_account', rows, 'id, dn, dp, cn, cp')} where a.ctid = v.target returning a.id)`,
      [...this.deltas].map(([id, d]) => [id, d.debitsPending, d.debitsPosted, d.creditsPending, d.creditsPosted]),
      ['uuid', 'int8', 'int8', 'int8', 'int8'],
    );
    if (this.newLots.length > 0) {
      step(
        (rows) => `new_lots as (insert into ledger_lot (id, tenant_id, account_id, transfer_id, amount, remaining, expires_at, issuer_merchant_id, issuer_store_id)
           ${rows})`,
        this.newLots.map((l) => [l.id, l.tenantId, l.accountId, l.transferId, l.amount, l.remaining, l.expiresAt, l.issuerMerchantId, l.issuerStoreId]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'int8', 'int8', 'timestamptz', 'uuid', 'uuid'],
      );
    }
    if (this.touchedLots.size > 0) {
      step(
        (rows) => `spent_lots as (update ledger_lot l set remaining = v.remaining from ${addressed('ledger_lot', rows, 'id, remaining')} where l.ctid = v.target returning l.id)`,
        [...this.touchedLots.values()].map((l) => [l.id, l.remaining]),
        ['uuid', 'int8'],
      );
    }
    if (this.consumptions.length > 0) {
      step(
        (rows) => `consumptions as (insert into ledger_lot_consumption (transfer_id, lot_id, tenant_id, amount) ${rows})`,
        this.consumptions,
        ['uuid', 'uuid', 'uuid', 'int8'],
      );
    }
    // One row back, not the transfers: they are what was sent, but for their creation time, the
    // transaction's now().
    let counts: { transfersWritten: number; accountsUpdated: number; lotsUpdated: number; createdAt: Date };
    try {
      [counts] = await tx.execute(
        plannedWhileYoung(LEDGER_TABLES, `with ${steps.map((s) => s.sql).join(',\n')}
         select (select count(*)::int from transfers) as "transfersWritten", (select count(*)::int from sums) as "accountsUpdated",
                ${this.touchedLots.size > 0 ? '(select count(*)::int from spent_lots)' : '0'} as "lotsUpdated", now() as "createdAt"`),
        steps.flatMap((s) => s.params),
      );
    } catch (error) {
      // Another tenant's transfer holds the id (row-level security hid it from the look-up).
      if (isUniqueViolation(error, 'ledger_transfer_pkey')) throw transferIdConflict();
      throw error;
    }
    if (counts.transfersWritten !== this.transfers.length) throw new Error('Ledger invariant broken: a transfer of the batch was not written');
    if (counts.accountsUpdated !== this.deltas.size) throw new Error('Ledger invariant broken: an account of the batch is missing');
    if (counts.lotsUpdated !== this.touchedLots.size) throw new Error('Ledger invariant broken: a lot of the batch is missing');
    const createdAt = new Date(counts.createdAt);
    for (const { view } of this.transfers) written.set(view.id, { ...view, createdAt });
    return written;
  }
}
