import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/plugin-sdk';

@ObjectType('FuelVehicle', { description: '车辆: a member’s vehicle by plate (the till finds the member by it)' })
export class FuelVehicleGql {
  @Field({ description: 'Normalised: 粤BD12345' }) plate!: string;
  @Field({ description: '新能源 (8-character green plate)' }) newEnergy!: boolean;
  @Field(() => ID) memberId!: string;
  @Field(() => GraphQLISODateTime) registeredAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The fleet (车队) it is charged to at this station' }) fleetId!: string | null;
  @Field(() => String, { nullable: true }) fleetName!: string | null;
}

@ObjectType('FuelFleetVehicle', { description: '车队车辆: a vehicle charged to a fleet, with its limits (null: none)' })
export class FuelFleetVehicleGql {
  @Field() plate!: string;
  @Field(() => GraphQLSafeInt, { nullable: true, description: '分 a local day' }) dailyLimitFen!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: '分 a calendar month' }) monthlyLimitFen!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'mL (g of LNG, L of CNG) a local day' }) dailyLimitMilli!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'mL (g of LNG, L of CNG) a calendar month' }) monthlyLimitMilli!: number | null;
  @Field({ description: 'false once removed from the fleet' }) active!: boolean;
}

@ObjectType('FuelFleet', { description: '车队: one company, many vehicles, paying from the stored value of its account member' })
export class FuelFleetGql {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID, { description: 'The company’s member: its stored value is the fleet’s shared balance' }) accountMemberId!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => [FuelFleetVehicleGql]) vehicles!: FuelFleetVehicleGql[];
}

@InputType('FuelVehicleLimitsInput', { description: 'A fleet vehicle’s limits; a limit left out or null does not apply' })
export class FuelVehicleLimitsInputGql {
  @Field(() => GraphQLSafeInt, { nullable: true }) dailyLimitFen?: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) monthlyLimitFen?: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) dailyLimitMilli?: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true }) monthlyLimitMilli?: number | null;
}
