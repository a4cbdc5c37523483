import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { z } from 'zod';

export interface RedemptionHoldView {
  id: string;
  merchantId: string;
  memberId: string;
  storeId: string | null;
  rule: string;
  detail: string;
  occurredAt: Date;
  heldAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
  releaseReason: string | null;
}

export const HOLD_COLUMNS = `id, merchant_id as "merchantId", member_id as "memberId", store_id as "storeId", rule, detail, occurred_at as "occurredAt",
  held_at as "heldAt", released_at as "releasedAt", released_by as "releasedBy", release_reason as "releaseReason"`;

export const toHoldView = (row: RedemptionHoldView): RedemptionHoldView => ({
  ...row,
  occurredAt: new Date(row.occurredAt),
  heldAt: new Date(row.heldAt),
  releasedAt: row.releasedAt ? new Date(row.releasedAt) : null,
});

const listInput = z.object({
  memberId: uuidSchema.nullish(),
  /** Only the holds still open. */
  open: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export class ListRedemptionHoldsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Holds on members' redemptions the caller may see (a merchant's own; an operator's whole tenant), latest first. */
@QueryHandler(ListRedemptionHoldsQuery)
export class ListRedemptionHoldsHandler implements IQueryHandler<ListRedemptionHoldsQuery, RedemptionHoldView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: ListRedemptionHoldsQuery): Promise<RedemptionHoldView[]> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF');
    const data = parseInput(listInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const rows = await tx.execute<RedemptionHoldView[]>(
        `select ${HOLD_COLUMNS} from redemption_hold where (?::uuid is null or member_id = ?) and (not ? or released_at is null)
         order by held_at desc, id offset ? limit ?`,
        [data.memberId ?? null, data.memberId ?? null, data.open, data.offset, data.limit],
      );
      return rows.map(toHoldView);
    });
  }
}
