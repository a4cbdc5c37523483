import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, newId, parseInput, type RequestContext } from '@loyalty/shared';
import { assertOperates, assertParticipant, loadScheme } from '../clearing-access';
import { recordParticipantActivityInput } from '../clearing-inputs';

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
  points: number;
  ownCurrency: boolean;
  occurredAt: Date;
  reference: string;
}

/**
 * Activity a participant reports from its own system (a merchant that keeps its own points
 * currency): cleared with the rest, exchanged at the agreed rate. Activity of an already cleared
 * period lands in the next run as an adjustment.
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
      const inserted = await tx.execute<{ id: string }[]>(
        `insert into clearing.activity (id, tenant_id, merchant_id, store_id, kind, points, own_currency, occurred_at, reference)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, merchant_id, reference) where reference is not null do nothing returning id`,
        [newId(), scheme.tenantId, merchantId, storeId, data.kind, data.points, data.ownCurrency, occurredAt, data.reference],
      );
      const [row] = await tx.execute<{ id: string; storeId: string | null; kind: string; points: number; ownCurrency: boolean; occurredAt: string }[]>(
        `select id, store_id as "storeId", kind, points, own_currency as "ownCurrency", occurred_at as "occurredAt"
         from clearing.activity where tenant_id = ? and merchant_id = ? and reference = ?`,
        [scheme.tenantId, merchantId, data.reference],
      );
      const same =
        row.storeId === storeId && row.kind === data.kind && row.points === data.points && row.ownCurrency === data.ownCurrency && new Date(row.occurredAt).getTime() === occurredAt.getTime();
      if (inserted.length === 0 && !same) throw conflict('ACTIVITY_REFERENCE_CONFLICT', 'This reference was already reported with different values');
      return { id: row.id, participantId: data.participantId, kind: row.kind, points: row.points, ownCurrency: row.ownCurrency, occurredAt: new Date(row.occurredAt), reference: data.reference };
    });
  }
}
