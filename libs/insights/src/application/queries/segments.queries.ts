import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope, resolveSegmentScope } from '../insights-access';
import { segmentMembersInput } from '../insights-inputs';
import { IN_SEGMENT, listSegments, loadSegment, type SegmentView } from '../segments';
import { HAS_TAG, TAG_COLUMNS, type TagRow, type TagView, toTagView } from '../tags';
import { MEMBER_COLUMNS, type MemberRfmView, toMemberRfmView } from './rfm.queries';

export class ListTagsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
    /** Only the tags this member carries. */
    readonly memberId?: string,
  ) {}
}

@QueryHandler(ListTagsQuery)
export class ListTagsHandler implements IQueryHandler<ListTagsQuery, (TagView & { members: number })[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId, memberId }: ListTagsQuery) {
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, merchantId);
      const rows = await tx.execute<(TagRow & { members: string })[]>(
        `select ${TAG_COLUMNS}, (select count(*) from insights.member_rfm r where r.scope_id = t.scope_id and ${HAS_TAG}) as members
         from insights.tag t
         where t.scope_id = ? and (?::uuid is null or exists (select 1 from insights.member_rfm r where r.scope_id = t.scope_id and r.member_id = ? and ${HAS_TAG}))
         order by t.name`,
        [scope.scopeId, memberId ?? null, memberId ?? null],
      );
      return rows.map((row) => ({ ...toTagView(row), members: Number(row.members) }));
    });
  }
}

export class ListSegmentsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

@QueryHandler(ListSegmentsQuery)
export class ListSegmentsHandler implements IQueryHandler<ListSegmentsQuery, SegmentView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: ListSegmentsQuery) {
    return this.db.asActor(ctx, async (tx) => listSegments(tx, (await resolveScope(tx, ctx, merchantId)).scopeId));
  }
}

export class SegmentMembersQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A saved segment's members now (a campaign audience), highest spend first. */
@QueryHandler(SegmentMembersQuery)
export class SegmentMembersHandler implements IQueryHandler<SegmentMembersQuery, MemberRfmView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: SegmentMembersQuery) {
    const data = parseInput(segmentMembersInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const segment = await loadSegment(tx, data.segmentId);
      await resolveSegmentScope(tx, ctx, segment);
      const rows = await tx.execute<MemberRfmView[]>(
        `select ${MEMBER_COLUMNS} from insights.saved_segment s join insights.member_rfm r on ${IN_SEGMENT}
         where s.id = ? order by r.monetary_fen desc, r.member_id offset ? limit ?`,
        [segment.id, data.offset, data.limit],
      );
      return rows.map(toMemberRfmView);
    });
  }
}
