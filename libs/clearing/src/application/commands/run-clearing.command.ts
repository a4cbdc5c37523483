import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { localMidnight } from '../../domain/clearing-period';
import { loadScheme } from '../clearing-access';
import { runClearingInput } from '../clearing-inputs';
import { ClearingRunner } from '../clearing-runner';
import type { RunView } from '../queries/clearing.queries';

export class RunClearingCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** An on-demand run for a closed period given as local dates in the scheme's zone (end exclusive). */
@CommandHandler(RunClearingCommand)
export class RunClearingHandler implements ICommandHandler<RunClearingCommand, RunView> {
  constructor(
    private readonly db: Db,
    private readonly runner: ClearingRunner,
  ) {}

  async execute({ ctx, input }: RunClearingCommand): Promise<RunView> {
    const data = parseInput(runClearingInput, input);
    const scheme = await this.db.inTenant(ctx, (tx) => loadScheme(tx, data.schemeId));
    return this.runner.run(ctx, {
      schemeId: scheme.id,
      periodStart: localMidnight(data.periodStart, scheme.timeZone),
      periodEnd: localMidnight(data.periodEnd, scheme.timeZone),
      trigger: 'manual',
    });
  }
}
