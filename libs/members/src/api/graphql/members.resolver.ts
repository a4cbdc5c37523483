import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { WriteOutcome } from '@loyalty/database';
import { checkedPage, type RequestContext } from '@loyalty/shared';
import { Ctx, requireRole, StaffAuthGuard } from '@loyalty/tenancy';
import { RegisterMemberCommand } from '../../application/commands/register-member.command';
import { UpdateMemberProfileCommand } from '../../application/commands/update-member-profile.command';
import type { MemberView } from '../../application/member-view';
import { ListMembersQuery } from '../../application/queries/list-members.query';
import { MemberGql, MemberListArgs, MemberPageGql, RegisterMemberInputGql, UpdateMemberProfileInputGql } from './members.types';

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
    return this.member(await this.commands.execute(new RegisterMemberCommand(ctx, { ...input })));
  }

  @Mutation(() => MemberGql, { description: 'Corrects a member’s name, gender or birthday (完善资料)' })
  async updateMemberProfile(@Ctx() ctx: RequestContext, @Args('input') input: UpdateMemberProfileInputGql) {
    requireRole(ctx, 'MERCHANT_ADMIN', 'STORE_STAFF');
    return this.member(await this.commands.execute(new UpdateMemberProfileCommand(ctx, { ...input })));
  }

  private member(outcome: WriteOutcome<MemberView>) {
    return { ...outcome.body, registeredAt: new Date(outcome.body.registeredAt) };
  }
}
