import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { RFM_GROUPS } from '../../domain/rfm';

export enum RfmGroupGql {
  IMPORTANT_VALUE = 'IMPORTANT_VALUE',
  IMPORTANT_WIN_BACK = 'IMPORTANT_WIN_BACK',
  IMPORTANT_DEVELOP = 'IMPORTANT_DEVELOP',
  IMPORTANT_RETAIN = 'IMPORTANT_RETAIN',
  POTENTIAL = 'POTENTIAL',
  NEW = 'NEW',
  GENERAL_MAINTAIN = 'GENERAL_MAINTAIN',
  LOST = 'LOST',
}
registerEnumType(RfmGroupGql, {
  name: 'RfmGroup',
  description: 'The eight RFM groups by high/low recency, frequency, monetary',
  valuesMap: Object.fromEntries(RFM_GROUPS.map((g) => [g.code, { description: g.label }])),
});

export enum LifecycleStageGql {
  new = 'new',
  growing = 'growing',
  mature = 'mature',
  declining = 'declining',
  churned = 'churned',
  registered = 'registered',
}
registerEnumType(LifecycleStageGql, { name: 'LifecycleStage', description: '引入/成长/成熟/衰退/流失; registered: 注册未消费, registered long ago and never bought' });

export enum SimpleSegmentGql {
  new = 'new',
  important = 'important',
  sleeping = 'sleeping',
  lost = 'lost',
  registered = 'registered',
}
registerEnumType(SimpleSegmentGql, { name: 'SimpleSegment', description: 'new counts from registration or the first purchase; registered: never bought' });

export enum GenderGql {
  male = 'male',
  female = 'female',
  unknown = 'unknown',
}
registerEnumType(GenderGql, { name: 'Gender' });

export enum RfmScoringGql {
  quintile = 'quintile',
  threshold = 'threshold',
}
registerEnumType(RfmScoringGql, { name: 'RfmScoring', description: 'quintile: by the population’s percentiles; threshold: by set breaks' });

export enum RfmGroupingGql {
  average = 'average',
  threshold = 'threshold',
}
registerEnumType(RfmGroupingGql, { name: 'RfmGrouping', description: 'High/low against the population’s averages or set thresholds' });

@ObjectType('RfmSettings')
export class RfmSettingsGql {
  @Field(() => Int) windowDays!: number;
  @Field(() => RfmScoringGql) scoring!: RfmScoringGql;
  @Field(() => [Int], { nullable: true }) recencyBreaks!: number[] | null;
  @Field(() => [Int], { nullable: true }) frequencyBreaks!: number[] | null;
  @Field(() => [GraphQLSafeInt], { nullable: true }) monetaryBreaks!: number[] | null;
  @Field(() => RfmGroupingGql) grouping!: RfmGroupingGql;
  @Field(() => Int, { nullable: true }) recencyHighDays!: number | null;
  @Field(() => Int, { nullable: true }) frequencyHigh!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) monetaryHighFen!: number | null;
  @Field(() => Int) newDays!: number;
  @Field(() => Int) declineDays!: number;
  @Field(() => Int) churnDays!: number;
  @Field(() => Int) maturePurchases!: number;
}

@ObjectType('RfmCount')
export class RfmCountGql {
  @Field() key!: string;
  @Field(() => Int) members!: number;
  @Field(() => GraphQLSafeInt, { description: 'Net spend over the window, 分' }) monetaryFen!: number;
}

@ObjectType('RfmRun', { description: 'A full RFM computation of a scope' })
export class RfmRunGql {
  @Field(() => ID) scopeId!: string;
  @Field(() => GraphQLISODateTime) asOf!: Date;
  @Field(() => Int) members!: number;
  @Field(() => GraphQLISODateTime) computedAt!: Date;
}

@ObjectType('RfmOverview', { description: "A scope's RFM: a merchant's, or an alliance's across its merchants" })
export class RfmOverviewGql {
  @Field(() => ID) scopeId!: string;
  @Field({ description: 'merchant or alliance' }) scope!: string;
  @Field(() => RfmSettingsGql) settings!: RfmSettingsGql;
  @Field(() => GraphQLISODateTime, { nullable: true }) asOf!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) computedAt!: Date | null;
  @Field(() => Int) members!: number;
  @Field(() => [Int], { description: 'Days: R scores 5 up to the first, 1 above the fourth' }) recencyBreaks!: number[];
  @Field(() => [Int]) frequencyBreaks!: number[];
  @Field(() => [GraphQLSafeInt], { description: '分' }) monetaryBreaks!: number[];
  @Field(() => Int) averageRecencyDays!: number;
  @Field(() => Int) averageFrequency!: number;
  @Field(() => GraphQLSafeInt) averageMonetaryFen!: number;
  @Field(() => [RfmCountGql], { description: 'Per RFM group code' }) groups!: RfmCountGql[];
  @Field(() => [RfmCountGql], { description: 'Per lifecycle stage' }) lifecycle!: RfmCountGql[];
  @Field(() => [RfmCountGql], { description: 'Per simple segment' }) segments!: RfmCountGql[];
}

@ObjectType('MemberRfm', { description: 'A member of a scope; one who registered but never bought has no recency, scores, group or purchase dates' })
export class MemberRfmGql {
  @Field(() => ID) memberId!: string;
  @Field(() => Int, { nullable: true, description: 'Days since the last purchase' }) recencyDays!: number | null;
  @Field(() => Int, { description: 'Purchases in the window' }) frequency!: number;
  @Field(() => GraphQLSafeInt, { description: 'Net spend in the window, 分' }) monetaryFen!: number;
  @Field(() => Int, { nullable: true }) r!: number | null;
  @Field(() => Int, { nullable: true }) f!: number | null;
  @Field(() => Int, { nullable: true }) m!: number | null;
  @Field(() => RfmGroupGql, { nullable: true }) group!: RfmGroupGql | null;
  @Field(() => LifecycleStageGql) lifecycle!: LifecycleStageGql;
  @Field(() => SimpleSegmentGql) segment!: SimpleSegmentGql;
  @Field(() => Int) purchasesTotal!: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) firstPurchaseAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastPurchaseAt!: Date | null;
  @Field(() => GraphQLISODateTime) computedAt!: Date;
}

@ObjectType('AbcTier', { description: 'ABC pyramid: A the top 20 % of customers by spend, B the next 30 %, C the rest' })
export class AbcTierGql {
  @Field() tier!: string;
  @Field(() => Int) members!: number;
  @Field(() => GraphQLSafeInt) revenueFen!: number;
  @Field(() => Int, { description: 'Share of revenue, basis points' }) revenueShareBps!: number;
}

@InputType()
export class RfmSettingsInput {
  @Field(() => ID, { nullable: true, description: "Operator: a merchant's settings; none: the alliance's" }) merchantId?: string;
  @Field(() => Int, { nullable: true }) windowDays?: number;
  @Field(() => RfmScoringGql, { nullable: true }) scoring?: RfmScoringGql;
  @Field(() => [Int], { nullable: true }) recencyBreaks?: number[];
  @Field(() => [Int], { nullable: true }) frequencyBreaks?: number[];
  @Field(() => [GraphQLSafeInt], { nullable: true }) monetaryBreaks?: number[];
  @Field(() => RfmGroupingGql, { nullable: true }) grouping?: RfmGroupingGql;
  @Field(() => Int, { nullable: true }) recencyHighDays?: number;
  @Field(() => Int, { nullable: true }) frequencyHigh?: number;
  @Field(() => GraphQLSafeInt, { nullable: true }) monetaryHighFen?: number;
  @Field(() => Int, { nullable: true }) newDays?: number;
  @Field(() => Int, { nullable: true }) declineDays?: number;
  @Field(() => Int, { nullable: true }) churnDays?: number;
  @Field(() => Int, { nullable: true }) maturePurchases?: number;
}

@ObjectType('DailyReportDay', { description: '营业日报: one local day; money in 分' })
export class DailyReportDayGql {
  @Field({ description: 'YYYY-MM-DD' }) day!: string;
  @Field(() => Int) purchases!: number;
  @Field(() => GraphQLSafeInt, { description: 'Member sales (purchases that earned points)' }) salesFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'Refunds and returns, on the day they happened' }) refundsFen!: number;
  @Field(() => GraphQLSafeInt) netSalesFen!: number;
  @Field(() => Int) buyers!: number;
  @Field(() => Int) newMembers!: number;
  @Field(() => GraphQLSafeInt) pointsEarned!: number;
  @Field(() => GraphQLSafeInt) pointsRedeemed!: number;
  @Field(() => GraphQLSafeInt) pointsReversed!: number;
  @Field(() => GraphQLSafeInt) pointsExpired!: number;
  @Field(() => GraphQLSafeInt) previousDayNetSalesFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'Average net sales of the seven days before (rounded down)' }) trailing7DayNetSalesFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'Stored value paid in: principal of recharges, less recharges refunded' }) storedValueRechargedFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'Stored value spent: balance payments, less payments refunded' }) storedValueUsedFen!: number;
  @Field(() => Int) couponsIssued!: number;
  @Field(() => Int, { description: 'Coupons used, less those given back by a full refund that day' }) couponsUsed!: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: "All sales the stores reported at their tills for the day (日结, walk-ins included); null when none did" })
  reportedSalesFen!: number | null;
  @Field(() => Int, { nullable: true, description: "Members' net sales at the stores that reported, over what they reported, basis points" })
  memberShareBps!: number | null;
}

@ObjectType('DailyReport')
export class DailyReportGql {
  @Field(() => ID) scopeId!: string;
  @Field() scope!: string;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field() timeZone!: string;
  @Field(() => [DailyReportDayGql]) rows!: DailyReportDayGql[];
}

@ObjectType('TagFactCondition', { description: "A plugin's fact (its measure) a rule tag counts: members with a value within the bounds, both inclusive; 0 for none" })
export class TagFactConditionGql {
  @Field({ description: '<plugin id>.<name>, e.g. hotel.nights' }) name!: string;
  @Field(() => GraphQLSafeInt, { nullable: true }) min!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) max!: number | null;
  @Field(() => Int, { nullable: true, description: 'Counted over the last this many days; none: ever' }) windowDays!: number | null;
}

@ObjectType('MemberTag', { description: '标签: manual, or rule-based (members carry it while they meet every condition given)' })
export class TagGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) scopeId!: string;
  @Field() name!: string;
  @Field({ description: 'manual or rule' }) kind!: string;
  @Field(() => Int, { nullable: true }) minPurchases!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) minMonetaryFen!: number | null;
  @Field(() => Int, { nullable: true }) maxRecencyDays!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) minPoints!: number | null;
  @Field(() => TagFactConditionGql, { nullable: true }) fact!: TagFactConditionGql | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: "When the plugin fact was last counted (refreshRfm, the daily full recompute, the tag's creation)" })
  factsRefreshedAt!: Date | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => Int, { description: 'Members carrying it now' }) members!: number;
}

@ObjectType('SavedSegment', { description: 'A saved audience: every filter given must hold, every tag be carried' })
export class SegmentGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) scopeId!: string;
  @Field() name!: string;
  @Field(() => [RfmGroupGql], { nullable: true }) groups!: RfmGroupGql[] | null;
  @Field(() => [LifecycleStageGql], { nullable: true }) lifecycles!: LifecycleStageGql[] | null;
  @Field(() => [SimpleSegmentGql], { nullable: true }) segments!: SimpleSegmentGql[] | null;
  @Field(() => [ID], { nullable: true }) tagIds!: string[] | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) minMonetaryFen!: number | null;
  @Field(() => Int, { nullable: true }) maxRecencyDays!: number | null;
  @Field(() => Int, { nullable: true }) minFrequency!: number | null;
  @Field(() => [GenderGql], { nullable: true }) genders!: GenderGql[] | null;
  @Field(() => [Int], { nullable: true }) birthMonths!: number[] | null;
  @Field(() => String, { nullable: true, description: 'Local date, inclusive' }) registeredFrom!: string | null;
  @Field(() => String, { nullable: true, description: 'Local date, inclusive' }) registeredTo!: string | null;
  @Field(() => [String], { nullable: true }) levelCodes!: string[] | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => Int, { description: 'Members in it now' }) members!: number;
}

@InputType()
export class TagFactConditionInput {
  @Field({ description: '<plugin id>.<name>, e.g. hotel.nights' }) name!: string;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'At least this (inclusive)' }) min?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'At most this (inclusive)' }) max?: number;
  @Field(() => Int, { nullable: true, description: 'Counted over the last this many days; none: ever' }) windowDays?: number;
}

@InputType()
export class CreateTagInput {
  @Field(() => ID, { nullable: true, description: "Operator: a merchant's tag; none: the alliance's" }) merchantId?: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true, description: 'Rule: at least this many purchases' }) minPurchases?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Rule: at least this net spend in the RFM window (分)' }) minMonetaryFen?: number;
  @Field(() => Int, { nullable: true, description: 'Rule: bought within this many days' }) maxRecencyDays?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Rule: holds at least this many points' }) minPoints?: number;
  @Field(() => TagFactConditionInput, { nullable: true, description: "Rule: a plugin's fact within bounds (TAG_FACT_UNKNOWN when no loaded plugin provides it)" })
  fact?: TagFactConditionInput;
}

@InputType()
export class SaveSegmentInput {
  @Field(() => ID, { nullable: true, description: "Operator: a merchant's segment; none: the alliance's" }) merchantId?: string;
  @Field() name!: string;
  @Field(() => [RfmGroupGql], { nullable: true }) groups?: RfmGroupGql[];
  @Field(() => [LifecycleStageGql], { nullable: true }) lifecycles?: LifecycleStageGql[];
  @Field(() => [SimpleSegmentGql], { nullable: true }) segments?: SimpleSegmentGql[];
  @Field(() => [ID], { nullable: true, description: 'Members must carry every one' }) tagIds?: string[];
  @Field(() => GraphQLSafeInt, { nullable: true }) minMonetaryFen?: number;
  @Field(() => Int, { nullable: true }) maxRecencyDays?: number;
  @Field(() => Int, { nullable: true }) minFrequency?: number;
  @Field(() => [GenderGql], { nullable: true, description: 'Any of these, as given at registration' }) genders?: GenderGql[];
  @Field(() => [Int], { nullable: true, description: 'Born in any of these months (1–12)' }) birthMonths?: number[];
  @Field({ nullable: true, description: 'Registered on or after this local date' }) registeredFrom?: string;
  @Field({ nullable: true, description: 'Registered on or before this local date' }) registeredTo?: string;
  @Field(() => [String], { nullable: true, description: "At any of these levels: the merchant's own scheme, else the alliance's" }) levelCodes?: string[];
}

@ObjectType('CampaignRefusal')
export class CampaignRefusalGql {
  @Field({ description: "The programme's code, e.g. COUPON_MEMBER_LIMIT_REACHED" }) code!: string;
  @Field(() => Int) members!: number;
}

@ObjectType('CouponCampaign', { description: "A coupon template issued to a saved segment's members, and how far it got" })
export class CouponCampaignGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) segmentId!: string;
  @Field(() => ID) couponTemplateId!: string;
  @Field({ description: 'running or done' }) status!: string;
  @Field(() => Int, { description: 'Members of the segment when it started' }) total!: number;
  @Field(() => Int, { description: 'Members answered for so far' }) done!: number;
  @Field(() => Int) issued!: number;
  @Field(() => Int, { description: "Had this campaign's coupon already" }) alreadyIssued!: number;
  @Field(() => Int) refused!: number;
  @Field(() => [CampaignRefusalGql]) refusals!: CampaignRefusalGql[];
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
}

@InputType()
export class IssueCouponsToSegmentInput {
  @Field(() => ID, { description: 'Your id for the campaign: the same id again is the same campaign' }) campaignId!: string;
  @Field(() => ID) segmentId!: string;
  @Field(() => ID) couponTemplateId!: string;
}
