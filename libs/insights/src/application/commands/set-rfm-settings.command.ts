import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { setRfmSettingsInput } from '../insights-inputs';
import { RfmEngine, type RfmRunSummary } from '../rfm-engine';

export class SetRfmSettingsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A scope's RFM window, scoring, grouping and lifecycle rules; takes effect at once (a full recompute). */
@CommandHandler(SetRfmSettingsCommand)
export class SetRfmSettingsHandler implements ICommandHandler<SetRfmSettingsCommand, RfmRunSummary> {
  constructor(
    private readonly db: Db,
    private readonly engine: RfmEngine,
  ) {}

  async execute({ ctx, input }: SetRfmSettingsCommand): Promise<RfmRunSummary> {
    const data = parseInput(setRfmSettingsInput, input);
    const scope = await this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, data.merchantId);
      await tx.execute(
        `insert into insights.rfm_settings (scope_id, tenant_id, window_days, scoring, recency_breaks, frequency_breaks, monetary_breaks, grouping,
           recency_high_days, frequency_high, monetary_high_fen, new_days, decline_days, churn_days, mature_purchases, updated_at, updated_by)
         values (?, ?, ?, ?, ?::int4[], ?::int4[], ?::int8[], ?, ?, ?, ?, ?, ?, ?, ?, now(), ?)
         on conflict (scope_id) do update set window_days = excluded.window_days, scoring = excluded.scoring, recency_breaks = excluded.recency_breaks,
           frequency_breaks = excluded.frequency_breaks, monetary_breaks = excluded.monetary_breaks, grouping = excluded.grouping,
           recency_high_days = excluded.recency_high_days, frequency_high = excluded.frequency_high, monetary_high_fen = excluded.monetary_high_fen,
           new_days = excluded.new_days, decline_days = excluded.decline_days, churn_days = excluded.churn_days,
           mature_purchases = excluded.mature_purchases, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [
          scope.scopeId,
          scope.tenantId,
          data.windowDays,
          data.scoring,
          data.scoring === 'threshold' ? `{${data.recencyBreaks!.join(',')}}` : null,
          data.scoring === 'threshold' ? `{${data.frequencyBreaks!.join(',')}}` : null,
          data.scoring === 'threshold' ? `{${data.monetaryBreaks!.join(',')}}` : null,
          data.grouping,
          data.grouping === 'threshold' ? data.recencyHighDays : null,
          data.grouping === 'threshold' ? data.frequencyHigh : null,
          data.grouping === 'threshold' ? data.monetaryHighFen : null,
          data.newDays,
          data.declineDays,
          data.churnDays,
          data.maturePurchases,
          ctx.actorId,
        ],
      );
      return scope;
    });
    return this.engine.recompute(scope);
  }
}
