import type { Tx } from '@loyalty/database';
import { notFound } from '@loyalty/shared';
import { HAS_TAG } from './tags';

export interface SegmentView {
  id: string;
  scopeId: string;
  name: string;
  groups: string[] | null;
  lifecycles: string[] | null;
  segments: string[] | null;
  tagIds: string[] | null;
  minMonetaryFen: number | null;
  maxRecencyDays: number | null;
  minFrequency: number | null;
  createdAt: Date;
  /** Members in it now. */
  members: number;
}

/**
 * The members of saved segment `s` among the member_rfm rows `r`: every filter given must hold,
 * and every tag be carried. The one definition the count and the audience list share.
 */
export const IN_SEGMENT = `r.scope_id = s.scope_id
  and (s.rfm_groups is null or r.rfm_group = any(s.rfm_groups))
  and (s.lifecycles is null or r.lifecycle = any(s.lifecycles))
  and (s.segments is null or r.segment = any(s.segments))
  and (s.min_monetary_fen is null or r.monetary_fen >= s.min_monetary_fen)
  and (s.max_recency_days is null or r.recency_days <= s.max_recency_days)
  and (s.min_frequency is null or r.frequency >= s.min_frequency)
  and not exists (select 1 from insights.tag t where t.id = any(coalesce(s.tag_ids, '{}')) and not ${HAS_TAG})`;

const SEGMENT_COLUMNS = `s.id, s.scope_id as "scopeId", s.name, s.rfm_groups as "groups", s.lifecycles, s.segments, s.tag_ids as "tagIds",
  s.min_monetary_fen as "minMonetaryFen", s.max_recency_days as "maxRecencyDays", s.min_frequency as "minFrequency", s.created_at as "createdAt",
  (select count(*) from insights.member_rfm r where ${IN_SEGMENT}) as members`;

const toView = (row: SegmentView): SegmentView => ({
  ...row,
  minMonetaryFen: row.minMonetaryFen === null ? null : Number(row.minMonetaryFen),
  createdAt: new Date(row.createdAt),
  members: Number(row.members),
});

export async function loadSegment(tx: Tx, segmentId: string): Promise<SegmentView> {
  const [row] = await tx.execute<SegmentView[]>(`select ${SEGMENT_COLUMNS} from insights.saved_segment s where s.id = ?`, [segmentId]);
  if (!row) throw notFound('SEGMENT_NOT_FOUND', 'No such segment');
  return toView(row);
}

export async function listSegments(tx: Tx, scopeId: string): Promise<SegmentView[]> {
  const rows = await tx.execute<SegmentView[]>(`select ${SEGMENT_COLUMNS} from insights.saved_segment s where s.scope_id = ? order by s.name`, [scopeId]);
  return rows.map(toView);
}
