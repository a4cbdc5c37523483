import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/plugin-sdk';

@ObjectType('PharmacyHealthProfile', { description: '健康档案: sensitive; pharmacy staff with the health-profile permission only' })
export class HealthProfileGql {
  @Field(() => [String], { description: '慢性病 chronic conditions' }) chronicConditions!: string[];
  @Field(() => [String], { description: '过敏 allergies' }) allergies!: string[];
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType('PharmacyHealthProfileInput')
export class HealthProfileInputGql {
  @Field(() => [String]) chronicConditions!: string[];
  @Field(() => [String]) allergies!: string[];
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@ObjectType('PharmacyMedicationPurchase', { description: '用药记录: a line bought at the pharmacy, with its refill' })
export class MedicationPurchaseGql {
  @Field() orderNo!: string;
  @Field() sku!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) category!: string | null;
  @Field() quantity!: number;
  @Field(() => GraphQLSafeInt, { description: '分' }) amountFen!: number;
  @Field(() => GraphQLSafeInt, { description: '分 paid by medical insurance 医保' }) insurancePaidFen!: number;
  @Field(() => GraphQLSafeInt, { description: '分 that earned points' }) earningFen!: number;
  @Field(() => Number, { nullable: true, description: 'Units a day' }) dailyDose!: number | null;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, merchant’s calendar' }) runsOutOn!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: when the refill reminder falls due' }) refillDueOn!: string | null;
  @Field({ description: 'none, pending, reminded, superseded or cancelled' }) refillStatus!: string;
}

@ObjectType('PharmacyFollowUpTask', { description: '药师随访: a pharmacist’s follow-up with a member' })
export class FollowUpTaskGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field({ description: 'refill (from a refill falling due) or follow-up (made by staff)' }) kind!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueOn!: string;
  @Field() note!: string;
  @Field({ description: 'open or done' }) status!: string;
  @Field(() => String, { nullable: true }) outcome!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
