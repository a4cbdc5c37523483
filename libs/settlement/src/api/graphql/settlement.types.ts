import { Field, GraphQLISODateTime, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';

export enum StatementStatusGql {
  draft = 'draft',
  issued = 'issued',
  partially_paid = 'partially_paid',
  paid = 'paid',
  reconciled = 'reconciled',
  disputed = 'disputed',
}
registerEnumType(StatementStatusGql, { name: 'StatementStatus', description: 'draft → issued → partially_paid / paid → reconciled, or disputed' });

export enum PaymentSourceGql {
  manual = 'manual',
  api = 'api',
}
registerEnumType(PaymentSourceGql, { name: 'PaymentSource' });

@ObjectType('StatementLine', { description: 'A line of the clearing run, as the statement shows it' })
export class StatementLineGql {
  @Field() item!: string;
  @Field({ description: 'From an earlier, closed period that arrived late' }) adjustment!: boolean;
  @Field(() => GraphQLSafeInt) points!: number;
  @Field(() => GraphQLSafeInt, { description: '分; positive is owed to the party' }) amountFen!: number;
}

@ObjectType('PaymentInstruction', { description: 'Who pays whom how much for one statement, netted over the period' })
export class PaymentInstructionGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) statementId!: string;
  @Field() payerName!: string;
  @Field() payeeName!: string;
  @Field({ description: 'True: the participant pays the operator' }) partyPays!: boolean;
  @Field(() => GraphQLSafeInt) amountFen!: number;
  @Field(() => GraphQLSafeInt) confirmedFen!: number;
  @Field(() => GraphQLSafeInt) outstandingFen!: number;
}

@ObjectType('Dispute')
export class DisputeGql {
  @Field(() => ID) id!: string;
  @Field() reason!: string;
  @Field(() => GraphQLSafeInt, { nullable: true }) amountFen!: number | null;
  @Field() status!: string;
  @Field() raisedBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt!: Date | null;
}

@ObjectType('SettlementStatement', { description: "结算单: one party's statement for a clearing run" })
export class StatementGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) runId!: string;
  @Field(() => ID) schemeId!: string;
  @Field() schemeName!: string;
  @Field(() => ID, { nullable: true, description: "Null on the operator's statement" }) partyId!: string | null;
  @Field() partyName!: string;
  @Field(() => GraphQLISODateTime) periodStart!: Date;
  @Field(() => GraphQLISODateTime) periodEnd!: Date;
  @Field() timeZone!: string;
  @Field(() => GraphQLSafeInt, { description: '分; positive: the party receives' }) netFen!: number;
  @Field(() => [StatementLineGql]) lines!: StatementLineGql[];
  @Field(() => StatementStatusGql) status!: StatementStatusGql;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) issuedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) reconciledAt!: Date | null;
}

@ObjectType('SettlementStatementDetail')
export class StatementDetailGql extends StatementGql {
  @Field(() => PaymentInstructionGql, { nullable: true }) instruction!: PaymentInstructionGql | null;
  @Field(() => [DisputeGql]) disputes!: DisputeGql[];
}

@ObjectType('PaymentConfirmation')
export class PaymentConfirmationGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) instructionId!: string;
  @Field(() => GraphQLSafeInt) amountFen!: number;
  @Field() reference!: string;
  @Field(() => GraphQLISODateTime) paidAt!: Date;
  @Field() source!: string;
  @Field() confirmedBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('ReconciliationLine', { description: '对账: owed against confirmed for one statement' })
export class ReconciliationLineGql {
  @Field(() => ID) statementId!: string;
  @Field() partyName!: string;
  @Field(() => StatementStatusGql) status!: StatementStatusGql;
  @Field(() => GraphQLSafeInt) owedFen!: number;
  @Field(() => GraphQLSafeInt) confirmedFen!: number;
  @Field(() => GraphQLSafeInt) outstandingFen!: number;
  @Field(() => GraphQLSafeInt, { nullable: true }) disputedFen!: number | null;
  @Field() openDispute!: boolean;
}

@InputType()
export class ConfirmPaymentInput {
  @Field(() => ID) instructionId!: string;
  @Field(() => GraphQLSafeInt) amountFen!: number;
  @Field({ description: 'Bank or payer reference; the same one twice is one confirmation' }) reference!: string;
  @Field({ description: 'ISO date-time with offset' }) paidAt!: string;
  @Field(() => PaymentSourceGql, { nullable: true }) source?: PaymentSourceGql;
}

@InputType()
export class DisputeStatementInput {
  @Field(() => ID) statementId!: string;
  @Field() reason!: string;
  @Field(() => GraphQLSafeInt, { nullable: true }) amountFen?: number;
}

@InputType()
export class ResolveDisputeInput {
  @Field(() => ID) disputeId!: string;
  @Field() resolution!: string;
}
