import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { BONUS_RELEASES, SPEND_ORDERS } from '../../domain/stored-value-rules';

export enum SpendOrderGql {
  PRINCIPAL_FIRST = 'PRINCIPAL_FIRST',
  BONUS_FIRST = 'BONUS_FIRST',
  PROPORTIONAL = 'PROPORTIONAL',
}
registerEnumType(SpendOrderGql, { name: 'SpendOrder', description: 'Which part of stored value a payment takes first' });
export enum BonusReleaseGql {
  IMMEDIATE = 'IMMEDIATE',
  MONTHLY = 'MONTHLY',
}
registerEnumType(BonusReleaseGql, { name: 'BonusRelease', description: 'Recharge bonus at once, or in monthly parts (按月返还)' });
const _orders: readonly `${SpendOrderGql}`[] = SPEND_ORDERS;
const _releases: readonly `${BonusReleaseGql}`[] = BONUS_RELEASES;
void _orders;
void _releases;

@ObjectType('BonusTier', { description: '充值赠送: paying at least minPayFen gives bonusFen' })
@InputType('BonusTierInput')
export class BonusTierGql {
  @Field(() => GraphQLSafeInt) minPayFen!: number;
  @Field(() => GraphQLSafeInt) bonusFen!: number;
  @Field(() => BonusReleaseGql, { nullable: true }) release?: BonusReleaseGql;
  @Field(() => Int, { nullable: true, description: 'MONTHLY only: number of monthly parts, the first at the recharge' }) months?: number;
}

@InputType('StoredValuePlanInput')
export class StoredValuePlanInputGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => SpendOrderGql, { nullable: true }) spendOrder?: SpendOrderGql;
  @Field(() => [BonusTierGql], { nullable: true }) bonusTiers?: BonusTierGql[];
}

@ObjectType('StoredValuePlan')
export class StoredValuePlanGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => SpendOrderGql) spendOrder!: SpendOrderGql;
  @Field(() => [BonusTierGql]) bonusTiers!: BonusTierGql[];
}

@ObjectType('ScheduledBonus')
export class ScheduledBonusGql {
  @Field(() => GraphQLISODateTime) dueAt!: Date;
  @Field(() => GraphQLSafeInt) amountFen!: number;
  @Field() orderNo!: string;
}

@ObjectType('MemberStoredValue', { description: '储值: principal and bonus apart, in 分' })
export class MemberStoredValueGql {
  @Field(() => ID) memberId!: string;
  @Field(() => GraphQLSafeInt) principalBalanceFen!: number;
  @Field(() => GraphQLSafeInt) bonusBalanceFen!: number;
  @Field(() => GraphQLSafeInt) balanceFen!: number;
  @Field(() => [ScheduledBonusGql]) bonusScheduled!: ScheduledBonusGql[];
}

@ObjectType('StoredValueTransaction', { description: '储值明细: one movement of principal or bonus' })
export class StoredValueTransactionGql {
  @Field(() => ID) transferId!: string;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field({ description: 'SV_RECHARGE, SV_BONUS, SV_PAYMENT, SV_PAYMENT_REFUND, SV_RECHARGE_REFUND or SV_BONUS_FORFEIT' }) kind!: string;
  @Field({ description: 'PRINCIPAL or BONUS' }) part!: string;
  @Field(() => GraphQLSafeInt, { description: '分 in (positive) or out (negative)' }) changeFen!: number;
  @Field(() => String, { nullable: true, description: 'The order it belongs to' }) reference!: string | null;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
}

@ObjectType('StoredValueTransactionPage')
export class StoredValueTransactionPageGql {
  @Field(() => [StoredValueTransactionGql]) items!: StoredValueTransactionGql[];
  @Field(() => Int) total!: number;
}
