import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { LEVEL_CHANGE_REASONS } from '../../domain/member-level-change.entity';
import { GROWTH_BEHAVIOURS, LEVEL_METRICS } from '../../domain/level-rules';

export enum LevelMetricGql {
  CUMULATIVE_SPEND = 'CUMULATIVE_SPEND',
  SINGLE_PURCHASE = 'SINGLE_PURCHASE',
  WINDOW_SPEND = 'WINDOW_SPEND',
  GROWTH = 'GROWTH',
  POINTS_BALANCE = 'POINTS_BALANCE',
  MEASURE = 'MEASURE',
}
registerEnumType(LevelMetricGql, {
  name: 'LevelMetric',
  description: 'Spend in 分 (cumulative, single purchase, rolling window), growth value, points balance, or a measure a loaded plugin provides (MEASURE)',
});
export enum GrowthBehaviourGql {
  PURCHASE = 'PURCHASE',
  CHECK_IN = 'CHECK_IN',
  REVIEW = 'REVIEW',
  SHARE = 'SHARE',
  REGISTRATION = 'REGISTRATION',
}
registerEnumType(GrowthBehaviourGql, { name: 'GrowthBehaviour' });
export enum LevelChangeReasonGql {
  UPGRADE = 'UPGRADE',
  DOWNGRADE = 'DOWNGRADE',
  RETAINED = 'RETAINED',
  MANUAL = 'MANUAL',
}
registerEnumType(LevelChangeReasonGql, { name: 'LevelChangeReason' });
// The GraphQL enums mirror the domain lists; this fails to compile if they drift.
const _metrics: readonly `${LevelMetricGql}`[] = LEVEL_METRICS;
const _behaviours: readonly `${GrowthBehaviourGql}`[] = GROWTH_BEHAVIOURS;
const _reasons: readonly `${LevelChangeReasonGql}`[] = LEVEL_CHANGE_REASONS;
void _metrics;
void _behaviours;
void _reasons;

@ObjectType('LevelCondition')
@InputType('LevelConditionInput')
export class LevelConditionGql {
  @Field(() => LevelMetricGql) metric!: LevelMetricGql;
  @Field(() => GraphQLSafeInt, { description: 'At least this (分 for spend)' }) min!: number;
  @Field(() => Int, { nullable: true, description: 'Months back from the evaluation: WINDOW_SPEND (required) and MEASURE (optional) only' }) windowMonths?: number;
  @Field(() => String, { nullable: true, description: 'MEASURE only: the provided measure, <plugin id>.<measure> (e.g. acme.visits)' }) measure?: string;
}

@ObjectType('LevelConditionGroup', { description: 'Holds when all its conditions hold (AND)' })
@InputType('LevelConditionGroupInput')
export class LevelConditionGroupGql {
  @Field(() => [LevelConditionGql]) all!: LevelConditionGql[];
}

@ObjectType('LevelBenefits')
@InputType('LevelBenefitsInput')
export class LevelBenefitsGql {
  @Field(() => Int, { nullable: true, description: 'Discount off the bill in permille: 50 = 5% off (95折)' }) discountPermille?: number;
  @Field(() => Int, { nullable: true, description: 'Points earned × permille: 1500 = ×1.5' }) pointsMultiplierPermille?: number;
  @Field(() => [String], { nullable: true, description: 'Free services of the level (免费服务), shown to staff at the till' }) freeServices?: string[];
}

@ObjectType('LevelDefinition')
@InputType('LevelDefinitionInput')
export class LevelDefinitionGql {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => [LevelConditionGroupGql], { nullable: true, description: 'Reached when any group holds (OR); none for the first level' })
  conditions?: LevelConditionGroupGql[];
  @Field(() => LevelBenefitsGql, { nullable: true }) benefits?: LevelBenefitsGql;
}

@ObjectType('GrowthRule')
@InputType('GrowthRuleInput')
export class GrowthRuleGql {
  @Field(() => GrowthBehaviourGql) behaviour!: GrowthBehaviourGql;
  @Field(() => GraphQLSafeInt, { description: 'Per whole yuan for PURCHASE, per occurrence otherwise' }) amount!: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Most per member and local day' }) dailyCap?: number;
}

@InputType('LevelSchemeInput')
export class LevelSchemeInputGql {
  @Field(() => ID, { nullable: true, description: 'The merchant; none for the tenant-wide (alliance) scheme' }) merchantId?: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true, description: '等级有效期 in months; none: levels hold for ever' }) validityMonths?: number;
  @Field(() => [LevelDefinitionGql], { description: 'Lowest first' }) levels!: LevelDefinitionGql[];
  @Field(() => [GrowthRuleGql], { nullable: true }) growthRules?: GrowthRuleGql[];
}

@ObjectType('LevelScheme')
export class LevelSchemeGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field() name!: string;
  @Field() timezone!: string;
  @Field(() => Int, { nullable: true }) validityMonths!: number | null;
  @Field(() => [LevelDefinitionGql]) levels!: LevelDefinitionGql[];
  @Field(() => [GrowthRuleGql]) growthRules!: GrowthRuleGql[];
}

@ObjectType('MemberLevel')
export class MemberLevelGql {
  @Field(() => ID) memberId!: string;
  @Field(() => ID, { nullable: true, description: 'Null when no scheme is configured' }) schemeId!: string | null;
  @Field(() => String, { nullable: true }) levelCode!: string | null;
  @Field(() => String, { nullable: true }) levelName!: string | null;
  @Field(() => LevelBenefitsGql, { nullable: true }) benefits!: LevelBenefitsGql | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null at the entry level held from registration' }) since!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the retention review (保级) looks again' }) validUntil!: Date | null;
  @Field(() => GraphQLSafeInt, { description: '成长值' }) growth!: number;
}

@ObjectType('MemberLevelChange')
export class MemberLevelChangeGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) schemeId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => String, { nullable: true }) fromCode!: string | null;
  @Field() toCode!: string;
  @Field(() => LevelChangeReasonGql) reason!: LevelChangeReasonGql;
  @Field() note!: string;
  @Field(() => String, { nullable: true }) orderNo!: string | null;
  @Field() actorId!: string;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
}

@ObjectType('MemberLevelChangePage')
export class MemberLevelChangePageGql {
  @Field(() => [MemberLevelChangeGql]) items!: MemberLevelChangeGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('LevelSchemePage')
export class LevelSchemePageGql {
  @Field(() => [LevelSchemeGql]) items!: LevelSchemeGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('GrowthChange', { description: '成长值增减: one change of a member’s growth value' })
export class GrowthChangeGql {
  @Field(() => ID) transferId!: string;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field(() => GraphQLSafeInt, { description: 'Gained (positive) or taken back (negative)' }) change!: number;
  @Field({ description: 'The behaviour that earned it (PURCHASE, CHECK_IN, REVIEW, SHARE, REGISTRATION), or REFUND: taken back for a refund' }) reason!: string;
  @Field(() => String, { nullable: true, description: 'The order, or what the till reported' }) reference!: string | null;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
}

@ObjectType('GrowthChangePage')
export class GrowthChangePageGql {
  @Field(() => [GrowthChangeGql]) items!: GrowthChangeGql[];
  @Field(() => Int) total!: number;
}
