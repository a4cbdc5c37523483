import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, type RequestContext, RequestBatches } from '@loyalty/shared';
import { CreateAllianceCommand } from '../../application/commands/create-alliance.command';
import { CreateMerchantCommand } from '../../application/commands/create-merchant.command';
import { CreateStaffCommand } from '../../application/commands/create-staff.command';
import { CreateStoreCommand } from '../../application/commands/create-store.command';
import { IssuePosApiKeyCommand } from '../../application/commands/issue-pos-api-key.command';
import { LoginCommand } from '../../application/commands/login.command';
import { RevokePosApiKeyCommand } from '../../application/commands/revoke-pos-api-key.command';
import { UpdateMerchantSettingsCommand } from '../../application/commands/update-merchant-settings.command';
import {
  GetStaffQuery,
  ListAlliancesQuery,
  ListEarnRuleVersionsQuery,
  GetMerchantQuery,
  ListMerchantsQuery,
  ListPosApiKeysQuery,
  ListStaffQuery,
  ListStoresQuery,
} from '../../application/queries/tenancy.queries';
import { Ctx, Public, StaffAuthGuard } from '../../auth/guards';
import {
  AllianceGql,
  AuthPayloadGql,
  CreateAllianceInput,
  CreateMerchantInput,
  CreateStaffInput,
  CreateStoreInput,
  EarnRuleVersionGql,
  IssuedPosApiKeyGql,
  MerchantGql,
  MerchantSettingsInput,
  PosApiKeyGql,
  StaffGql,
  StoreGql,
} from './tenancy.types';

@Resolver()
@UseGuards(StaffAuthGuard)
export class TenancyResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadGql, { description: 'Staff login; returns a bearer token' })
  login(@Args('email') email: string, @Args('password') password: string) {
    return this.commands.execute(new LoginCommand(email, password));
  }

  @Query(() => StaffGql, { description: 'The logged-in staff account' })
  me(@Ctx() ctx: RequestContext) {
    return this.queries.execute(new GetStaffQuery(ctx));
  }

  @Query(() => [AllianceGql])
  alliances(@Ctx() ctx: RequestContext) {
    return this.queries.execute(new ListAlliancesQuery(ctx));
  }

  @Query(() => [MerchantGql])
  merchants(@Ctx() ctx: RequestContext) {
    return this.queries.execute(new ListMerchantsQuery(ctx));
  }

  @Query(() => MerchantGql, { nullable: true, description: 'One merchant; null when it is not yours to see' })
  merchant(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string) {
    return this.queries.execute(new GetMerchantQuery(ctx, id));
  }

  @Query(() => [StoreGql])
  stores(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID, nullable: true }) merchantId?: string) {
    return this.queries.execute(new ListStoresQuery(ctx, merchantId));
  }

  @Query(() => [StaffGql])
  staff(@Ctx() ctx: RequestContext) {
    return this.queries.execute(new ListStaffQuery(ctx));
  }

  @Query(() => [PosApiKeyGql])
  posApiKeys(@Ctx() ctx: RequestContext, @Args('storeId', { type: () => GraphQLUUID, nullable: true }) storeId?: string) {
    return this.queries.execute(new ListPosApiKeysQuery(ctx, storeId));
  }

  @Mutation(() => AllianceGql)
  createAlliance(@Ctx() ctx: RequestContext, @Args('input') input: CreateAllianceInput) {
    return this.commands.execute(new CreateAllianceCommand(ctx, input));
  }

  @Mutation(() => MerchantGql)
  createMerchant(@Ctx() ctx: RequestContext, @Args('input') input: CreateMerchantInput) {
    return this.commands.execute(new CreateMerchantCommand(ctx, input));
  }

  @Mutation(() => MerchantGql)
  updateMerchantSettings(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', { type: () => GraphQLUUID }) merchantId: string,
    @Args('settings') settings: MerchantSettingsInput,
    @Args('effectiveFrom', {
      type: () => String,
      nullable: true,
      description: 'When the change takes effect (ISO date-time): now by default; earlier for history still to import, never before the latest change',
    })
    effectiveFrom?: string,
  ) {
    return this.commands.execute(new UpdateMerchantSettingsCommand(ctx, { merchantId, settings, effectiveFrom: effectiveFrom ?? undefined }));
  }

  @Mutation(() => StoreGql)
  createStore(@Ctx() ctx: RequestContext, @Args('input') input: CreateStoreInput) {
    return this.commands.execute(new CreateStoreCommand(ctx, input));
  }

  @Mutation(() => StaffGql)
  createStaff(@Ctx() ctx: RequestContext, @Args('input') input: CreateStaffInput) {
    return this.commands.execute(new CreateStaffCommand(ctx, input));
  }

  @Mutation(() => IssuedPosApiKeyGql, { description: 'Creates a POS key for a store; the key is shown once' })
  issuePosApiKey(
    @Ctx() ctx: RequestContext,
    @Args('storeId', { type: () => GraphQLUUID }) storeId: string,
    @Args('name', { nullable: true }) name?: string,
  ) {
    return this.commands.execute(new IssuePosApiKeyCommand(ctx, { storeId, name: name ?? undefined }));
  }

  @Mutation(() => PosApiKeyGql)
  revokePosApiKey(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string) {
    return this.commands.execute(new RevokePosApiKeyCommand(ctx, id));
  }
}

/** Fields of merchants, which only the guarded queries and mutations above return. */
@Resolver(() => MerchantGql)
export class MerchantFieldsResolver {
  private readonly histories = new RequestBatches<EarnRuleVersionGql[]>();

  constructor(private readonly queries: QueryBus) {}

  @ResolveField(() => [EarnRuleVersionGql], { description: 'The earn rule over time, oldest first (for a list of merchants, read in one query)' })
  async earnRuleHistory(@Ctx() ctx: RequestContext, @Parent() merchant: { id: string }, @Context() context: { req: object }) {
    const history = await this.histories.get(context.req, 'earnRuleHistory', merchant.id, (merchantIds) => this.queries.execute(new ListEarnRuleVersionsQuery(ctx, merchantIds)));
    return history ?? [];
  }
}
