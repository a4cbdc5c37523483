import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, isUniqueViolation, pgArray } from '@loyalty/database';
import { conflict, newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { ALLIANCE_TIME_ZONE, resolveScope } from '../insights-access';
import { saveSegmentInput } from '../insights-inputs';
import { loadSegment, type SegmentView } from '../segments';

export class SaveSegmentCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Saves a segment (filters over RFM group, lifecycle, segment, spend, recency, frequency, tags, profile and level) as an audience. */
@CommandHandler(SaveSegmentCommand)
export class SaveSegmentHandler implements ICommandHandler<SaveSegmentCommand, SegmentView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SaveSegmentCommand): Promise<SegmentView> {
    const data = parseInput(saveSegmentInput, input);
    const list = (values: readonly string[] | null | undefined) => (values && values.length > 0 ? pgArray([...new Set(values)]) : null);
    try {
      return await this.db.asActor(ctx, async (tx) => {
        const scope = await resolveScope(tx, ctx, data.merchantId);
        const tagIds = [...new Set(data.tagIds ?? [])];
        if (tagIds.length > 0) {
          const found = await tx.execute<{ id: string }[]>('select id from insights.tag where scope_id = ? and id = any(?::uuid[])', [scope.scopeId, pgArray(tagIds)]);
          if (found.length !== tagIds.length) throw notFound('TAG_NOT_FOUND', 'A tag of the segment is not a tag of this merchant (or alliance)');
        }
        const id = newId();
        // Registration dates are the scope's local days, kept with the zone they were meant in.
        const [zone] = await tx.execute<{ timeZone: string }[]>('select time_zone as "timeZone" from insights.merchant where id = ?', [scope.scopeId]);
        await tx.execute(
          `insert into insights.saved_segment (id, tenant_id, scope_id, name, rfm_groups, lifecycles, segments, tag_ids, min_monetary_fen, max_recency_days,
             min_frequency, genders, birth_months, registered_from, registered_to, time_zone, level_codes, created_at, created_by)
           values (?, ?, ?, ?, ?::text[], ?::text[], ?::text[], ?::uuid[], ?, ?, ?, ?::text[], ?::int[], ?::date, ?::date, ?, ?::text[], now(), ?)`,
          [
            id,
            scope.tenantId,
            scope.scopeId,
            data.name,
            list(data.groups),
            list(data.lifecycles),
            list(data.segments),
            list(tagIds),
            data.minMonetaryFen ?? null,
            data.maxRecencyDays ?? null,
            data.minFrequency ?? null,
            list(data.genders),
            data.birthMonths && data.birthMonths.length > 0 ? pgArray([...new Set(data.birthMonths)]) : null,
            data.registeredFrom ?? null,
            data.registeredTo ?? null,
            zone?.timeZone ?? ALLIANCE_TIME_ZONE,
            list(data.levelCodes),
            ctx.actorId,
          ],
        );
        return loadSegment(tx, id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('SEGMENT_NAME_TAKEN', `A segment named ${data.name} exists already`);
      throw error;
    }
  }
}
