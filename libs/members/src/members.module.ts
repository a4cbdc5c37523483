import { Module } from '@nestjs/common';
import { TenancyModule } from '@loyalty/tenancy';
import { RegisterMemberHandler } from './application/commands/register-member.command';
import { UpdateMemberProfileHandler } from './application/commands/update-member-profile.command';
import { ListMembersHandler } from './application/queries/list-members.query';
import { MembersResolver } from './api/graphql/members.resolver';
import { MembersPosController } from './api/pos/members.controller';
import { MemberCriteria } from './contracts/member-criteria';
import { MemberDirectory } from './contracts/member-directory';

/** Member identity: registration by phone, profile corrections, look-up, the merchant's external ids. */
@Module({
  imports: [TenancyModule],
  controllers: [MembersPosController],
  providers: [RegisterMemberHandler, UpdateMemberProfileHandler, ListMembersHandler, MembersResolver, MemberDirectory, MemberCriteria],
  exports: [MemberDirectory, MemberCriteria],
})
export class MembersModule {}
