import type { ResourceDef } from './resource-def';
import { pick, type Rec, whole } from './lists';

/** Long operations the console starts and then polls: history imports and coupon campaigns. */
export const OPERATION_FIELDS = {
  historyImport: `id merchantId storeId fileName encoding status phase rowsTotal rowsRead invoicesTotal invoicesDone purchases returns membersCreated membersMatched alreadyImported
    skipped { walkIn priceNotPositive malformed } refused { code invoices } errors { line code message } errorCode errorMessage createdBy createdAt finishedAt`,
  couponCampaign: 'id segmentId couponTemplateId status total done issued alreadyIssued refused refusals { code members } createdAt finishedAt',
};
const O = OPERATION_FIELDS;

/**
 * The platform's largest history upload, in bytes (UPLOAD_LIMIT in libs/host; a test keeps the two
 * equal): the console refuses a larger file before reading it, where the platform's early 413
 * would reach the browser as a failed request.
 */
export const HISTORY_UPLOAD_LIMIT = 16 * 1024 * 1024;

export const operationResources: Record<string, ResourceDef> = {
  historyImports: {
    all: whole('historyImports', O.historyImport, { merchantId: 'UUID' }),
    one: async (gql, id) => (await gql<{ historyImport: Rec }>(`query($id: UUID!) { historyImport(id: $id) { ${O.historyImport} } }`, { id })).historyImport,
    // The file goes up as it is (the platform finds its encoding: UTF-8, or GBK as Excel saves CSV); the answer is the job, running.
    create: (gql, data) =>
      gql.upload<Rec>(`/api/import/v1/history?${new URLSearchParams(pick(data, ['storeId', 'fileName']) as Record<string, string>)}`, data.file as Blob, 'text/csv'),
  },
  couponCampaigns: {
    one: async (gql, id) => (await gql<{ couponCampaign: Rec }>(`query($id: UUID!) { couponCampaign(campaignId: $id) { ${O.couponCampaign} } }`, { id })).couponCampaign,
    // The console names the campaign (a new id each start): the same id again is the same campaign.
    create: async (gql, data) =>
      (
        await gql<{ issueCouponsToSegment: Rec }>(`mutation($input: IssueCouponsToSegmentInput!) { issueCouponsToSegment(input: $input) { ${O.couponCampaign} } }`, {
          input: pick(data, ['campaignId', 'segmentId', 'couponTemplateId']),
        })
      ).issueCouponsToSegment,
  },
};
