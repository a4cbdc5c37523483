import { CommandHandler } from '@nestjs/cqrs';
import { encodeBinaryArray, type JobOutcome, plannedWhileYoung, type Tx, unnestRows, WriteBatcher, type WriteJob } from '@loyalty/database';
import { appendToOutbox, POINTS_EARNED_V1, type PointsEarnedV1 } from '@loyalty/events';
import { ACCOUNT_CODES, ASSETS, LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { conflict, derivedId, newId, notFound } from '@loyalty/shared';
import { MerchantDirectory, type MerchantProfile, type MerchantSettings, merchantSettingsAt } from '@loyalty/tenancy';
import { type PurchaseDraft, PurchaseHooks } from '../../contracts/purchase-hooks';
import { expiryFor, pointsFor } from '../earn-rule';
import { type PurchaseLine, type RecordPurchaseInput, recordPurchaseInput } from '../pos-inputs';
import { settlePointsDebt } from '../points-debt';
import { PosWriteCommand, PosWriteHandler } from '../pos-write.handler';

export class RecordPurchaseCommand extends PosWriteCommand {}

export interface PurchaseResult {
  purchaseId: string;
  transferId: string | null;
  pointsEarned: number;
  /** Of the points earned, how many paid off points the member owed from an earlier refund. */
  pointsAppliedToDebt: number;
  pointsBalance: number;
  expiresAt: string | null;
}

/** One purchase of the batch, once its member is known. */
interface Planned {
  index: number;
  job: WriteJob<RecordPurchaseInput>;
  memberId: string;
  purchaseId: string;
  points: number;
  transferId: string | null;
  occurredAt: Date;
  expiresAt: Date | null;
  lines: PurchaseLine[];
}

/**
 * A paid order: records it and earns points by the merchant's earn rule. The hot path of the POS
 * API, so a batch of purchases is applied set-based: a fixed number of statements whatever its
 * size (members, orders, accounts, one ledger batch, events), each purchase keeping its own outcome.
 * A batch spans the tenant's merchants (an alliance's tills share it): each row carries its
 * purchase's merchant, and only the hooks run merchant by merchant.
 */
@CommandHandler(RecordPurchaseCommand)
export class RecordPurchaseHandler extends PosWriteHandler<typeof recordPurchaseInput, PurchaseResult> {
  protected readonly endpoint = 'POST /api/pos/v1/purchases';
  protected readonly schema = recordPurchaseInput;
  readonly spansMerchants = true;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly merchants: MerchantDirectory,
    private readonly hooks: PurchaseHooks,
  ) {
    super(batcher);
  }

  /** Jobs of one tenant (the batcher groups them so), possibly of several merchants and stores. */
  async applyBatch(tx: Tx, jobs: WriteJob<RecordPurchaseInput>[]): Promise<JobOutcome<PurchaseResult>[]> {
    const outcomes: JobOutcome<PurchaseResult>[] = new Array(jobs.length);
    const tenantId = jobs[0].ctx.tenantId!;
    const merchantIds = [...new Set(jobs.map((job) => job.ctx.merchantId!))];
    const merchants = new Map<string, MerchantProfile>();
    for (const id of merchantIds) merchants.set(id, await this.merchants.get(tx, id));

    // Members, by id or phone, in one query (row-level security keeps it to the tenant), with
    // whether each owes points from an earlier refund. One index probe per reference (`limit 1`
    // keeps them probes, as in the ledger's accountIdsFor): as `id = any(…)`, the prepared
    // statement's generic plan scanned the tenant's members against the whole list (18 ms for an
    // import batch). Only the lists the batch has: with an empty list's probe in it, the generic plan
    // looked costlier than a plan for the values, and PostgreSQL planned it anew for every batch.
    // Planned each time while young (as the ledger's probes): a generic plan made while member was
    // young (a new database) scans the table for each reference until the next analyze, however it grew.
    // The debt account is found by its whole key (asset too: PostgreSQL 17 has no skip scan), one
    // probe per member: as `exists (…)`, a generic plan hashed every debt account of the tenant
    // once per batch, a set that grows with every member who ever owed (key-probe-plans test).
    const ids = [...new Set(jobs.flatMap((job) => job.data.memberId ?? []))];
    const phones = [...new Set(jobs.flatMap((job) => job.data.phone ?? []))];
    const probe = (type: string, column: string) =>
      `select m.* from unnest(?::${type}[]) as k(ref) cross join lateral (select id, phone, tenant_id from member where ${column} = k.ref limit 1) m`;
    const refs = [ids.length > 0 && probe('uuid', 'id'), phones.length > 0 && probe('text', 'phone')].filter(Boolean).join(' union all ');
    const members = await tx.execute<{ id: string; phone: string; owes: boolean }[]>(
      plannedWhileYoung(['member', 'ledger_account'], `select m.id, m.phone, d.id is not null as owes
       from (${refs}) m
       left join lateral (
         select id from ledger_account d where d.tenant_id = m.tenant_id and d.asset = ? and d.code = ? and d.owner_id = m.id
           and d.debits_posted > d.credits_posted + d.credits_pending limit 1
       ) d on true`),
      [
        ...(ids.length > 0 ? [encodeBinaryArray('uuid', ids)] : []),
        ...(phones.length > 0 ? [encodeBinaryArray('text', phones)] : []),
        ASSETS.POINTS,
        ACCOUNT_CODES.MEMBER_POINTS_DEBT,
      ],
    );
    const debtors = new Set(members.filter((m) => m.owes).map((m) => m.id));
    const byRef = new Map(members.flatMap((m) => [[m.id, m.id] as const, [m.phone, m.id] as const]));
    const drafts: { index: number; job: WriteJob<RecordPurchaseInput>; merchant: MerchantProfile; settings: MerchantSettings; draft: PurchaseDraft }[] = [];
    jobs.forEach((job, index) => {
      const memberId = byRef.get(job.data.memberId ?? job.data.phone ?? '');
      if (!memberId) {
        outcomes[index] = { ok: false, error: notFound('MEMBER_NOT_FOUND', 'No such member') };
        return;
      }
      const occurredAt = job.data.occurredAt ? new Date(job.data.occurredAt) : new Date();
      const { orderNo, amountFen, lines = [] } = job.data;
      // The earn rule in force when the purchase happened (a late upload or an import earns by its own time's rule).
      const merchant = merchants.get(job.ctx.merchantId!)!;
      const settings = merchantSettingsAt(merchant, occurredAt);
      drafts.push({ index, job, merchant, settings, draft: { ctx: job.ctx, memberId, orderNo, amountFen, occurredAt, lines, points: pointsFor(amountFen, settings) } });
    });
    // Industry plugins (another context's hook) may enrich the lines, set the points, or refuse a
    // purchase; level benefits (another's) may multiply the points.
    await this.hooks.preparePurchases(
      tx,
      drafts.map((d) => d.draft),
    );
    let planned: Planned[] = [];
    for (const { index, job, merchant, settings, draft } of drafts) {
      if (draft.refusal) {
        outcomes[index] = { ok: false, error: draft.refusal };
        continue;
      }
      const { points } = draft;
      planned.push({
        index,
        job,
        memberId: draft.memberId,
        purchaseId: newId(),
        points,
        transferId: points > 0 ? derivedId(job.ctx.storeId!, job.key, 'earn') : null,
        occurredAt: draft.occurredAt,
        expiresAt: points > 0 ? expiryFor(draft.occurredAt, settings, merchant.timezone) : null,
        lines: draft.lines,
      });
    }

    // Orders: a number already recorded at the store (or earlier in this batch) is a duplicate.
    if (planned.length > 0) {
      const rows = unnestRows(
        planned.map((p) => [
          p.purchaseId,
          tenantId,
          p.job.ctx.merchantId,
          p.job.ctx.storeId,
          p.memberId,
          p.job.data.orderNo,
          p.job.data.amountFen,
          p.points,
          p.job.data.lines ? JSON.stringify(p.lines) : null,
          p.transferId,
          p.occurredAt,
        ]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'int8', 'jsonb', 'uuid', 'timestamptz'],
      );
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into purchase (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, points_earned, lines, earn_transfer_id, occurred_at)
         select * from (${rows.sql}) as v on conflict (store_id, order_no) do nothing returning id`,
        rows.params,
      );
      const recorded = new Set(inserted.map((row) => row.id));
      for (const p of planned) {
        if (!recorded.has(p.purchaseId)) {
          outcomes[p.index] = { ok: false, error: conflict('DUPLICATE_ORDER', `Order ${p.job.data.orderNo} was already recorded at this store`) };
        }
      }
      planned = planned.filter((p) => recorded.has(p.purchaseId));
    }
    if (planned.length === 0) return outcomes;

    // Points: one ledger batch for all earnings, each from its merchant's issuance account.
    const earning = planned.filter((p) => p.transferId);
    const memberIds = [...new Set(planned.map((p) => p.memberId))];
    const issuers = [...new Set(earning.map((p) => p.job.ctx.merchantId!))];
    const accountIds = await this.ledger.accountIdsFor(tx, [
      ...memberIds.map((id) => standardAccounts.memberPoints(tenantId, id)),
      ...issuers.map((id) => standardAccounts.merchantIssuance(tenantId, id)),
    ]);
    const accountOf = new Map(memberIds.map((id, i) => [id, accountIds[i]]));
    const issuanceOf = new Map(issuers.map((id, i) => [id, accountIds[memberIds.length + i]]));
    const transfers = await this.ledger.createTransfers(
      tx,
      jobs[0].ctx,
      earning.map((p) => ({
        id: p.transferId!,
        debitAccountId: issuanceOf.get(p.job.ctx.merchantId!)!,
        creditAccountId: accountOf.get(p.memberId)!,
        amount: p.points,
        kind: TRANSFER_KINDS.EARN,
        merchantId: p.job.ctx.merchantId,
        storeId: p.job.ctx.storeId,
        memberId: p.memberId,
        reference: p.job.data.orderNo,
        occurredAt: p.occurredAt,
        lotExpiresAt: p.expiresAt,
        correlationId: p.job.ctx.correlationId,
      })),
    );
    // Each purchase answers the member's balance just after it.
    const balanceAfter = new Map<Planned, number>();
    earning.forEach((p, i) => {
      const outcome = transfers[i];
      // An issuance never refuses: a refusal is a bug, and fails the batch.
      if (!outcome.ok) throw outcome.error;
      if (outcome.available) balanceAfter.set(p, outcome.available.credit);
    });

    // Members who owe points (rare) pay from what they just earned, purchase by purchase.
    const appliedToDebt = new Map<Planned, number>();
    for (const p of earning) {
      if (!debtors.has(p.memberId)) continue;
      appliedToDebt.set(p, await settlePointsDebt(this.ledger, tx, p.job.ctx, p.memberId, p.transferId!));
      balanceAfter.set(p, (await this.ledger.availableOf(tx, [accountOf.get(p.memberId)!])).get(accountOf.get(p.memberId)!)!);
    }
    // A purchase that earned nothing answers the balance as it stands.
    const idle = planned.filter((p) => !balanceAfter.has(p));
    if (idle.length > 0) {
      const available = await this.ledger.availableOf(tx, idle.map((p) => accountOf.get(p.memberId)!));
      for (const p of idle) balanceAfter.set(p, available.get(accountOf.get(p.memberId)!) ?? 0);
    }

    await appendToOutbox(
      tx,
      jobs[0].ctx,
      earning.map((p) => ({
        type: POINTS_EARNED_V1,
        key: p.memberId,
        occurredAt: p.occurredAt,
        ctx: p.job.ctx,
        payload: {
          memberId: p.memberId,
          merchantId: p.job.ctx.merchantId!,
          storeId: p.job.ctx.storeId!,
          transferId: p.transferId!,
          orderNo: p.job.data.orderNo,
          amountFen: p.job.data.amountFen,
          points: p.points,
          expiresAt: p.expiresAt?.toISOString() ?? null,
          balanceAfter: balanceAfter.get(p)!,
          occurredAt: p.occurredAt.toISOString(),
        } satisfies PointsEarnedV1,
      })),
    );
    // Growth value and level upgrades (another context's hook), in the same transaction.
    await this.hooks.afterPurchases(
      tx,
      planned.map((p) => ({ ctx: p.job.ctx, purchaseId: p.purchaseId, memberId: p.memberId, orderNo: p.job.data.orderNo, amountFen: p.job.data.amountFen, occurredAt: p.occurredAt, lines: p.lines })),
    );
    for (const p of planned) {
      outcomes[p.index] = {
        ok: true,
        outcome: {
          status: 201,
          body: {
            purchaseId: p.purchaseId,
            transferId: p.transferId,
            pointsEarned: p.points,
            pointsAppliedToDebt: appliedToDebt.get(p) ?? 0,
            pointsBalance: balanceAfter.get(p)!,
            expiresAt: p.expiresAt?.toISOString() ?? null,
          },
        },
      };
    }
    return outcomes;
  }
}
