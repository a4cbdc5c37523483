import { Injectable } from '@nestjs/common';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';
import { queryStays, STAY_COLUMNS } from '../stays/stay-records';
import type { HotelStayGql, HotelStayTotalsGql } from './hotel.types';

/** Most stays shown per member, newest first. */
const LIMIT = 50;

/** Members' stays at this hotel merchant, newest booking first. */
@Injectable()
export class StaysLoader implements MemberProfileLoader<HotelStayGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, HotelStayGql[]>> {
    const rows = await queryStays(scope, 
      `select ${STAY_COLUMNS} from (select *, row_number() over (partition by member_id order by booked_at desc, id) as n from hotel_stay where member_id = any(?::uuid[])) s
       where n <= ${LIMIT} order by booked_at desc, id`,
      [`{${memberIds.join(',')}}`],
    );
    const stays = new Map<string, HotelStayGql[]>(memberIds.map((id) => [id, []]));
    for (const stay of rows) stays.get(stay.memberId)!.push(stay);
    return stays;
  }
}

/** Members' stays and nights at this hotel merchant, as its level rules count them. */
@Injectable()
export class StayTotalsLoader implements MemberProfileLoader<HotelStayTotalsGql> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, HotelStayTotalsGql>> {
    const rows = await scope.query<{ memberId: string; stays: number; nights: number }>(
      `select member_id as "memberId", count(*)::int as stays, sum(nights)::int as nights from hotel_qualifying_stay
       where merchant_id = ? and member_id = any(?::uuid[]) and not void group by member_id`,
      [scope.merchantId, `{${memberIds.join(',')}}`],
    );
    const totals = new Map(rows.map(({ memberId, ...t }) => [memberId, t]));
    return new Map(memberIds.map((id) => [id, totals.get(id) ?? { stays: 0, nights: 0 }]));
  }
}
