import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { LevelEngine, type MemberLevelState } from '../level-engine';
import { changeMemberLevelInput } from '../programme-inputs';

export class ChangeMemberLevelCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 手动调整等级: staff set a member's level, up or down, with a reason kept in the history. */
@CommandHandler(ChangeMemberLevelCommand)
export class ChangeMemberLevelHandler implements ICommandHandler<ChangeMemberLevelCommand, MemberLevelState> {
  constructor(
    private readonly db: Db,
    private readonly levels: LevelEngine,
    private readonly members: MemberDirectory,
  ) {}

  async execute({ ctx, input }: ChangeMemberLevelCommand): Promise<MemberLevelState> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF');
    const data = parseInput(changeMemberLevelInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId: data.memberId });
      const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, ctx.merchantId ?? data.merchantId ?? null);
      if (!scheme) throw notFound('LEVEL_SCHEME_NOT_FOUND', 'No level scheme is configured here');
      const rank = scheme.levels.findIndex((l) => l.code === data.levelCode);
      if (rank < 0) throw unprocessable('LEVEL_NOT_FOUND', `The scheme has no level ${data.levelCode}`);
      const current = await this.levels.levelsOf(tx, scheme, [data.memberId], true);
      const now = new Date();
      await this.levels.apply(tx, ctx, scheme, current, [{ memberId: data.memberId, toRank: rank, reason: 'MANUAL', note: data.reason }], now);
      return (await this.levels.levelsOf(tx, scheme, [data.memberId])).get(data.memberId)!;
    });
  }
}
