import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, isUniqueViolation } from '@loyalty/database';
import { conflict, newId, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { createTagInput } from '../insights-inputs';
import { TagFacts } from '../tag-facts';
import { loadTag, type TagView } from '../tags';

export class CreateTagCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * 标签: a manual tag, or a rule-based one (by purchases, net spend, recency, points, a plugin's fact)
 * that members carry while they meet it. A fact no loaded plugin provides is TAG_FACT_UNKNOWN (422);
 * a fact's values are counted at once, and again whenever the scope's tags are refreshed.
 */
@CommandHandler(CreateTagCommand)
export class CreateTagHandler implements ICommandHandler<CreateTagCommand, TagView> {
  constructor(
    private readonly db: Db,
    private readonly facts: TagFacts,
  ) {}

  async execute({ ctx, input }: CreateTagCommand): Promise<TagView> {
    const data = parseInput(createTagInput, input);
    const fact = data.fact ?? null;
    const rule = [data.minPurchases, data.minMonetaryFen, data.maxRecencyDays, data.minPoints, fact].some((v) => v !== null && v !== undefined);
    let id: string;
    try {
      id = await this.db.asActor(ctx, async (tx) => {
        const scope = await resolveScope(tx, ctx, data.merchantId);
        if (fact) await this.facts.check(scope, fact.name);
        const tagId = newId();
        await tx.execute(
          `insert into insights.tag (id, tenant_id, scope_id, name, kind, min_purchases, min_monetary_fen, max_recency_days, min_points,
             fact, fact_min, fact_max, fact_window_days, created_at, created_by)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)`,
          [
            tagId,
            scope.tenantId,
            scope.scopeId,
            data.name,
            rule ? 'rule' : 'manual',
            data.minPurchases ?? null,
            data.minMonetaryFen ?? null,
            data.maxRecencyDays ?? null,
            data.minPoints ?? null,
            fact?.name ?? null,
            fact?.min ?? null,
            fact?.max ?? null,
            fact?.windowDays ?? null,
            ctx.actorId,
          ],
        );
        return tagId;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('TAG_NAME_TAKEN', `A tag named ${data.name} exists already`);
      throw error;
    }
    if (fact) await this.facts.refresh({ tagIds: [id] });
    return this.db.asActor(ctx, (tx) => loadTag(tx, id));
  }
}
