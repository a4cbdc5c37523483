import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, newId, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { toAlliancePoints } from '../../domain/clearing-terms';
import { assertOperates, assertParticipant, loadScheme } from '../clearing-access';
import { recordParticipantActivityInput } from '../clearing-inputs';
import { listTerms } from '../queries/clearing.queries';

export class RecordParticipantActivityCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

export interface RecordedActivity {
  id: string;
  participantId: string;
  kind: string;
  /** Alliance points cleared. */
  points: number;
  /** What the participant reported in its own currency (null: reported in alliance points). */
  ownPoints: number | null;
  occurredAt: Date;
  reference: string;
}

/**
 * Activity a participant reports from its own system (a merchant that keeps its own points
 * currency), exchanged into alliance points at the rate agreed for the time it happened, and
 * cleared with the rest. Activity of an already cleared period lands in the next run as an adjustment.
 */
@CommandHandler(RecordParticipantActivityCommand)
export class RecordParticipantActivityHandler implements ICommandHandler<RecordParticipantActivityCommand, RecordedActivity> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: RecordParticipantActivityCommand): Promise<RecordedActivity> {
    const data = parseInput(recordParticipantActivityInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const scheme = await loadScheme(tx, data.schemeId);
      assertOperates(ctx, scheme);
      const party = await assertParticipant(tx, scheme, data.participantId);
      const merchantId = party.merchantId;
      const storeId = scheme.participantKind === 'store' ? party.id : null;
      const occurredAt = new Date(data.occurredAt);
      let points = data.points;
      if (data.ownCurrency) {
        const term = (await listTerms(tx, scheme.id)).find(
          (t) => t.participantId === data.participantId && t.effectiveFrom <= occurredAt && (!t.effectiveTo || t.effectiveTo > occurredAt),
        );
        if (!term) throw unprocessable('CONTRACT_TERMS_MISSING', 'No agreed exchange rate for the participant at that time', [{ participantId: data.participantId }]);
        points = toAlliancePoints(data.points, term);
        if (points === 0) throw unprocessable('BELOW_EXCHANGE_UNIT', 'Too few own points to be worth one alliance point', { ownPointsPerUnit: term.ownPointsPerUnit });
      }
      const ownPoints = data.ownCurrency ? data.points : null;
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into clearing.activity (id, tenant_id, merchant_id, store_id, kind, points, own_points, occurred_at, reference)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, merchant_id, reference) where reference is not null do nothing returning id`,
        [newId(), scheme.tenantId, merchantId, storeId, data.kind, points, ownPoints, occurredAt, data.reference],
      );
      const [row] = await tx.execute<{ id: string; storeId: string | null; kind: string; points: number; ownPoints: number | null; occurredAt: string }[]>(
        `select id, store_id as "storeId", kind, points, own_points as "ownPoints", occurred_at as "occurredAt"
         from clearing.activity where tenant_id = ? and merchant_id = ? and reference = ?`,
        [scheme.tenantId, merchantId, data.reference],
      );
      const sameReport =
        row.storeId === storeId && row.kind === data.kind && (row.ownPoints ?? row.points) === data.points && (row.ownPoints !== null) === data.ownCurrency;
      if (inserted.length === 0 && !(sameReport && new Date(row.occurredAt).getTime() === occurredAt.getTime())) {
        throw conflict('ACTIVITY_REFERENCE_CONFLICT', 'This reference was already reported with different values');
      }
      return { id: row.id, participantId: data.participantId, kind: row.kind, points: row.points, ownPoints: row.ownPoints, occurredAt: new Date(row.occurredAt), reference: data.reference };
    });
  }
}
