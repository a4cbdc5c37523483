import { Injectable } from '@nestjs/common';
import type { LevelMeasureProvider, LevelMeasureScope } from '@loyalty/plugin-sdk';

type Request = Parameters<LevelMeasureProvider['values']>[1];

/** Members' checked-out stays (not voided) at the scope's merchants, from `since` to `asOf`: their count and nights. */
async function stayTotals(scope: LevelMeasureScope, request: Request): Promise<{ memberId: string; stays: number; nights: number }[]> {
  return scope.query(
    `select member_id as "memberId", count(*)::int as stays, sum(nights)::int as nights from hotel_qualifying_stay
     where tenant_id = ? and merchant_id = any(?::uuid[]) and member_id = any(?::uuid[]) and not void
       and checked_out_at <= ? and (?::timestamptz is null or checked_out_at >= ?)
     group by member_id`,
    [scope.tenantId, `{${scope.merchantIds.join(',')}}`, `{${request.memberIds.join(',')}}`, request.asOf, request.since, request.since],
  );
}

/** hotel.nights: nights stayed (入住晚数), a level-rule input. */
@Injectable()
export class NightsMeasure implements LevelMeasureProvider {
  async values(scope: LevelMeasureScope, request: Request): Promise<Map<string, number>> {
    return new Map((await stayTotals(scope, request)).map((t) => [t.memberId, t.nights]));
  }
}

/** hotel.stays: stays checked out (入住次数), a level-rule input. */
@Injectable()
export class StaysMeasure implements LevelMeasureProvider {
  async values(scope: LevelMeasureScope, request: Request): Promise<Map<string, number>> {
    return new Map((await stayTotals(scope, request)).map((t) => [t.memberId, t.stays]));
  }
}
