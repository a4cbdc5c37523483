import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CreateTagCommand } from '../../application/commands/create-tag.command';
import { IssueCouponsToSegmentCommand } from '../../application/commands/issue-coupons-to-segment.command';
import { GetCouponCampaignQuery } from '../../application/queries/coupon-campaign.query';
import { SaveSegmentCommand } from '../../application/commands/save-segment.command';
import { TagMembersCommand } from '../../application/commands/tag-members.command';
import { RefreshRfmCommand } from '../../application/commands/refresh-rfm.command';
import { SetRfmSettingsCommand } from '../../application/commands/set-rfm-settings.command';
import { ListSegmentsQuery, ListTagsQuery, SegmentMembersQuery } from '../../application/queries/segments.queries';
import { GetDailyReportQuery } from '../../application/queries/daily-report.query';
import { GetAbcPyramidQuery, GetMemberRfmQuery, GetRfmOverviewQuery, ListRfmMembersQuery } from '../../application/queries/rfm.queries';
import { AbcTierGql, CouponCampaignGql, CreateTagInput, IssueCouponsToSegmentInput, DailyReportGql, SaveSegmentInput, SegmentGql, TagGql, LifecycleStageGql, MemberRfmGql, RfmGroupGql, RfmOverviewGql, RfmRunGql, RfmSettingsInput, SimpleSegmentGql } from './insights.types';

const merchantArg = { type: () => GraphQLUUID, nullable: true, description: "Operator: one merchant's; none: the alliance's" } as const;

@Resolver()
@UseGuards(StaffAuthGuard)
export class InsightsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => RfmOverviewGql, { description: "RFM of a merchant's (or the alliance's) members: breakpoints, groups, lifecycle, segments" })
  rfmOverview(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new GetRfmOverviewQuery(ctx, merchantId));
  }

  @Query(() => MemberRfmGql)
  memberRfm(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new GetMemberRfmQuery(ctx, memberId, merchantId));
  }

  @Query(() => [MemberRfmGql], { description: 'Members by RFM group, lifecycle stage or segment, highest spend first' })
  rfmMembers(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', merchantArg) merchantId?: string,
    @Args('group', { type: () => RfmGroupGql, nullable: true }) group?: RfmGroupGql,
    @Args('lifecycle', { type: () => LifecycleStageGql, nullable: true }) lifecycle?: LifecycleStageGql,
    @Args('segment', { type: () => SimpleSegmentGql, nullable: true }) segment?: SimpleSegmentGql,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset?: number,
    @Args('limit', { type: () => Int, defaultValue: 50, description: 'At most 200' }) limit?: number,
  ) {
    return this.queries.execute(new ListRfmMembersQuery(ctx, { merchantId, group, lifecycle, segment, offset, limit }));
  }

  @Query(() => [AbcTierGql], { description: 'ABC pyramid: share of revenue by customer percentile' })
  abcPyramid(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new GetAbcPyramidQuery(ctx, merchantId));
  }

  @Query(() => DailyReportGql, { description: '营业日报 per local day, with the trend; CSV at GET /api/insights/v1/reports/daily' })
  dailyReport(
    @Ctx() ctx: RequestContext,
    @Args('from', { description: 'Local date, inclusive' }) from: string,
    @Args('to', { description: 'Local date, inclusive' }) to: string,
    @Args('merchantId', merchantArg) merchantId?: string,
    @Args('storeId', { type: () => GraphQLUUID, nullable: true }) storeId?: string,
    @Args('timeZone', { nullable: true, description: "Default: the merchant's (Asia/Shanghai for an alliance)" }) timeZone?: string,
  ) {
    return this.queries.execute(new GetDailyReportQuery(ctx, { merchantId, storeId, from, to, timeZone }));
  }

  @Query(() => [TagGql], { description: 'Tags of a merchant (or the alliance); with memberId, the ones that member carries' })
  memberTags(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', merchantArg) merchantId?: string,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
  ) {
    return this.queries.execute(new ListTagsQuery(ctx, merchantId, memberId));
  }

  @Query(() => [SegmentGql])
  savedSegments(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new ListSegmentsQuery(ctx, merchantId));
  }

  @Query(() => [MemberRfmGql], { description: "A saved segment's members now (a campaign audience), highest spend first" })
  segmentMembers(
    @Ctx() ctx: RequestContext,
    @Args('segmentId', { type: () => GraphQLUUID }) segmentId: string,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset?: number,
    @Args('limit', { type: () => Int, defaultValue: 50, description: 'At most 200' }) limit?: number,
  ) {
    return this.queries.execute(new SegmentMembersQuery(ctx, { segmentId, offset, limit }));
  }

  @Query(() => CouponCampaignGql, { description: "A coupon campaign to a segment, with its progress" })
  couponCampaign(@Ctx() ctx: RequestContext, @Args('campaignId', { type: () => GraphQLUUID }) campaignId: string) {
    return this.queries.execute(new GetCouponCampaignQuery(ctx, campaignId));
  }

  @Mutation(() => CouponCampaignGql, {
    description: "Issues a coupon template to every member of a saved segment (its members now), through the programme's coupon issuing; once per member and campaign id",
  })
  issueCouponsToSegment(@Ctx() ctx: RequestContext, @Args('input') input: IssueCouponsToSegmentInput) {
    return this.commands.execute(new IssueCouponsToSegmentCommand(ctx, input));
  }

  @Mutation(() => TagGql)
  async createTag(@Ctx() ctx: RequestContext, @Args('input') input: CreateTagInput) {
    return { ...(await this.commands.execute(new CreateTagCommand(ctx, input))), members: 0 };
  }

  @Mutation(() => Int, { description: 'Puts a manual tag on members (tagged: false takes it off); answers how many carry it now' })
  tagMembers(
    @Ctx() ctx: RequestContext,
    @Args('tagId', { type: () => GraphQLUUID }) tagId: string,
    @Args('memberIds', { type: () => [ID] }) memberIds: string[],
    @Args('tagged', { nullable: true, defaultValue: true }) tagged: boolean,
  ) {
    return this.commands.execute(new TagMembersCommand(ctx, { tagId, memberIds, tagged }));
  }

  @Mutation(() => SegmentGql, { description: 'Saves a segment as an audience' })
  saveSegment(@Ctx() ctx: RequestContext, @Args('input') input: SaveSegmentInput) {
    return this.commands.execute(new SaveSegmentCommand(ctx, input));
  }

  @Mutation(() => RfmRunGql, { description: 'Sets the RFM window, scoring, grouping and lifecycle rules, and recomputes at once' })
  setRfmSettings(@Ctx() ctx: RequestContext, @Args('input') input: RfmSettingsInput) {
    return this.commands.execute(new SetRfmSettingsCommand(ctx, input));
  }

  @Mutation(() => RfmRunGql, { description: 'Recomputes RFM in full now, or as of a moment' })
  refreshRfm(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string, @Args('asOf', { nullable: true }) asOf?: string) {
    return this.commands.execute(new RefreshRfmCommand(ctx, { merchantId, asOf }));
  }
}
