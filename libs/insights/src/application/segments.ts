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
  genders: string[] | null;
  birthMonths: number[] | null;
  registeredFrom: string | null;
  registeredTo: string | null;
  levelCodes: string[] | null;
  createdAt: Date;
  /** Members in it now. */
  members: number;
}

/**
 * The members of saved segment `s` among the member_rfm rows `r`: every filter given must hold,
 * and every tag be carried. Profile filters read the registration (a member registered before the
 * profile reached the events has none to match); the level is the member's in the merchant's own
 * scheme, else in the alliance's. The one definition the count and the audience list share.
 */
export const IN_SEGMENT = `r.scope_id = s.scope_id
  and (s.rfm_groups is null or r.rfm_group = any(s.rfm_groups))
  and (s.lifecycles is null or r.lifecycle = any(s.lifecycles))
  and (s.segments is null or r.segment = any(s.segments))
  and (s.min_monetary_fen is null or r.monetary_fen >= s.min_monetary_fen)
  and (s.max_recency_days is null or r.recency_days <= s.max_recency_days)
  and (s.min_frequency is null or r.frequency >= s.min_frequency)
  and not exists (select 1 from insights.tag t where t.id = any(coalesce(s.tag_ids, '{}')) and not ${HAS_TAG})
  and (s.genders is null and s.birth_months is null and s.registered_from is null and s.registered_to is null
       or exists (select 1 from insights.member_registration g where g.member_id = r.member_id
                    and (s.genders is null or g.gender = any(s.genders))
                    and (s.birth_months is null or extract(month from g.birthday)::int = any(s.birth_months))
                    and (s.registered_from is null or g.registered_at >= s.registered_from::timestamp at time zone s.time_zone)
                    and (s.registered_to is null or g.registered_at < (s.registered_to + 1)::timestamp at time zone s.time_zone)))
  and (s.level_codes is null
       or (select l.level_code from insights.level_fact l where l.member_id = r.member_id and l.scope_id in (s.scope_id, r.tenant_id)
           order by l.scope_id = s.scope_id desc limit 1) = any(s.level_codes))`;

const SEGMENT_COLUMNS = `s.id, s.scope_id as "scopeId", s.name, s.rfm_groups as "groups", s.lifecycles, s.segments, s.tag_ids as "tagIds",
  s.min_monetary_fen as "minMonetaryFen", s.max_recency_days as "maxRecencyDays", s.min_frequency as "minFrequency", s.genders, s.birth_months as "birthMonths",
  to_char(s.registered_from, 'YYYY-MM-DD') as "registeredFrom", to_char(s.registered_to, 'YYYY-MM-DD') as "registeredTo", s.level_codes as "levelCodes",
  s.created_at as "createdAt",
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
