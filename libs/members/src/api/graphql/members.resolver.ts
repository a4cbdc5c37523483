import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { WriteOutcome } from '@loyalty/database';
import { checkedPage, type RequestContext } from '@loyalty/shared';
import { Ctx, requireRole, StaffAuthGuard } from '@loyalty/tenancy';
import { RegisterMemberCommand } from '../../application/commands/register-member.command';
import type { MemberView } from '../../application/member-view';
import { ListMembersQuery } from '../../application/queries/list-members.query';
import { MemberGql, MemberListArgs, MemberPageGql, RegisterMemberInputGql } from './members.types';

@Resolver(() => MemberGql)
@UseGuards(StaffAuthGuard)
export class MembersResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => MemberPageGql, { description: 'Members the caller may see, newest first' })
  members(@Ctx() ctx: RequestContext, @Args() args: MemberListArgs) {
    const { offset, limit } = checkedPage(args);
    return this.queries.execute(new ListMembersQuery(ctx, args.filter ?? {}, offset, limit));
  }

  @Mutation(() => MemberGql, { description: 'Registers a member for the caller’s merchant, or returns the existing one' })
  async registerMember(@Ctx() ctx: RequestContext, @Args('input') input: RegisterMemberInputGql) {
    requireRole(ctx, 'MERCHANT_ADMIN', 'STORE_STAFF');
    const outcome: WriteOutcome<MemberView> = await this.commands.execute(new RegisterMemberCommand(ctx, { ...input }));
    return { ...outcome.body, registeredAt: new Date(outcome.body.registeredAt) };
  }
}
