import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { formatPricePerPoint } from '../../domain/clearing-terms';
import type { ContractTermsView } from '../../application/queries/clearing.queries';

export enum ParticipantKindGql {
  merchant = 'merchant',
  store = 'store',
}
registerEnumType(ParticipantKindGql, { name: 'ClearingParticipantKind', description: "merchant: an alliance's merchants; store: a franchise chain's stores (HQ operates)" });

export enum ClearingScheduleGql {
  daily = 'daily',
  weekly = 'weekly',
  monthly = 'monthly',
}
registerEnumType(ClearingScheduleGql, { name: 'ClearingSchedule' });

export enum ActivityKindGql {
  ISSUED = 'ISSUED',
  REVERSED = 'REVERSED',
  REDEEMED = 'REDEEMED',
  REDEMPTION_REVERSED = 'REDEMPTION_REVERSED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ActivityKindGql, { name: 'ClearingActivityKind' });

@ObjectType('ClearingScheme', { description: '清算方案: who settles points with whom, on what schedule' })
export class ClearingSchemeGql {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ParticipantKindGql) participantKind!: ParticipantKindGql;
  @Field(() => ID, { nullable: true, description: 'The HQ merchant of a franchise scheme' }) operatorMerchantId!: string | null;
  @Field() operatorName!: string;
  @Field() timeZone!: string;
  @Field(() => ClearingScheduleGql, { nullable: true }) schedule!: ClearingScheduleGql | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('ContractTerms', { description: "A participant's contract terms from a date on" })
export class ContractTermsGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) schemeId!: string;
  @Field(() => ID) participantId!: string;
  @Field(() => GraphQLISODateTime) effectiveFrom!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) effectiveTo!: Date | null;
  @Field({ description: '分 the participant pays per point it issues (up to 4 decimals)' }) issuePricePerPoint!: string;
  @Field({ description: '分 the participant is reimbursed per point redeemed at it' }) redemptionRatePerPoint!: string;
  @Field(() => Int, { description: "Operator's commission on reimbursements, basis points" }) commissionBps!: number;
  @Field(() => Int, { description: "Issuer's share of the value of its expired points, basis points" }) breakageShareBps!: number;
  @Field(() => Int) ownPointsPerUnit!: number;
  @Field(() => Int) alliancePointsPerUnit!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;

  static from(view: ContractTermsView): ContractTermsGql {
    return {
      ...view,
      issuePricePerPoint: formatPricePerPoint(view.issuePriceE4),
      redemptionRatePerPoint: formatPricePerPoint(view.redemptionRateE4),
    };
  }
}

@ObjectType('ClearingLine')
export class ClearingLineGql {
  @Field({ description: 'ISSUANCE, ISSUANCE_REVERSAL, REDEMPTION, REDEMPTION_REVERSAL, COMMISSION or BREAKAGE' }) item!: string;
  @Field({ description: 'Activity of an earlier, closed period that arrived late' }) adjustment!: boolean;
  @Field(() => GraphQLSafeInt) points!: number;
  @Field(() => GraphQLSafeInt, { description: '分; positive is owed to the party' }) amountFen!: number;
}

@ObjectType('ClearingPosition', { description: "A party's net position in a run; the operator's has no participantId" })
export class ClearingPositionGql {
  @Field(() => ID, { nullable: true }) participantId!: string | null;
  @Field() participantName!: string;
  @Field(() => GraphQLSafeInt) pointsIssued!: number;
  @Field(() => GraphQLSafeInt) pointsReversed!: number;
  @Field(() => GraphQLSafeInt, { description: 'Redeemed at it, less the redemptions refunds gave back' }) pointsRedeemed!: number;
  @Field(() => GraphQLSafeInt) pointsExpired!: number;
  @Field(() => GraphQLSafeInt, { description: '分; positive: the party receives' }) netFen!: number;
  @Field(() => [ClearingLineGql]) lines!: ClearingLineGql[];
}

@ObjectType('ClearingRun', { description: 'A closed period cleared: immutable' })
export class ClearingRunGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) schemeId!: string;
  @Field(() => GraphQLISODateTime) periodStart!: Date;
  @Field(() => GraphQLISODateTime) periodEnd!: Date;
  @Field() trigger!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => [ClearingPositionGql]) positions!: ClearingPositionGql[];
  @Field(() => GraphQLSafeInt, { description: 'Sum of the visible nets: zero for an operator' }) totalFen!: number;
}

@ObjectType('ParticipantActivity')
export class ParticipantActivityGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) participantId!: string;
  @Field(() => ActivityKindGql) kind!: ActivityKindGql;
  @Field(() => GraphQLSafeInt, { description: 'Alliance points cleared' }) points!: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'As reported in the participant’s own currency' }) ownPoints!: number | null;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field() reference!: string;
}

@InputType()
export class CreateClearingSchemeInput {
  @Field() name!: string;
  @Field(() => ParticipantKindGql) participantKind!: ParticipantKindGql;
  @Field() operatorName!: string;
  @Field({ nullable: true, description: 'IANA zone for period cut-offs; default Asia/Shanghai' }) timeZone?: string;
  @Field(() => ClearingScheduleGql, { nullable: true }) schedule?: ClearingScheduleGql;
}

@InputType()
export class SetContractTermsInput {
  @Field(() => ID) schemeId!: string;
  @Field(() => ID) participantId!: string;
  @Field({ description: 'Local date (YYYY-MM-DD) in the scheme zone' }) effectiveFrom!: string;
  @Field({ nullable: true }) effectiveTo?: string;
  @Field({ description: '分 per point, up to 4 decimals, e.g. "0.5"' }) issuePricePerPoint!: string;
  @Field({ description: '分 per point, up to 4 decimals' }) redemptionRatePerPoint!: string;
  @Field(() => Int) commissionBps!: number;
  @Field(() => Int) breakageShareBps!: number;
  @Field(() => Int, { nullable: true, description: "Exchange: this many of the participant's own points…" }) ownPointsPerUnit?: number;
  @Field(() => Int, { nullable: true, description: '…are worth this many alliance points' }) alliancePointsPerUnit?: number;
}

@InputType()
export class RecordParticipantActivityInput {
  @Field(() => ID) schemeId!: string;
  @Field(() => ID) participantId!: string;
  @Field(() => ActivityKindGql) kind!: ActivityKindGql;
  @Field(() => GraphQLSafeInt) points!: number;
  @Field({ nullable: true, description: "Points in the participant's own currency" }) ownCurrency?: boolean;
  @Field() occurredAt!: string;
  @Field() reference!: string;
}

@InputType()
export class RunClearingInput {
  @Field(() => ID) schemeId!: string;
  @Field({ description: 'Local date (YYYY-MM-DD), inclusive' }) periodStart!: string;
  @Field({ description: 'Local date (YYYY-MM-DD), exclusive' }) periodEnd!: string;
}
