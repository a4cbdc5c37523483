import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Ctx, GraphQLUUID, parseInput, PluginCore, type RequestContext, z } from '@loyalty/plugin-sdk';
import { queryStays, STAY_COLUMNS } from '../stays/stay-records';
import { HotelStayGql } from './hotel.types';

const listInput = z.object({
  status: z.enum(['booked', 'checked_in', 'checked_out', 'cancelled', 'no_show']).optional(),
  limit: z.number().int().min(1).max(500),
});

/** The hotel's own GraphQL for the desk: its stays by status (在住 in-house guests with their benefits, arrivals). */
@Resolver()
export class HotelResolver {
  constructor(private readonly core: PluginCore) {}

  @Query(() => [HotelStayGql], { description: '住宿: the merchant’s stays, by arrival then number; e.g. status checked_in for the guests in house and their benefits' })
  hotelStays(
    @Ctx() ctx: RequestContext,
    @Args('status', { nullable: true, description: 'booked, checked_in, checked_out, cancelled or no_show; all when omitted' }) status?: string,
    @Args('limit', { type: () => Int, defaultValue: 100 }) limit?: number,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' }) merchantId?: string,
  ): Promise<HotelStayGql[]> {
    const input = parseInput(listInput, { status: status ?? undefined, limit });
    return this.core.inTenant(
      ctx,
      (scope) =>
        queryStays(scope, `select ${STAY_COLUMNS} from hotel_stay where (?::text is null or status = ?) order by arrival_on, reservation_no limit ${input.limit}`, [
          input.status ?? null,
          input.status ?? null,
        ]),
      merchantId,
    );
  }
}
