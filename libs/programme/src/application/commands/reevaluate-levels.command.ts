import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, type RequestContext, uuidSchema, parseInput } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { LevelEngine } from '../level-engine';

export class ReevaluateLevelsCommand {
  constructor(
    readonly ctx: RequestContext,
    /** The merchant whose scheme applies; an alliance operator without one: the tenant-wide scheme. */
    readonly merchantId: string | null,
  ) {}
}

const BATCH = 1000;

/**
 * Raises every member who qualifies for a higher level under the scheme now — after the scheme
 * was configured or its thresholds lowered, for members who have not bought since. Never lowers
 * (that is the retention review's). Returns how many members were raised.
 */
@CommandHandler(ReevaluateLevelsCommand)
export class ReevaluateLevelsHandler implements ICommandHandler<ReevaluateLevelsCommand, number> {
  constructor(
    private readonly db: Db,
    private readonly levels: LevelEngine,
  ) {}

  async execute({ ctx, merchantId }: ReevaluateLevelsCommand): Promise<number> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const scope = ctx.merchantId ?? (merchantId ? parseInput(uuidSchema, merchantId) : null);
    let raised = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const { count, last } = await this.db.inTenant(ctx, async (tx) => {
        const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, scope);
        if (!scheme) throw notFound('LEVEL_SCHEME_NOT_FOUND', 'No level scheme is configured here');
        const members = await tx.execute<{ memberId: string }[]>(
          `select distinct member_id as "memberId" from qualifying_spend
           where member_id > ? ${scheme.merchantId ? 'and merchant_id = ?' : ''} order by 1 limit ${BATCH}`,
          [after, ...(scheme.merchantId ? [scheme.merchantId] : [])],
        );
        const ids = members.map((m) => m.memberId);
        const upgraded = ids.length > 0 ? await this.levels.upgrade(tx, ctx, scheme, ids, new Date()) : new Map();
        return { count: upgraded.size, last: ids.length === BATCH ? ids[ids.length - 1] : null };
      });
      raised += count;
      if (!last) return raised;
      after = last;
    }
  }
}
