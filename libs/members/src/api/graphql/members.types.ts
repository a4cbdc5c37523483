import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLUUID } from '@loyalty/shared';

@ObjectType('Member', { description: '会员: one identity per phone within an alliance or standalone merchant' })
export class MemberGql {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'Null for members imported without one' }) phone!: string | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field() gender!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthday!: string | null;
  @Field(() => ID) registeredMerchantId!: string;
  @Field(() => ID, { nullable: true }) registeredStoreId!: string | null;
  @Field(() => GraphQLISODateTime) registeredAt!: Date;
}

@ObjectType('MemberPage')
export class MemberPageGql {
  @Field(() => [MemberGql]) items!: MemberGql[];
  @Field(() => Int) total!: number;
}

@InputType('MemberFilter')
export class MemberFilterInput {
  @Field({ nullable: true, description: 'Phone number prefix' }) phone?: string;
  @Field({ nullable: true, description: 'Part of the name' }) name?: string;
  @Field(() => GraphQLUUID, { nullable: true }) merchantId?: string;
  @Field(() => GraphQLUUID, { nullable: true }) storeId?: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) registeredFrom?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) registeredTo?: Date;
  @Field(() => GraphQLUUID, { nullable: true, description: 'Carries this tag' }) tagId?: string;
  @Field({ nullable: true, description: "At this level of the caller's level scheme" }) levelCode?: string;
  @Field({ nullable: true, description: "In this RFM group (RfmGroup) of the caller's scope" }) rfmGroup?: string;
}

@InputType('RegisterMemberInput')
export class RegisterMemberInputGql {
  @Field() phone!: string;
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true, description: 'male, female or unknown' }) gender?: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD' }) birthday?: string;
  @Field({ nullable: true, description: "The merchant's own customer number" }) externalId?: string;
}

@InputType('UpdateMemberProfileInput', { description: 'The fields given are set; a null clears a name or a birthday' })
export class UpdateMemberProfileInputGql {
  @Field(() => GraphQLUUID) memberId!: string;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field({ nullable: true, description: 'male, female or unknown (not null: unknown clears it)' }) gender?: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) birthday?: string | null;
}

@ArgsType()
export class MemberListArgs {
  @Field(() => MemberFilterInput, { nullable: true }) filter?: MemberFilterInput;
  @Field(() => Int, { defaultValue: 0 }) offset!: number;
  @Field(() => Int, { defaultValue: 50, description: 'At most 200' }) limit!: number;
}
