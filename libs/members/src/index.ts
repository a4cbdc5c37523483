import { MemberSchema } from './domain/member.entity';
import { MemberExternalRefSchema } from './domain/member-external-ref.entity';

export const memberEntities = [MemberSchema, MemberExternalRefSchema];
export { MembersModule } from './members.module';
export { MAX_NUMBERS_PER_PHONE, MemberDirectory, type MemberRef } from './contracts/member-directory';
export { MemberCriteria, type MemberCriterion, type MemberCondition } from './contracts/member-criteria';
export { type MemberView, toMemberView } from './application/member-view';
export { MemberGql } from './api/graphql/members.types';
export { MemberSchema, type Member } from './domain/member.entity';
export { RegisterMemberCommand } from './application/commands/register-member.command';
export { UpdateMemberProfileCommand } from './application/commands/update-member-profile.command';
