import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';

@ObjectType('LedgerAccount', { description: 'A double-entry account; amounts in points or 分' })
export class LedgerAccountGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field({ description: 'POINTS or CNY' }) asset!: string;
  @Field() code!: string;
  @Field() ownerType!: string;
  @Field(() => ID) ownerId!: string;
  @Field(() => GraphQLSafeInt) debitsPending!: number;
  @Field(() => GraphQLSafeInt) debitsPosted!: number;
  @Field(() => GraphQLSafeInt) creditsPending!: number;
  @Field(() => GraphQLSafeInt) creditsPosted!: number;
  @Field(() => GraphQLSafeInt, { description: 'credits posted − debits posted − debits pending' }) available!: number;
}

@ObjectType('LedgerTransfer')
export class LedgerTransferGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) merchantId!: string | null;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field(() => ID, { nullable: true }) memberId!: string | null;
  @Field() asset!: string;
  @Field(() => ID) debitAccountId!: string;
  @Field(() => ID) creditAccountId!: string;
  @Field(() => GraphQLSafeInt) amount!: number;
  @Field() kind!: string;
  @Field() phase!: string;
  @Field(() => ID, { nullable: true }) pendingId!: string | null;
  @Field(() => String, { nullable: true }) pendingStatus!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('LedgerAccountPage')
export class LedgerAccountPageGql {
  @Field(() => [LedgerAccountGql]) items!: LedgerAccountGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('LedgerTransferPage')
export class LedgerTransferPageGql {
  @Field(() => [LedgerTransferGql]) items!: LedgerTransferGql[];
  @Field(() => Int) total!: number;
}
