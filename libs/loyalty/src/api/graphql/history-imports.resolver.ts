import { UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { GetHistoryImportQuery, type HistoryImportView, ListHistoryImportsQuery } from '../../application/queries/history-imports.query';

@ObjectType('HistoryImportSkipped', { description: 'Rows not imported, by reason' })
class HistoryImportSkippedGql {
  @Field(() => Int, { description: 'No customer number (a walk-in sale)' }) walkIn!: number;
  @Field(() => Int, { description: 'Unit price zero or below' }) priceNotPositive!: number;
  @Field(() => Int) malformed!: number;
}

@ObjectType('HistoryImportRefusal', { description: 'Invoices the POS use cases refused, by code' })
class HistoryImportRefusalGql {
  @Field() code!: string;
  @Field(() => Int) invoices!: number;
}

@ObjectType('HistoryImportError', { description: 'A problem at a line of the file' })
class HistoryImportErrorGql {
  @Field(() => Int) line!: number;
  @Field() code!: string;
  @Field() message!: string;
}

@ObjectType('HistoryImport', { description: '历史导入: a store’s POS history uploaded for import, with its progress' })
export class HistoryImportGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => ID) storeId!: string;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => String, { nullable: true, description: 'The encoding the file was read in: utf-8, gb18030 (GBK), …' }) encoding!: string | null;
  @Field({ description: 'running, succeeded or failed' }) status!: string;
  @Field({ description: 'reading, invoices or done' }) phase!: string;
  @Field(() => Int, { description: 'Rows of the file after its header' }) rowsTotal!: number;
  @Field(() => Int, { description: 'Rows the import has read' }) rowsRead!: number;
  @Field(() => Int, { description: 'Invoices in the file (a purchase or a return each)' }) invoicesTotal!: number;
  @Field(() => Int) invoicesDone!: number;
  @Field(() => Int) purchases!: number;
  @Field(() => Int) returns!: number;
  @Field(() => Int) membersCreated!: number;
  @Field(() => Int, { description: 'Customers linked to a member already there with their phone (registered at a till, at another merchant of the alliance, or by another customer number of the file)' })
  membersMatched!: number;
  @Field(() => Int, { description: 'Invoices an earlier import brought in already' }) alreadyImported!: number;
  @Field(() => HistoryImportSkippedGql) skipped!: HistoryImportSkippedGql;
  @Field(() => [HistoryImportRefusalGql]) refused!: HistoryImportRefusalGql[];
  @Field(() => [HistoryImportErrorGql], { description: 'The first 100 problems, by line' }) errors!: HistoryImportErrorGql[];
  @Field(() => String, { nullable: true, description: 'Why it failed (e.g. IMPORT_INTERRUPTED), or IMPORT_STALLED while it runs without progress' }) errorCode!: string | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  @Field() createdBy!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
}

/** History imports started with `POST /api/import/v1/history`, and their progress. */
@Resolver()
@UseGuards(StaffAuthGuard)
export class HistoryImportsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => HistoryImportGql, { description: 'A history import with its progress' })
  historyImport(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string): Promise<HistoryImportView> {
    return this.queries.execute(new GetHistoryImportQuery(ctx, id));
  }

  @Query(() => [HistoryImportGql], { description: 'The latest history imports, newest first' })
  historyImports(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: 'Operator: one merchant' }) merchantId?: string,
    @Args('limit', { type: () => Int, defaultValue: 20, description: 'At most 200' }) limit?: number,
  ): Promise<HistoryImportView[]> {
    return this.queries.execute(new ListHistoryImportsQuery(ctx, { merchantId, limit }));
  }
}
