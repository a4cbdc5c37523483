import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { assertOperates, loadScheme, type SchemeRow } from '../clearing-access';
import { setClearingScheduleInput } from '../clearing-inputs';

export class SetClearingScheduleCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Turns a scheme's scheduled runs on (daily, weekly, monthly) or off (null: on demand only). */
@CommandHandler(SetClearingScheduleCommand)
export class SetClearingScheduleHandler implements ICommandHandler<SetClearingScheduleCommand, SchemeRow> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetClearingScheduleCommand): Promise<SchemeRow> {
    const data = parseInput(setClearingScheduleInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      assertOperates(ctx, await loadScheme(tx, data.schemeId));
      await tx.execute('update clearing.scheme set schedule = ? where id = ?', [data.schedule ?? null, data.schemeId]);
      return loadScheme(tx, data.schemeId);
    });
  }
}
