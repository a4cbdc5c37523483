import { Injectable } from '@nestjs/common';
import { pgArray, type Tx, unnestRows } from '@loyalty/database';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { localDateOf, mulDivFloor, newId, type RequestContext } from '@loyalty/shared';
import type { LevelScheme } from '../domain/level-scheme.entity';
import type { GrowthBehaviour } from '../domain/level-rules';

/** Growth value asked for one behaviour of one member. */
export interface GrowthRequest {
  ctx: RequestContext;
  memberId: string;
  behaviour: GrowthBehaviour;
  /** Whole yuan for PURCHASE; occurrences (1) otherwise. */
  units: number;
  /** The ledger transfer's id: derived from the request, so a retry is one award. */
  transferId: string;
  purchaseId?: string;
  reference?: string | null;
  occurredAt: Date;
}

/**
 * 成长值: awards growth value by the scheme's behaviour rules, within each behaviour's daily cap per
 * member, into the member's growth account (its own ledger asset, never spent); takes it back in
 * proportion when a purchase is refunded.
 */
@Injectable()
export class GrowthService {
  constructor(private readonly ledger: LedgerService) {}

  /** Applies the requests in order; returns the growth value awarded to each (0 past a cap). */
  async award(tx: Tx, scheme: LevelScheme, requests: GrowthRequest[]): Promise<number[]> {
    const awarded = requests.map(() => 0);
    const rules = new Map(scheme.growthRules.map((r) => [r.behaviour, r]));
    const wanted = requests.map((r) => (rules.get(r.behaviour)?.amount ?? 0) * r.units);
    const live = requests.map((r, i) => ({ r, i })).filter(({ i }) => wanted[i] > 0);
    if (live.length === 0) return awarded;
    const { tenantId } = scheme;
    const merchantId = live[0].r.ctx.merchantId!;
    const memberIds = [...new Set(live.map(({ r }) => r.memberId))];
    const accountIds = await this.ledger.accountIdsFor(tx, memberIds.map((id) => standardAccounts.memberGrowth(tenantId, id)));
    const accountOf = new Map(memberIds.map((id, i) => [id, accountIds[i]]));
    // Caps are counted under the members' growth accounts' locks, so concurrent awards cannot both pass.
    await this.ledger.lockSpendable(tx, live[0].r.ctx, accountIds[0], { alsoLock: accountIds.slice(1) });
    const days = live.map(({ r }) => localDateOf(r.occurredAt, scheme.timezone));
    const given = new Map(
      (
        await tx.execute<{ memberId: string; behaviour: string; day: string; total: string }[]>(
          `select member_id as "memberId", behaviour, to_char(local_day, 'YYYY-MM-DD') as day, sum(amount) as total
           from growth_award where tenant_id = ? and member_id = any(?::uuid[]) and local_day = any(?::date[]) group by 1, 2, 3`,
          [tenantId, pgArray(memberIds), pgArray([...new Set(days)])],
        )
      ).map((row) => [`${row.memberId}|${row.behaviour}|${row.day}`, Number(row.total)]),
    );
    live.forEach(({ r, i }, n) => {
      const key = `${r.memberId}|${r.behaviour}|${days[n]}`;
      const cap = rules.get(r.behaviour)!.dailyCap;
      const sofar = given.get(key) ?? 0;
      awarded[i] = cap === undefined ? wanted[i] : Math.max(0, Math.min(wanted[i], cap - sofar));
      given.set(key, sofar + awarded[i]);
    });
    const paid = live.filter(({ i }) => awarded[i] > 0);
    if (paid.length === 0) return awarded;
    const issuanceId = await this.ledger.accountIdFor(tx, standardAccounts.merchantGrowthIssuance(tenantId, merchantId));
    const outcomes = await this.ledger.createTransfers(
      tx,
      paid[0].r.ctx,
      paid.map(({ r, i }) => ({
        id: r.transferId,
        debitAccountId: issuanceId,
        creditAccountId: accountOf.get(r.memberId)!,
        amount: awarded[i],
        kind: TRANSFER_KINDS.GROWTH_AWARD,
        merchantId,
        storeId: r.ctx.storeId,
        memberId: r.memberId,
        reference: r.reference ?? r.behaviour,
        occurredAt: r.occurredAt,
        correlationId: r.ctx.correlationId,
      })),
    );
    for (const outcome of outcomes) if (!outcome.ok) throw outcome.error;
    const rows = unnestRows(
      paid.map(({ r, i }) => [newId(), tenantId, merchantId, r.memberId, r.behaviour, awarded[i], r.transferId, r.purchaseId ?? null, r.reference ?? null, days[live.findIndex((l) => l.i === i)], r.occurredAt]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'int8', 'uuid', 'uuid', 'text', 'date', 'timestamptz'],
    );
    await tx.execute(
      `insert into growth_award (id, tenant_id, merchant_id, member_id, behaviour, amount, transfer_id, purchase_id, reference, local_day, occurred_at)
       select * from (${rows.sql}) as v`,
      rows.params,
    );
    return awarded;
  }

  /** The member's growth value. */
  async balanceOf(tx: Tx, tenantId: string, memberId: string): Promise<number> {
    const id = await this.ledger.accountIdFor(tx, standardAccounts.memberGrowth(tenantId, memberId));
    return (await this.ledger.availableOf(tx, [id])).get(id) ?? 0;
  }

  /**
   * Takes back the growth value a purchase earned in proportion to what has been refunded of it,
   * rounded down, cumulatively (all of it at the full refund), never more than the member holds.
   */
  async reverseForRefund(tx: Tx, ctx: RequestContext, refund: { purchaseId: string; memberId: string; orderNo: string; amountFen: number; refundedTotalFen: number }): Promise<number> {
    const [award] = await tx.execute<{ id: string; amount: number; reversed: number; tenantId: string; merchantId: string }[]>(
      `select id, amount, reversed, tenant_id as "tenantId", merchant_id as "merchantId" from growth_award where purchase_id = ? for update`,
      [refund.purchaseId],
    );
    if (!award) return 0;
    const target = refund.refundedTotalFen >= refund.amountFen ? award.amount : mulDivFloor(award.amount, refund.refundedTotalFen, refund.amountFen);
    const memberAccount = await this.ledger.accountIdFor(tx, standardAccounts.memberGrowth(award.tenantId, refund.memberId));
    const issuance = await this.ledger.accountIdFor(tx, standardAccounts.merchantGrowthIssuance(award.tenantId, award.merchantId));
    const held = await this.ledger.lockSpendable(tx, ctx, memberAccount, { alsoLock: [issuance] });
    const amount = Math.min(Math.max(0, target - award.reversed), held);
    if (amount === 0) return 0;
    await this.ledger.createTransfer(tx, ctx, {
      id: newId(),
      debitAccountId: memberAccount,
      creditAccountId: issuance,
      amount,
      kind: TRANSFER_KINDS.GROWTH_REVERSAL,
      merchantId: award.merchantId,
      storeId: ctx.storeId,
      memberId: refund.memberId,
      reference: refund.orderNo,
    });
    await tx.execute('update growth_award set reversed = reversed + ? where id = ?', [amount, award.id]);
    return amount;
  }
}
