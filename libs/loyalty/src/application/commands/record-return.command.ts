import { CommandHandler } from '@nestjs/cqrs';
import { type JobOutcome, type Tx, unnestRows, WriteBatcher, type WriteJob } from '@loyalty/database';
import { appendToOutbox, POINTS_REVERSED_V1, type PointsReversedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, type TransferRequest, TRANSFER_KINDS } from '@loyalty/ledger';
import { MemberDirectory } from '@loyalty/members';
import { derivedId, newId, notFound } from '@loyalty/shared';
import { MerchantDirectory, merchantSettingsAt } from '@loyalty/tenancy';
import { PosWriteCommand, PosWriteHandler } from '../pos-write.handler';
import { pointsFor } from '../earn-rule';
import { type RecordReturnInput, recordReturnInput } from '../pos-inputs';

export class RecordReturnCommand extends PosWriteCommand {}

export interface ReturnResult {
  returnId: string;
  pointsClawedBack: number;
  pointsBalance: number;
}

interface PlannedReturn {
  index: number;
  job: WriteJob<RecordReturnInput>;
  returnId: string;
  memberId: string;
  occurredAt: Date;
  clawedBack: number;
  balance: number;
}

/**
 * Goods returned without their original order: takes back the points that amount would have
 * earned under today's earn rule, but never more than the member holds (as of the return, after
 * lots due by then expired). Set-based: a batch of returns locks its members' accounts together,
 * moves the points in one ledger batch and writes its rows and events in one statement each.
 */
@CommandHandler(RecordReturnCommand)
export class RecordReturnHandler extends PosWriteHandler<typeof recordReturnInput, ReturnResult> {
  protected readonly endpoint = 'POST /api/pos/v1/returns';
  protected readonly schema = recordReturnInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
  ) {
    super(batcher);
  }

  async applyBatch(tx: Tx, jobs: WriteJob<RecordReturnInput>[]): Promise<JobOutcome<ReturnResult>[]> {
    const outcomes: JobOutcome<ReturnResult>[] = new Array(jobs.length);
    const { tenantId, merchantId } = jobs[0].ctx as { tenantId: string; merchantId: string };
    const merchant = await this.merchants.get(tx, merchantId);
    const members = await this.members.resolveMany(tx, jobs.map((job) => job.data));
    const found = jobs.flatMap((job, index) => {
      const member = members[index];
      if (member) return [{ index, job, memberId: member.id }];
      outcomes[index] = { ok: false, error: notFound('MEMBER_NOT_FOUND', 'No such member') };
      return [];
    });
    if (found.length === 0) return outcomes;

    const memberIds = [...new Set(found.map((f) => f.memberId))];
    const accountIds = await this.ledger.accountIdsFor(tx, [
      standardAccounts.merchantIssuance(tenantId, merchantId),
      ...memberIds.map((id) => standardAccounts.memberPoints(tenantId, id)),
    ]);
    const issuanceId = accountIds[0];
    const accountOf = new Map(memberIds.map((id, i) => [id, accountIds[i + 1]]));
    const occurredAtOf = (job: WriteJob<RecordReturnInput>) => (job.data.occurredAt ? new Date(job.data.occurredAt) : new Date());
    // Every account the batch touches, locked together; each member's due lots expire first.
    const spendable = await this.ledger.lockSpendableMany(
      tx,
      jobs[0].ctx,
      found.map(({ job, memberId }) => ({ accountId: accountOf.get(memberId)!, asOf: occurredAtOf(job) })),
      [issuanceId],
    );
    const available = new Map(found.map(({ memberId }, i) => [memberId, spendable[i]]));
    const planned: PlannedReturn[] = found.map(({ index, job, memberId }) => {
      const clawedBack = Math.min(pointsFor(job.data.amountFen, merchantSettingsAt(merchant, occurredAtOf(job))), available.get(memberId)!);
      available.set(memberId, available.get(memberId)! - clawedBack);
      return { index, job, memberId, returnId: newId(), occurredAt: occurredAtOf(job), clawedBack, balance: available.get(memberId)! };
    });

    const moving = planned.filter((p) => p.clawedBack > 0);
    const transfers: TransferRequest[] = moving.map((p) => ({
      id: derivedId(p.returnId, 'claw-back'),
      debitAccountId: accountOf.get(p.memberId)!,
      creditAccountId: issuanceId,
      amount: p.clawedBack,
      kind: TRANSFER_KINDS.CLAWBACK,
      merchantId,
      storeId: p.job.ctx.storeId,
      memberId: p.memberId,
      reference: null,
      occurredAt: p.occurredAt,
      correlationId: p.job.ctx.correlationId,
    }));
    // Under the locks above no claw-back can be refused; should one be, the batcher retries the
    // batch job by job and the refused job fails alone.
    const refused = (await this.ledger.createTransfers(tx, jobs[0].ctx, transfers)).find((outcome) => !outcome.ok);
    if (refused && !refused.ok) throw refused.error;
    const done = planned;

    const rows = unnestRows(
      done.map((p) => [p.returnId, tenantId, merchantId, p.job.ctx.storeId, p.memberId, p.job.data.amountFen, p.clawedBack, p.occurredAt]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'int8', 'int8', 'timestamptz'],
    );
    await tx.execute(
      `insert into purchase_return (id, tenant_id, merchant_id, store_id, member_id, amount_fen, points_clawed_back, occurred_at) ${rows.sql}`,
      rows.params,
    );
    await appendToOutbox(
      tx,
      jobs[0].ctx,
      done.map((p) => ({
        type: POINTS_REVERSED_V1,
        key: p.memberId,
        occurredAt: p.occurredAt,
        ctx: p.job.ctx,
        payload: {
          memberId: p.memberId,
          merchantId,
          storeId: p.job.ctx.storeId!,
          reason: 'return',
          orderNo: null,
          amountFen: p.job.data.amountFen,
          pointsClawedBack: p.clawedBack,
          pointsOwed: 0,
          balanceAfter: p.balance,
          occurredAt: p.occurredAt.toISOString(),
          originalOccurredAt: null,
        } satisfies PointsReversedV1,
      })),
    );
    for (const p of done) {
      outcomes[p.index] = { ok: true, outcome: { status: 201, body: { returnId: p.returnId, pointsClawedBack: p.clawedBack, pointsBalance: p.balance } } };
    }
    return outcomes;
  }
}
