import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { listAnomaliesInput } from '../notifications-inputs';
import { clockOf } from './notifications.queries';
import type { AnomalyRule } from '../../domain/anomaly';

export interface AnomalyRulesView {
  merchantId: string;
  largeAmountFen: number | null;
  frequencyCount: number | null;
  frequencyWindowMinutes: number | null;
  storeFrequencyCount: number | null;
  storeFrequencyWindowMinutes: number | null;
  oddHoursStart: string | null;
  oddHoursEnd: string | null;
  redeemAfterEarnMinutes: number | null;
  holdRedemptionsOn: AnomalyRule[];
}

export async function loadAnomalyRules(tx: Tx, merchantId: string): Promise<AnomalyRulesView> {
  const [row] = await tx.execute<(Omit<AnomalyRulesView, 'oddHoursStart' | 'oddHoursEnd'> & { odd1: number | null; odd2: number | null })[]>(
    `select merchant_id as "merchantId", large_amount_fen as "largeAmountFen", frequency_count as "frequencyCount", frequency_window_minutes as "frequencyWindowMinutes",
            store_frequency_count as "storeFrequencyCount", store_frequency_window_minutes as "storeFrequencyWindowMinutes",
            odd_start_minute as odd1, odd_end_minute as odd2, redeem_after_earn_minutes as "redeemAfterEarnMinutes", hold_rules as "holdRedemptionsOn"
     from notifications.anomaly_rule where merchant_id = ?`,
    [merchantId],
  );
  if (!row) {
    return {
      merchantId,
      largeAmountFen: null,
      frequencyCount: null,
      frequencyWindowMinutes: null,
      storeFrequencyCount: null,
      storeFrequencyWindowMinutes: null,
      oddHoursStart: null,
      oddHoursEnd: null,
      redeemAfterEarnMinutes: null,
      holdRedemptionsOn: [],
    };
  }
  const { odd1, odd2, ...rest } = row;
  return { ...rest, largeAmountFen: rest.largeAmountFen === null ? null : Number(rest.largeAmountFen), oddHoursStart: clockOf(odd1), oddHoursEnd: clockOf(odd2) };
}

export interface AnomalyView {
  id: string;
  memberId: string;
  storeId: string | null;
  rule: string;
  detail: string;
  /** Whether the hit held the member's redemptions at the merchant (the members service keeps and releases the hold). */
  held: boolean;
  occurredAt: Date;
  createdAt: Date;
}

export class GetAnomalyRulesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

@QueryHandler(GetAnomalyRulesQuery)
export class GetAnomalyRulesHandler implements IQueryHandler<GetAnomalyRulesQuery, AnomalyRulesView> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: GetAnomalyRulesQuery) {
    return this.db.asActor(ctx, async (tx) => loadAnomalyRules(tx, (await resolveMerchant(tx, ctx, merchantId)).id));
  }
}

export class ListAnomaliesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's recorded anomalies, latest first. */
@QueryHandler(ListAnomaliesQuery)
export class ListAnomaliesHandler implements IQueryHandler<ListAnomaliesQuery, AnomalyView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: ListAnomaliesQuery) {
    const data = parseInput(listAnomaliesInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      const rows = await tx.execute<AnomalyView[]>(
        `select id, member_id as "memberId", store_id as "storeId", rule, detail, held, occurred_at as "occurredAt", created_at as "createdAt" from notifications.anomaly
         where merchant_id = ? and (?::uuid is null or member_id = ?) order by occurred_at desc, rule offset ? limit ?`,
        [merchant.id, data.memberId ?? null, data.memberId ?? null, data.offset, data.limit],
      );
      return rows.map((row) => ({ ...row, occurredAt: new Date(row.occurredAt), createdAt: new Date(row.createdAt) }));
    });
  }
}
