import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { refreshRfmInput } from '../insights-inputs';
import { RfmEngine, type RfmRunSummary } from '../rfm-engine';
import { TagFacts } from '../tag-facts';

export class RefreshRfmCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * Recomputes a scope's RFM now (or as of a moment: history, what-if), authorised in the tenant, run
 * as the platform's job; then counts its tags' plugin facts again as of the same moment.
 */
@CommandHandler(RefreshRfmCommand)
export class RefreshRfmHandler implements ICommandHandler<RefreshRfmCommand, RfmRunSummary> {
  constructor(
    private readonly db: Db,
    private readonly engine: RfmEngine,
    private readonly facts: TagFacts,
  ) {}

  async execute({ ctx, input }: RefreshRfmCommand): Promise<RfmRunSummary> {
    const data = parseInput(refreshRfmInput, input);
    const scope = await this.db.asActor(ctx, (tx) => resolveScope(tx, ctx, data.merchantId));
    const asOf = data.asOf ? new Date(data.asOf) : new Date();
    const summary = await this.engine.recompute(scope, asOf);
    await this.facts.refresh({ scopeIds: [scope.scopeId] }, asOf);
    return summary;
  }
}
