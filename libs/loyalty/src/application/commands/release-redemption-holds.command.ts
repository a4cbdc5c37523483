import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { badRequest, notFound, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { z } from 'zod';
import { HOLD_COLUMNS, type RedemptionHoldView, toHoldView } from '../queries/list-redemption-holds.query';

export const releaseRedemptionHoldsInput = z.object({
  memberId: uuidSchema,
  /** An alliance operator names the merchant; a merchant admin releases at their own. */
  merchantId: uuidSchema.nullish(),
  reason: z.string().trim().min(1, 'say why the hold is released').max(500),
});

export class ReleaseRedemptionHoldsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Staff review the anomaly and release the member's open holds at the merchant: who, when and why are kept. */
@CommandHandler(ReleaseRedemptionHoldsCommand)
export class ReleaseRedemptionHoldsHandler implements ICommandHandler<ReleaseRedemptionHoldsCommand, RedemptionHoldView[]> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: ReleaseRedemptionHoldsCommand): Promise<RedemptionHoldView[]> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(releaseRedemptionHoldsInput, input);
    const merchantId = ctx.merchantId ?? data.merchantId;
    if (!merchantId) throw badRequest('VALIDATION_FAILED', 'Name the merchant whose holds to release', [{ path: 'merchantId', message: 'required for an alliance operator' }]);
    return this.db.inTenant(ctx, async (tx) => {
      const released = await tx.execute<RedemptionHoldView[]>(
        `update redemption_hold set released_at = now(), released_by = ?, release_reason = ?
         where merchant_id = ? and member_id = ? and released_at is null returning ${HOLD_COLUMNS}`,
        [ctx.actorId, data.reason, merchantId, data.memberId],
      );
      if (released.length === 0) throw notFound('REDEMPTION_HOLD_NOT_FOUND', "The member's redemptions at this merchant are not held");
      return released.map(toHoldView);
    });
  }
}
