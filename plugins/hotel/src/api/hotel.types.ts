import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/plugin-sdk';

@ObjectType('HotelStay', { description: '住宿: a stay at the hotel, from booking to check-out, cancellation or no-show, with the benefits its level gave it' })
export class HotelStayGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID) storeId!: string;
  @Field({ description: '预订号: the till’s number of the stay' }) reservationNo!: string;
  @Field() roomType!: string;
  @Field(() => String, { nullable: true }) roomNo!: string | null;
  @Field({ description: 'YYYY-MM-DD, merchant’s calendar' }) arrivalOn!: string;
  @Field({ description: 'YYYY-MM-DD, merchant’s calendar' }) departureOn!: string;
  @Field(() => Int) bookedNights!: number;
  @Field(() => GraphQLSafeInt, { description: '分 a night' }) nightlyRateFen!: number;
  @Field({ description: 'booked, checked_in, checked_out, cancelled or no_show' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The member’s level at check-in, whose benefits the stay has' }) levelCode!: string | null;
  @Field(() => String, { nullable: true, description: '延迟退房: may check out until (HH:MM); null: the standard time' }) lateCheckoutUntil!: string | null;
  @Field({ description: '升房: upgraded to a better room when one is free' }) roomUpgrade!: boolean;
  @Field(() => Int, { description: '早餐: breakfasts included a night' }) breakfastsPerNight!: number;
  @Field(() => Int, { nullable: true, description: 'Nights stayed, once checked out' }) nights!: number | null;
  @Field(() => GraphQLSafeInt, { nullable: true, description: '账单 settled at check-out, 分' }) folioFen!: number | null;
  @Field(() => GraphQLSafeInt, { description: 'Points the stay holds: pre-earned or earned, 0 once reversed' }) points!: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Cancellation or no-show fee kept, 分' }) feeFen!: number | null;
  @Field(() => GraphQLISODateTime) bookedAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) checkedInAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) checkedOutAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) endedAt!: Date | null;
}

@ObjectType('HotelStayTotals', { description: 'What the hotel’s level rules count of a member here: stays checked out and their nights (voided ones not)' })
export class HotelStayTotalsGql {
  @Field(() => Int, { description: '入住次数' }) stays!: number;
  @Field(() => Int, { description: '入住晚数' }) nights!: number;
}
