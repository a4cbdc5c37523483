import { GrowthAwardSchema } from './domain/growth-award.entity';
import { LevelSchemeSchema } from './domain/level-scheme.entity';
import { MemberLevelChangeSchema } from './domain/member-level-change.entity';
import { MemberLevelSchema } from './domain/member-level.entity';
import { QualifyingSpendSchema } from './domain/qualifying-spend.entity';

export const programmeEntities = [LevelSchemeSchema, MemberLevelSchema, MemberLevelChangeSchema, QualifyingSpendSchema, GrowthAwardSchema];
export { ProgrammeModule } from './programme.module';
export { LevelReviewScheduler } from './application/level-review.scheduler';
export { EXAMPLE_LEVEL_SCHEME, type LevelSchemeInput } from './domain/level-rules';
