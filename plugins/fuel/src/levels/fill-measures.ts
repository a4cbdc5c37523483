import { Injectable } from '@nestjs/common';
import type { LevelMeasureProvider, LevelMeasureScope } from '@loyalty/plugin-sdk';

type Request = Parameters<LevelMeasureProvider['values']>[1];

/**
 * Members' fill-ups at the scope's merchants, from `since` to `asOf`, net of refunds: a refunded
 * share of a fill's money takes the same share of its quantity; a fill refunded whole no longer counts.
 */
async function fillTotals(scope: LevelMeasureScope, request: Request): Promise<{ memberId: string; fills: number; litres: number }[]> {
  return scope.query(
    `select member_id as "memberId", count(*)::int as fills,
            coalesce(sum(case when unit = 'L' then (case when amount_fen = 0 then quantity_milli else quantity_milli * (amount_fen - refunded_fen) / amount_fen end) end), 0)::bigint / 1000 as litres
     from fuel_qualifying_fill
     where tenant_id = ? and merchant_id = any(?::uuid[]) and member_id = any(?::uuid[])
       and (refunded_fen < amount_fen or amount_fen = 0)
       and occurred_at <= ? and (?::timestamptz is null or occurred_at >= ?)
     group by member_id`,
    [scope.tenantId, `{${scope.merchantIds.join(',')}}`, `{${request.memberIds.join(',')}}`, request.asOf, request.since, request.since],
  );
}

/** fuel.litres: whole litres of liquid fuel filled (加油升数; LNG by kg and CNG by m³ are not litres), a level-rule input. */
@Injectable()
export class LitresMeasure implements LevelMeasureProvider {
  async values(scope: LevelMeasureScope, request: Request): Promise<Map<string, number>> {
    return new Map((await fillTotals(scope, request)).map((t) => [t.memberId, Number(t.litres)]));
  }
}

/** fuel.fills: fill-ups (加油次数) not refunded whole, a level-rule input. */
@Injectable()
export class FillsMeasure implements LevelMeasureProvider {
  async values(scope: LevelMeasureScope, request: Request): Promise<Map<string, number>> {
    return new Map((await fillTotals(scope, request)).map((t) => [t.memberId, t.fills]));
  }
}
