import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, pgArray } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { minuteOf, setAnomalyRulesInput } from '../notifications-inputs';
import { type AnomalyRulesView, loadAnomalyRules } from '../queries/anomalies.queries';

export class SetAnomalyRulesCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's anomaly rules (异常监控), the whole set at once: a rule not given is off. */
@CommandHandler(SetAnomalyRulesCommand)
export class SetAnomalyRulesHandler implements ICommandHandler<SetAnomalyRulesCommand, AnomalyRulesView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetAnomalyRulesCommand): Promise<AnomalyRulesView> {
    const data = parseInput(setAnomalyRulesInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      await tx.execute(
        `insert into notifications.anomaly_rule (merchant_id, tenant_id, large_amount_fen, frequency_count, frequency_window_minutes, store_frequency_count,
           store_frequency_window_minutes, odd_start_minute, odd_end_minute, redeem_after_earn_minutes, hold_rules, updated_at, updated_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], now(), ?)
         on conflict (merchant_id) do update set large_amount_fen = excluded.large_amount_fen, frequency_count = excluded.frequency_count,
           frequency_window_minutes = excluded.frequency_window_minutes, store_frequency_count = excluded.store_frequency_count,
           store_frequency_window_minutes = excluded.store_frequency_window_minutes, odd_start_minute = excluded.odd_start_minute, odd_end_minute = excluded.odd_end_minute,
           redeem_after_earn_minutes = excluded.redeem_after_earn_minutes, hold_rules = excluded.hold_rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [
          merchant.id,
          merchant.tenantId,
          data.largeAmountFen ?? null,
          data.frequencyCount ?? null,
          data.frequencyWindowMinutes ?? null,
          data.storeFrequencyCount ?? null,
          data.storeFrequencyWindowMinutes ?? null,
          data.oddHoursStart ? minuteOf(data.oddHoursStart) : null,
          data.oddHoursEnd ? minuteOf(data.oddHoursEnd) : null,
          data.redeemAfterEarnMinutes ?? null,
          pgArray([...new Set(data.holdRedemptionsOn)]),
          ctx.actorId,
        ],
      );
      return loadAnomalyRules(tx, merchant.id);
    });
  }
}
