import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, newId, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { localMidnight } from '../../domain/clearing-period';
import { parsePricePerPoint } from '../../domain/clearing-terms';
import { assertOperates, assertParticipant, loadScheme } from '../clearing-access';
import { setContractTermsInput } from '../clearing-inputs';
import { type ContractTermsView, listTerms } from '../queries/clearing.queries';

export class SetContractTermsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * New contract terms for a participant from a date on. Terms are versions: the open-ended version
 * before them ends where they start. A closed period's terms never change: new terms start no
 * earlier than the end of the last clearing run.
 */
@CommandHandler(SetContractTermsCommand)
export class SetContractTermsHandler implements ICommandHandler<SetContractTermsCommand, ContractTermsView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetContractTermsCommand): Promise<ContractTermsView> {
    const data = parseInput(setContractTermsInput, input);
    const issuePriceE4 = parsePricePerPoint('issuePricePerPoint', data.issuePricePerPoint);
    const redemptionRateE4 = parsePricePerPoint('redemptionRatePerPoint', data.redemptionRatePerPoint);
    return this.db.inTenant(ctx, async (tx) => {
      const scheme = await loadScheme(tx, data.schemeId);
      assertOperates(ctx, scheme);
      await assertParticipant(tx, scheme, data.participantId);
      // Runs and term changes of one scheme take turns.
      await tx.execute("select pg_advisory_xact_lock(hashtext('clearing:' || ?))", [scheme.id]);
      const from = localMidnight(data.effectiveFrom, scheme.timeZone);
      const to = data.effectiveTo ? localMidnight(data.effectiveTo, scheme.timeZone) : null;
      if (to && to <= from) throw unprocessable('VALIDATION_FAILED', 'effectiveTo must be after effectiveFrom');

      const [lastRun] = await tx.execute<{ periodEnd: string }[]>(
        'select period_end as "periodEnd" from clearing.run where scheme_id = ? order by period_end desc limit 1',
        [scheme.id],
      );
      if (lastRun && from < new Date(lastRun.periodEnd)) {
        throw conflict('PERIOD_CLOSED', 'Terms cannot change inside a period that is already cleared', { clearedUntil: new Date(lastRun.periodEnd).toISOString() });
      }
      const [latest] = await tx.execute<{ id: string; effectiveFrom: string; effectiveTo: string | null }[]>(
        `select id, effective_from as "effectiveFrom", effective_to as "effectiveTo" from clearing.contract_term
         where scheme_id = ? and participant_id = ? order by effective_from desc limit 1 for update`,
        [scheme.id, data.participantId],
      );
      if (latest) {
        const latestFrom = new Date(latest.effectiveFrom);
        const latestTo = latest.effectiveTo ? new Date(latest.effectiveTo) : null;
        if (from <= latestFrom || (latestTo && latestTo > from)) {
          throw conflict('CONTRACT_TERMS_OVERLAP', 'New terms must start after the current ones (and after their end, if they have one)', {
            currentFrom: latestFrom.toISOString(),
            currentTo: latestTo?.toISOString() ?? null,
          });
        }
        if (!latestTo) await tx.execute('update clearing.contract_term set effective_to = ? where id = ?', [from, latest.id]);
      }
      const id = newId();
      await tx.execute(
        `insert into clearing.contract_term (id, tenant_id, scheme_id, participant_id, effective_from, effective_to, issue_price_e4, redemption_rate_e4,
           commission_bps, breakage_share_bps, own_points_per_unit, alliance_points_per_unit, created_at, created_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)`,
        [
          id,
          scheme.tenantId,
          scheme.id,
          data.participantId,
          from,
          to,
          issuePriceE4,
          redemptionRateE4,
          data.commissionBps,
          data.breakageShareBps,
          data.ownPointsPerUnit,
          data.alliancePointsPerUnit,
          ctx.actorId,
        ],
      );
      return (await listTerms(tx, scheme.id)).find((term) => term.id === id)!;
    });
  }
}
