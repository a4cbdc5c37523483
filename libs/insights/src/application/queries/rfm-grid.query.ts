import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';

/** One cell of the 5×5 RFM grid: members scored R = r and F = f, and their net spend. */
export interface RfmGridCell {
  r: number;
  f: number;
  members: number;
  monetaryFen: number;
}

export class GetRfmGridQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

/** The scope's members per recency × frequency score (the heat map), every one of the 25 cells given. */
@QueryHandler(GetRfmGridQuery)
export class GetRfmGridHandler implements IQueryHandler<GetRfmGridQuery, RfmGridCell[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: GetRfmGridQuery): Promise<RfmGridCell[]> {
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, merchantId);
      const rows = await tx.execute<{ r: number; f: number; members: string; monetaryFen: string }[]>(
        `select r, f, count(*) as members, sum(monetary_fen) as "monetaryFen" from insights.member_rfm where scope_id = ? group by r, f`,
        [scope.scopeId],
      );
      const cell = new Map(rows.map((row) => [`${row.r}:${row.f}`, row]));
      return [5, 4, 3, 2, 1].flatMap((r) =>
        [1, 2, 3, 4, 5].map((f) => {
          const row = cell.get(`${r}:${f}`);
          return { r, f, members: Number(row?.members ?? 0), monetaryFen: Number(row?.monetaryFen ?? 0) };
        }),
      );
    });
  }
}
