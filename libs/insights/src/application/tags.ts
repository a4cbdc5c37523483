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
  /** A plugin fact's condition: its name, bounds (inclusive) and window; null for none. */
  fact: { name: string; min: number | null; max: number | null; windowDays: number | null } | null;
  /** When the fact's values were last counted (tags are refreshed with the scope's RFM). */
  factsRefreshedAt: Date | null;
  createdAt: Date;
}

export type TagRow = Omit<TagView, 'fact'> & { factName: string | null; factMin: string | null; factMax: string | null; factWindowDays: number | null };

export const TAG_COLUMNS = `t.id, t.scope_id as "scopeId", t.name, t.kind, t.min_purchases as "minPurchases", t.min_monetary_fen as "minMonetaryFen",
  t.max_recency_days as "maxRecencyDays", t.min_points as "minPoints", t.fact as "factName", t.fact_min as "factMin", t.fact_max as "factMax",
  t.fact_window_days as "factWindowDays", t.facts_refreshed_at as "factsRefreshedAt", t.created_at as "createdAt"`;

const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value));

export const toTagView = ({ factName, factMin, factMax, factWindowDays, ...row }: TagRow): TagView => ({
  ...row,
  minMonetaryFen: numberOrNull(row.minMonetaryFen),
  minPoints: numberOrNull(row.minPoints),
  fact: factName === null ? null : { name: factName, min: numberOrNull(factMin), max: numberOrNull(factMax), windowDays: factWindowDays },
  factsRefreshedAt: row.factsRefreshedAt === null ? null : new Date(row.factsRefreshedAt),
  createdAt: new Date(row.createdAt),
});

/**
 * Whether the member_rfm row `r` carries the tag `t`: tagged by hand, or meeting the rule (every
 * condition given; a member who never bought has no recency to meet one with; a plugin fact as
 * last counted, 0 for a member it has no value of). The one definition
 * every query over tags uses.
 */
export const HAS_TAG = `coalesce(case when t.kind = 'manual'
    then exists (select 1 from insights.member_tag mt where mt.tag_id = t.id and mt.member_id = r.member_id)
    else (t.min_purchases is null or r.purchases_total >= t.min_purchases)
     and (t.min_monetary_fen is null or r.monetary_fen >= t.min_monetary_fen)
     and (t.max_recency_days is null or r.recency_days <= t.max_recency_days)
     and (t.min_points is null or coalesce((select p.points_balance from insights.member_points p where p.member_id = r.member_id), 0) >= t.min_points)
     and (t.fact is null or coalesce((select v.value from insights.tag_fact_value v where v.tag_id = t.id and v.member_id = r.member_id), 0)
          between coalesce(t.fact_min, 0) and coalesce(t.fact_max, 9223372036854775807)) end, false)`;

/** A tag as the caller may see it (row-level security hides other scopes'). */
export async function loadTag(tx: Tx, tagId: string): Promise<TagView> {
  const [row] = await tx.execute<TagRow[]>(`select ${TAG_COLUMNS} from insights.tag t where t.id = ?`, [tagId]);
  if (!row) throw notFound('TAG_NOT_FOUND', 'No such tag');
  return toTagView(row);
}
