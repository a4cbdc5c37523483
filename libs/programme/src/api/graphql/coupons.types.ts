import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { COUPON_KINDS, COUPON_STACKING, COUPON_STATUSES, COUPON_TRIGGERS } from '../../domain/coupon-rules';

export enum CouponKindGql {
  FIXED = 'FIXED',
  PERCENTAGE = 'PERCENTAGE',
  GIFT = 'GIFT',
}
registerEnumType(CouponKindGql, { name: 'CouponKind', description: 'FIXED amount off (无门槛 or 满X减Y), PERCENTAGE off, or a GIFT' });
export enum CouponStackingGql {
  EXCLUSIVE = 'EXCLUSIVE',
  STACKABLE = 'STACKABLE',
}
registerEnumType(CouponStackingGql, { name: 'CouponStacking' });
export enum CouponStatusGql {
  ISSUED = 'ISSUED',
  USED = 'USED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(CouponStatusGql, { name: 'CouponStatus' });
export enum CouponTriggerGql {
  NEW_MEMBER = 'NEW_MEMBER',
  BIRTHDAY = 'BIRTHDAY',
  REACTIVATION = 'REACTIVATION',
  LEVEL_REACHED = 'LEVEL_REACHED',
}
registerEnumType(CouponTriggerGql, { name: 'CouponTrigger', description: '新人大礼包, birthday, reactivation (唤醒), a level reached' });
const _triggers: readonly `${CouponTriggerGql}`[] = COUPON_TRIGGERS;
void _triggers;
const _kinds: readonly `${CouponKindGql}`[] = COUPON_KINDS;
const _stacking: readonly `${CouponStackingGql}`[] = COUPON_STACKING;
const _statuses: readonly `${CouponStatusGql}`[] = COUPON_STATUSES;
void _kinds;
void _stacking;
void _statuses;

@InputType('CouponTemplateInput')
export class CouponTemplateInputGql {
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => CouponKindGql) kind!: CouponKindGql;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Order at least this (分); 0 or none: no threshold (无门槛)' }) thresholdFen?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'FIXED: 分 off' }) amountOffFen?: number;
  @Field(() => Int, { nullable: true, description: 'PERCENTAGE: permille off, 100 = 10% off (9折)' }) discountPermille?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'PERCENTAGE: at most this off (分)' }) maxDiscountFen?: number;
  @Field(() => String, { nullable: true, description: 'GIFT: what is handed over' }) giftName?: string;
  @Field(() => String, { nullable: true, description: 'Fixed validity start (ISO date-time), with validUntil' }) validFrom?: string;
  @Field(() => String, { nullable: true }) validUntil?: string;
  @Field(() => Int, { nullable: true, description: 'Or: valid this many days from issue' }) validDays?: number;
  @Field(() => Int, { nullable: true }) perMemberLimit?: number;
  @Field(() => Int, { nullable: true }) totalLimit?: number;
  @Field(() => CouponStackingGql, { nullable: true }) stacking?: CouponStackingGql;
}

@ObjectType('CouponTemplate')
export class CouponTemplateGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => CouponKindGql) kind!: CouponKindGql;
  @Field(() => GraphQLSafeInt) thresholdFen!: number;
  @Field(() => GraphQLSafeInt, { nullable: true }) amountOffFen!: number | null;
  @Field(() => Int, { nullable: true }) discountPermille!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) maxDiscountFen!: number | null;
  @Field(() => String, { nullable: true }) giftName!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) validFrom!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) validUntil!: Date | null;
  @Field(() => Int, { nullable: true }) validDays!: number | null;
  @Field(() => Int, { nullable: true }) perMemberLimit!: number | null;
  @Field(() => Int, { nullable: true }) totalLimit!: number | null;
  @Field(() => Int) issuedCount!: number;
  @Field(() => CouponStackingGql) stacking!: CouponStackingGql;
}

@ObjectType('CouponTemplatePage')
export class CouponTemplatePageGql {
  @Field(() => [CouponTemplateGql]) items!: CouponTemplateGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('Coupon')
export class CouponGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) templateId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => CouponStatusGql) status!: CouponStatusGql;
  @Field(() => GraphQLISODateTime) validFrom!: Date;
  @Field(() => GraphQLISODateTime) validUntil!: Date;
  @Field(() => GraphQLISODateTime) issuedAt!: Date;
  @Field() issuedBy!: string;
  @Field() issueReason!: string;
  @Field(() => ID, { nullable: true, description: 'The rule that issued it' }) ruleId!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) usedAt!: Date | null;
  @Field(() => String, { nullable: true }) usedOrderNo!: string | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) discountFen!: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => String, { nullable: true }) revokeReason!: string | null;
}

@ObjectType('CouponPage')
export class CouponPageGql {
  @Field(() => [CouponGql]) items!: CouponGql[];
  @Field(() => Int) total!: number;
}

@InputType('CouponRuleInput')
export class CouponRuleInputGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => CouponTriggerGql) trigger!: CouponTriggerGql;
  @Field(() => ID, { nullable: true, description: 'The coupon it gives; a BIRTHDAY rule may give points instead, or both' }) templateId?: string;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'BIRTHDAY: points given on the member’s birthday (生日积分), once a year' }) points?: number;
  @Field(() => String, { nullable: true, description: 'LEVEL_REACHED: the level; BIRTHDAY: the level whose gift it is' }) levelCode?: string;
  @Field(() => Int, { nullable: true, description: 'REACTIVATION: days since the last purchase at the merchant' }) inactiveDays?: number;
}

@ObjectType('CouponRule')
export class CouponRuleGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => CouponTriggerGql) trigger!: CouponTriggerGql;
  @Field(() => ID, { nullable: true }) templateId!: string | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) points!: number | null;
  @Field(() => String, { nullable: true }) levelCode!: string | null;
  @Field(() => Int, { nullable: true }) inactiveDays!: number | null;
}

@ObjectType('CouponRulePage')
export class CouponRulePageGql {
  @Field(() => [CouponRuleGql]) items!: CouponRuleGql[];
  @Field(() => Int) total!: number;
}
