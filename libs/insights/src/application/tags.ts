import type { Tx } from '@loyalty/database';
import { notFound } from '@loyalty/shared';

export interface TagView {
  id: string;
  scopeId: string;
  name: string;
  kind: 'manual' | 'rule';
  minPurchases: number | null;
  minMonetaryFen: number | null;
  maxRecencyDays: number | null;
  minPoints: number | null;
  createdAt: Date;
}

export const TAG_COLUMNS = `t.id, t.scope_id as "scopeId", t.name, t.kind, t.min_purchases as "minPurchases", t.min_monetary_fen as "minMonetaryFen",
  t.max_recency_days as "maxRecencyDays", t.min_points as "minPoints", t.created_at as "createdAt"`;

export const toTagView = (row: TagView): TagView => ({
  ...row,
  minMonetaryFen: row.minMonetaryFen === null ? null : Number(row.minMonetaryFen),
  minPoints: row.minPoints === null ? null : Number(row.minPoints),
  createdAt: new Date(row.createdAt),
});

/**
 * Whether the member_rfm row `r` carries the tag `t`: tagged by hand, or meeting the rule (every
 * condition given; a member who never bought has no recency to meet one with). The one definition
 * every query over tags uses.
 */
export const HAS_TAG = `coalesce(case when t.kind = 'manual'
    then exists (select 1 from insights.member_tag mt where mt.tag_id = t.id and mt.member_id = r.member_id)
    else (t.min_purchases is null or r.purchases_total >= t.min_purchases)
     and (t.min_monetary_fen is null or r.monetary_fen >= t.min_monetary_fen)
     and (t.max_recency_days is null or r.recency_days <= t.max_recency_days)
     and (t.min_points is null or coalesce((select p.points_balance from insights.member_points p where p.member_id = r.member_id), 0) >= t.min_points) end, false)`;

/** A tag as the caller may see it (row-level security hides other scopes'). */
export async function loadTag(tx: Tx, tagId: string): Promise<TagView> {
  const [row] = await tx.execute<TagView[]>(`select ${TAG_COLUMNS} from insights.tag t where t.id = ?`, [tagId]);
  if (!row) throw notFound('TAG_NOT_FOUND', 'No such tag');
  return toTagView(row);
}
