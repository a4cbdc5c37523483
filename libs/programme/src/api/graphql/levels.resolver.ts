import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ChangeMemberLevelCommand } from '../../application/commands/change-member-level.command';
import { ConfigureLevelSchemeCommand } from '../../application/commands/configure-level-scheme.command';
import { ReevaluateLevelsCommand } from '../../application/commands/reevaluate-levels.command';
import { GetMemberLevelQuery, ListGrowthHistoryQuery, ListLevelHistoryQuery, ListLevelSchemesQuery } from '../../application/queries/programme.queries';
import type { LevelScheme } from '../../domain/level-scheme.entity';
import { withoutNulls } from './graphql-input';
import { GrowthChangePageGql, LevelSchemeGql, LevelSchemeInputGql, LevelSchemePageGql, MemberLevelChangePageGql, MemberLevelGql } from './levels.types';

/** GraphQL's nested groups (`{ all: [...] }`) are the domain's arrays of arrays. */
const toDomainInput = (input: LevelSchemeInputGql) =>
  withoutNulls({ ...input, levels: input.levels.map((level) => ({ ...level, conditions: level.conditions?.map((group) => group.all) })) });
const toGql = (scheme: LevelScheme) => ({ ...scheme, levels: scheme.levels.map((level) => ({ ...level, conditions: level.conditions.map((all) => ({ all })) })) });

@Resolver()
@UseGuards(StaffAuthGuard)
export class LevelsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => LevelSchemePageGql, { description: 'Level schemes visible here: the tenant-wide one and merchants’ own' })
  async levelSchemes(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    const schemes: { items: LevelScheme[]; total: number } = await this.queries.execute(new ListLevelSchemesQuery(ctx, offset, limit));
    return { items: schemes.items.map(toGql), total: schemes.total };
  }

  @Mutation(() => LevelSchemeGql, { description: 'Sets a level scheme whole: levels (lowest first), validity, growth rules' })
  async configureLevelScheme(@Ctx() ctx: RequestContext, @Args('input') input: LevelSchemeInputGql) {
    return toGql(await this.commands.execute(new ConfigureLevelSchemeCommand(ctx, toDomainInput(input))));
  }

  @Query(() => MemberLevelGql, { description: 'A member’s level, benefits and growth value under the scheme that applies' })
  memberLevel(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true }) merchantId?: string,
  ) {
    return this.queries.execute(new GetMemberLevelQuery(ctx, { memberId }, merchantId ?? undefined));
  }

  @Query(() => MemberLevelChangePageGql, { description: 'Every level change of a member with its reason, newest first' })
  memberLevelHistory(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListLevelHistoryQuery(ctx, memberId, offset, limit));
  }

  @Query(() => GrowthChangePageGql, { description: '成长值明细: a member’s growth value gained and taken back, with the reason, newest first' })
  memberGrowthHistory(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListGrowthHistoryQuery(ctx, memberId, offset, limit));
  }

  @Mutation(() => MemberLevelGql, { description: '手动调整等级: sets a member’s level with a reason' })
  async changeMemberLevel(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('levelCode') levelCode: string,
    @Args('reason') reason: string,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true }) merchantId?: string,
  ) {
    await this.commands.execute(new ChangeMemberLevelCommand(ctx, { memberId, levelCode, reason, merchantId: merchantId ?? undefined }));
    return this.queries.execute(new GetMemberLevelQuery(ctx, { memberId }, merchantId ?? undefined));
  }

  @Mutation(() => Int, { description: 'Raises every member who now qualifies for a higher level (after configuring the scheme); returns how many' })
  reevaluateMemberLevels(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID, nullable: true }) merchantId?: string) {
    return this.commands.execute(new ReevaluateLevelsCommand(ctx, merchantId ?? null));
  }
}
