import type { ResourceDef } from './resource-def';
import { mutate, pick, uncounted, whole } from './lists';

export const INSIGHTS_FIELDS = {
  tag: 'id scopeId name kind minPurchases minMonetaryFen maxRecencyDays minPoints fact { name min max windowDays } members createdAt',
  segment: 'id scopeId name groups lifecycles segments tagIds minMonetaryFen maxRecencyDays minFrequency members createdAt',
  rfmMember: 'memberId r f m group lifecycle segment recencyDays frequency monetaryFen lastPurchaseAt',
  day: 'day purchases salesFen refundsFen netSalesFen buyers newMembers pointsEarned pointsRedeemed pointsReversed pointsExpired previousDayNetSalesFen trailing7DayNetSalesFen',
};
const I = INSIGHTS_FIELDS;
const scope = { merchantId: 'UUID' };

export const insightsResources: Record<string, ResourceDef> = {
  /** 营业日报: one record per local day of the range (filter: from, to, and merchant or store). */
  dailyReports: {
    all: async (gql, filter) => {
      if (!filter.from || !filter.to) return [];
      const { dailyReport } = await gql<{ dailyReport: { timeZone: string; rows: Record<string, unknown>[] } }>(
        `query($from: String!, $to: String!, $merchantId: UUID, $storeId: UUID) { dailyReport(from: $from, to: $to, merchantId: $merchantId, storeId: $storeId) { timeZone rows { ${I.day} } } }`,
        pick(filter, ['from', 'to', 'merchantId', 'storeId']),
      );
      return dailyReport.rows.map((row) => ({ ...row, id: String(row.day), timeZone: dailyReport.timeZone }));
    },
  },
  rfmGrid: { all: whole('rfmGrid', 'r f members monetaryFen', scope, (cell) => `${cell.r}:${cell.f}`) },
  rfmGroups: {
    all: async (gql, filter) => {
      const { rfmOverview } = await gql<{ rfmOverview: { groups: { key: string; members: number; monetaryFen: number }[] } }>(
        `query($merchantId: UUID) { rfmOverview(merchantId: $merchantId) { groups { key members monetaryFen } } }`,
        pick(filter, ['merchantId']),
      );
      return rfmOverview.groups.map((g) => ({ ...g, id: g.key }));
    },
  },
  abcTiers: { all: whole('abcPyramid', 'tier members revenueFen revenueShareBps', scope, (tier) => String(tier.tier)) },
  tags: {
    all: whole('memberTags', I.tag, { ...scope, memberId: 'UUID' }),
    create: (gql, data) => {
      // The form leaves an empty fact behind when no plugin fact is counted.
      const fact = data.fact as { name?: string } | undefined;
      const input = pick(data, ['merchantId', 'name', 'minPurchases', 'minMonetaryFen', 'maxRecencyDays', 'minPoints']);
      return mutate(gql, 'createTag', 'CreateTagInput', fact?.name ? { ...input, fact: pick(fact, ['name', 'min', 'max', 'windowDays']) } : input, I.tag);
    },
  },
  segments: {
    all: whole('savedSegments', I.segment, scope),
    create: (gql, data) =>
      mutate(gql, 'saveSegment', 'SaveSegmentInput', pick(data, ['merchantId', 'name', 'groups', 'lifecycles', 'segments', 'tagIds', 'minMonetaryFen', 'maxRecencyDays', 'minFrequency']), I.segment),
  },
  segmentMembers: { uncounted: true, page: uncounted('segmentMembers', I.rfmMember, { segmentId: 'UUID!' }, (m) => String(m.memberId)) },
};
