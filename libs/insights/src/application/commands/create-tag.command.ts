import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, isUniqueViolation } from '@loyalty/database';
import { conflict, newId, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { createTagInput } from '../insights-inputs';
import { loadTag, type TagView } from '../tags';

export class CreateTagCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 标签: a manual tag, or a rule-based one (by purchases, net spend, recency, points) that members carry while they meet it. */
@CommandHandler(CreateTagCommand)
export class CreateTagHandler implements ICommandHandler<CreateTagCommand, TagView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateTagCommand): Promise<TagView> {
    const data = parseInput(createTagInput, input);
    const rule = [data.minPurchases, data.minMonetaryFen, data.maxRecencyDays, data.minPoints].some((v) => v !== null && v !== undefined);
    try {
      return await this.db.asActor(ctx, async (tx) => {
        const scope = await resolveScope(tx, ctx, data.merchantId);
        const id = newId();
        await tx.execute(
          `insert into insights.tag (id, tenant_id, scope_id, name, kind, min_purchases, min_monetary_fen, max_recency_days, min_points, created_at, created_by)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)`,
          [
            id,
            scope.tenantId,
            scope.scopeId,
            data.name,
            rule ? 'rule' : 'manual',
            data.minPurchases ?? null,
            data.minMonetaryFen ?? null,
            data.maxRecencyDays ?? null,
            data.minPoints ?? null,
            ctx.actorId,
          ],
        );
        return loadTag(tx, id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('TAG_NAME_TAKEN', `A tag named ${data.name} exists already`);
      throw error;
    }
  }
}
