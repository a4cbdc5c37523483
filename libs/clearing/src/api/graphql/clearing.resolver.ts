import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CreateClearingSchemeCommand } from '../../application/commands/create-clearing-scheme.command';
import { RecordParticipantActivityCommand } from '../../application/commands/record-participant-activity.command';
import { RunClearingCommand } from '../../application/commands/run-clearing.command';
import { SetClearingScheduleCommand } from '../../application/commands/set-clearing-schedule.command';
import { SetContractTermsCommand } from '../../application/commands/set-contract-terms.command';
import {
  type ContractTermsView,
  GetClearingRunQuery,
  ListClearingRunsQuery,
  ListClearingSchemesQuery,
  ListContractTermsQuery,
} from '../../application/queries/clearing.queries';
import {
  ClearingRunGql,
  ClearingScheduleGql,
  ClearingSchemeGql,
  ContractTermsGql,
  CreateClearingSchemeInput,
  ParticipantActivityGql,
  RecordParticipantActivityInput,
  RunClearingInput,
  SetContractTermsInput,
} from './clearing.types';

@Resolver()
@UseGuards(StaffAuthGuard)
export class ClearingResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => [ClearingSchemeGql])
  clearingSchemes(@Ctx() ctx: RequestContext) {
    return this.queries.execute(new ListClearingSchemesQuery(ctx));
  }

  @Query(() => [ContractTermsGql])
  async contractTerms(@Ctx() ctx: RequestContext, @Args('schemeId', { type: () => GraphQLUUID }) schemeId: string) {
    const terms: ContractTermsView[] = await this.queries.execute(new ListContractTermsQuery(ctx, schemeId));
    return terms.map(ContractTermsGql.from);
  }

  @Query(() => [ClearingRunGql], { description: 'Runs of a scheme, latest period first' })
  clearingRuns(@Ctx() ctx: RequestContext, @Args('schemeId', { type: () => GraphQLUUID }) schemeId: string, @Args() page: PageArgs) {
    return this.queries.execute(new ListClearingRunsQuery(ctx, schemeId, page));
  }

  @Query(() => ClearingRunGql)
  clearingRun(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string) {
    return this.queries.execute(new GetClearingRunQuery(ctx, id));
  }

  @Mutation(() => ClearingSchemeGql)
  createClearingScheme(@Ctx() ctx: RequestContext, @Args('input') input: CreateClearingSchemeInput) {
    return this.commands.execute(new CreateClearingSchemeCommand(ctx, input));
  }

  @Mutation(() => ClearingSchemeGql, { description: 'Scheduled runs daily, weekly or monthly; no schedule: on demand only' })
  setClearingSchedule(
    @Ctx() ctx: RequestContext,
    @Args('schemeId', { type: () => GraphQLUUID }) schemeId: string,
    @Args('schedule', { type: () => ClearingScheduleGql, nullable: true }) schedule?: ClearingScheduleGql,
  ) {
    return this.commands.execute(new SetClearingScheduleCommand(ctx, { schemeId, schedule }));
  }

  @Mutation(() => ContractTermsGql)
  async setContractTerms(@Ctx() ctx: RequestContext, @Args('input') input: SetContractTermsInput) {
    return ContractTermsGql.from(await this.commands.execute(new SetContractTermsCommand(ctx, input)));
  }

  @Mutation(() => ParticipantActivityGql, { description: "Activity a participant reports from its own system; the same reference twice is recorded once" })
  recordParticipantActivity(@Ctx() ctx: RequestContext, @Args('input') input: RecordParticipantActivityInput) {
    return this.commands.execute(new RecordParticipantActivityCommand(ctx, input));
  }

  @Mutation(() => ClearingRunGql, { description: 'Clears a closed period now; the same period again returns the same run' })
  runClearing(@Ctx() ctx: RequestContext, @Args('input') input: RunClearingInput) {
    return this.commands.execute(new RunClearingCommand(ctx, input));
  }
}
