import type { DataProvider, GetListParams, RaRecord } from 'ra-core';
import type { GraphQLClient } from './graphql';
import { insightsResources } from './api/insights-resources';
import { type Filter, paged, pick, type Rec } from './api/lists';
import { notificationResources } from './api/notification-resources';
import { operationResources } from './api/operation-resources';
import { type PluginConsoleResource, type PluginRecord, type PluginRows, pluginResources, runPluginResource, setPluginEnabled, setPluginGrant } from './api/plugin-resources';
import { PROGRAMME_FIELDS, programmeResources } from './api/programme-resources';
import type { ResourceDef } from './api/resource-def';

/**
 * react-admin's DataProvider over the platform's GraphQL API, written by hand: the API's lists are
 * shaped per use case (some paged with a total, most small and whole, some scoped by a parent id),
 * so each resource says how it is read and written. Lists the API returns whole are filtered,
 * sorted and paged here. Amounts stay integers (分, points); the UI formats them.
 */

const MERCHANT = 'id name industry allianceId tenantId timezone createdAt settings { pointsExpiryMonths earnRule { pointsPerYuan } }';

const F = {
  alliance: 'id name timezone createdAt',
  merchant: MERCHANT,
  // One merchant's page only: the list does not show it.
  merchantDetail: `${MERCHANT} earnRuleHistory { effectiveFrom pointsExpiryMonths earnRule { pointsPerYuan } }`,
  store: 'id name kind merchantId createdAt',
  staff: 'id name email role tenantId merchantId storeId createdAt',
  posKey: 'id name prefix merchantId storeId createdAt revokedAt',
  member: 'id name phone gender birthday registeredAt registeredMerchantId registeredStoreId',
  transfer: 'id kind phase asset amount memberId merchantId storeId reference occurredAt createdAt pendingStatus debitAccountId creditAccountId',
  account: 'id code asset ownerType ownerId merchantId available creditsPosted debitsPosted creditsPending debitsPending',
  scheme: 'id name operatorName operatorMerchantId participantKind schedule timeZone createdAt',
  terms: 'id schemeId participantId effectiveFrom effectiveTo issuePricePerPoint redemptionRatePerPoint commissionBps breakageShareBps ownPointsPerUnit alliancePointsPerUnit createdAt',
  run: 'id schemeId periodStart periodEnd trigger totalFen createdAt positions { participantId participantName netFen pointsIssued pointsRedeemed pointsExpired pointsReversed lines { item adjustment points amountFen } }',
  statement: 'id runId schemeId schemeName partyId partyName periodStart periodEnd timeZone status netFen issuedAt reconciledAt createdAt lines { item adjustment points amountFen }',
  statementDetail:
    'id runId schemeId schemeName partyId partyName periodStart periodEnd timeZone status netFen issuedAt reconciledAt createdAt lines { item adjustment points amountFen } ' +
    'instruction { id statementId payerName payeeName partyPays amountFen confirmedFen outstandingFen } disputes { id status reason amountFen raisedBy resolution createdAt resolvedAt }',
  reconciliation: 'statementId partyName status owedFen confirmedFen outstandingFen disputedFen openDispute',
  lot: 'id amount remaining expiresAt expired issuerMerchantId issuerStoreId createdAt',
};

/** The member 360 view, flattened into one record keyed by the member's id. */
const MEMBER_360 = `externalId pointsBalance pointsOwed pointsExpiringIn30Days storedValueBalanceFen grossSpendFen refundedFen purchaseCount lastPurchaseAt member { ${F.member} } recentTransfers { ${F.transfer} }`;

const uuidOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

export const resources: Record<string, ResourceDef> = {
  alliances: {
    all: async (gql) => (await gql<{ alliances: Rec[] }>(`{ alliances { ${F.alliance} } }`)).alliances,
    create: async (gql, data) =>
      (await gql<{ createAlliance: Rec }>(`mutation($input: CreateAllianceInput!) { createAlliance(input: $input) { ${F.alliance} } }`, { input: pick(data, ['name', 'timezone']) }))
        .createAlliance,
  },
  merchants: {
    all: async (gql) => (await gql<{ merchants: Rec[] }>(`{ merchants { ${F.merchant} } }`)).merchants,
    one: async (gql, id) => {
      const { merchant } = await gql<{ merchant: Rec | null }>(`query($id: UUID!) { merchant(id: $id) { ${F.merchantDetail} } }`, { id });
      if (!merchant) throw Object.assign(new Error('ra.notification.item_doesnt_exist'), { status: 404 });
      return merchant;
    },
    create: async (gql, data) =>
      (
        await gql<{ createMerchant: Rec }>(`mutation($input: CreateMerchantInput!) { createMerchant(input: $input) { ${F.merchant} } }`, {
          input: pick(data, ['name', 'industry', 'allianceId', 'timezone', 'settings']),
        })
      ).createMerchant,
    // Only a merchant's settings change after it is created: from now, or from `effectiveFrom` (an
    // earlier instant, ISO) for history still to import.
    update: async (gql, id, data) => {
      const settings = (data.settings ?? {}) as { pointsExpiryMonths?: number; earnRule?: { pointsPerYuan?: number } };
      const input: Filter = {};
      if (settings.pointsExpiryMonths !== undefined) input.pointsExpiryMonths = Number(settings.pointsExpiryMonths);
      if (settings.earnRule?.pointsPerYuan !== undefined) input.earnRule = { pointsPerYuan: Number(settings.earnRule.pointsPerYuan) };
      return (
        await gql<{ updateMerchantSettings: Rec }>(
          `mutation($id: UUID!, $settings: MerchantSettingsInput!, $effectiveFrom: String) {
            updateMerchantSettings(merchantId: $id, settings: $settings, effectiveFrom: $effectiveFrom) { ${F.merchantDetail} }
          }`,
          { id, settings: input, effectiveFrom: data.effectiveFrom || null },
        )
      ).updateMerchantSettings;
    },
  },
  stores: {
    all: async (gql, filter) =>
      (await gql<{ stores: Rec[] }>(`query($merchantId: UUID) { stores(merchantId: $merchantId) { ${F.store} } }`, { merchantId: uuidOrNull(filter.merchantId) })).stores,
    create: async (gql, data) =>
      (await gql<{ createStore: Rec }>(`mutation($input: CreateStoreInput!) { createStore(input: $input) { ${F.store} } }`, { input: pick(data, ['merchantId', 'name', 'kind']) }))
        .createStore,
  },
  staff: {
    all: async (gql) => (await gql<{ staff: Rec[] }>(`{ staff { ${F.staff} } }`)).staff,
    create: async (gql, data) =>
      (
        await gql<{ createStaff: Rec }>(`mutation($input: CreateStaffInput!) { createStaff(input: $input) { ${F.staff} } }`, {
          input: pick(data, ['name', 'email', 'password', 'role', 'allianceId', 'merchantId', 'storeId']),
        })
      ).createStaff,
  },
  posKeys: {
    all: async (gql, filter) =>
      (await gql<{ posApiKeys: Rec[] }>(`query($storeId: UUID) { posApiKeys(storeId: $storeId) { ${F.posKey} } }`, { storeId: uuidOrNull(filter.storeId) })).posApiKeys,
    // The full key is in this answer only: the create page shows it once.
    create: async (gql, data) => {
      const { issuePosApiKey } = await gql<{ issuePosApiKey: { apiKey: Rec; key: string } }>(
        `mutation($storeId: UUID!, $name: String) { issuePosApiKey(storeId: $storeId, name: $name) { key apiKey { ${F.posKey} } } }`,
        { storeId: data.storeId, name: data.name || undefined },
      );
      return { ...issuePosApiKey.apiKey, key: issuePosApiKey.key };
    },
    // Keys are never deleted, only revoked.
    delete: async (gql, id) => (await gql<{ revokePosApiKey: Rec }>(`mutation($id: UUID!) { revokePosApiKey(id: $id) { ${F.posKey} } }`, { id })).revokePosApiKey,
  },
  members: {
    page: async (gql, filter, limit, offset) => {
      const memberFilter = pick(filter, ['phone', 'name', 'merchantId', 'storeId', 'registeredFrom', 'registeredTo', 'levelCode', 'tagId', 'rfmGroup']);
      if (typeof filter.q === 'string' && filter.q.trim()) {
        const q = filter.q.trim();
        if (/^\+?\d+$/.test(q)) memberFilter.phone = q;
        else memberFilter.name = q;
      }
      const { members } = await gql<{ members: { items: Rec[]; total: number } }>(
        `query($filter: MemberFilter, $limit: Int!, $offset: Int!) { members(filter: $filter, limit: $limit, offset: $offset) { total items { ${F.member} } } }`,
        { filter: memberFilter, limit, offset },
      );
      return members;
    },
    one: async (gql, id) => flattenMember360((await gql<{ member: Member360 }>(`query($id: UUID!) { member(id: $id) { ${MEMBER_360} } }`, { id })).member),
    create: async (gql, data) =>
      (
        await gql<{ registerMember: Rec }>(`mutation($input: RegisterMemberInput!) { registerMember(input: $input) { ${F.member} } }`, {
          input: pick(data, ['phone', 'name', 'gender', 'birthday', 'externalId']),
        })
      ).registerMember,
    // The fields the form changed only (a correction made meanwhile at a till stays): an emptied name or birthday is cleared.
    update: async (gql, id, data, previous) => {
      const form = { name: data.name || null, gender: data.gender || 'unknown', birthday: data.birthday || null };
      const changed = Object.fromEntries(Object.entries(form).filter(([field, value]) => value !== (previous[field] ?? (field === 'gender' ? 'unknown' : null))));
      if (Object.keys(changed).length === 0) return { ...previous, id };
      return (
        await gql<{ updateMemberProfile: Rec }>(`mutation($input: UpdateMemberProfileInput!) { updateMemberProfile(input: $input) { ${F.member} } }`, {
          input: { memberId: id, ...changed },
        })
      ).updateMemberProfile;
    },
  },
  transfers: {
    page: async (gql, filter, limit, offset) =>
      (
        await gql<{ transfers: { items: Rec[]; total: number } }>(
          `query($memberId: UUID, $accountId: UUID, $kind: String, $limit: Int!, $offset: Int!) { transfers(memberId: $memberId, accountId: $accountId, kind: $kind, limit: $limit, offset: $offset) { total items { ${F.transfer} } } }`,
          { memberId: uuidOrNull(filter.memberId), accountId: uuidOrNull(filter.accountId), kind: filter.kind || undefined, limit, offset },
        )
      ).transfers,
  },
  memberLots: { page: paged('memberLots', F.lot, { memberId: 'UUID!' }) },
  accounts: {
    page: async (gql, filter, limit, offset) =>
      (
        await gql<{ accounts: { items: Rec[]; total: number } }>(
          `query($ownerId: UUID, $asset: String, $code: String, $limit: Int!, $offset: Int!) { accounts(ownerId: $ownerId, asset: $asset, code: $code, limit: $limit, offset: $offset) { total items { ${F.account} } } }`,
          { ownerId: uuidOrNull(filter.ownerId), asset: filter.asset || undefined, code: filter.code || undefined, limit, offset },
        )
      ).accounts,
  },
  clearingSchemes: {
    all: async (gql) => (await gql<{ clearingSchemes: Rec[] }>(`{ clearingSchemes { ${F.scheme} } }`)).clearingSchemes,
    create: async (gql, data) =>
      (
        await gql<{ createClearingScheme: Rec }>(`mutation($input: CreateClearingSchemeInput!) { createClearingScheme(input: $input) { ${F.scheme} } }`, {
          input: pick(data, ['name', 'operatorName', 'participantKind', 'schedule', 'timeZone']),
        })
      ).createClearingScheme,
    // The schedule is the one thing that changes on a scheme.
    update: async (gql, id, data) =>
      (
        await gql<{ setClearingSchedule: Rec }>(`mutation($id: UUID!, $schedule: ClearingSchedule) { setClearingSchedule(schemeId: $id, schedule: $schedule) { ${F.scheme} } }`, {
          id,
          schedule: data.schedule || null,
        })
      ).setClearingSchedule,
  },
  contractTerms: {
    all: async (gql, filter) => {
      if (!filter.schemeId) return [];
      return (await gql<{ contractTerms: Rec[] }>(`query($id: UUID!) { contractTerms(schemeId: $id) { ${F.terms} } }`, { id: filter.schemeId })).contractTerms;
    },
    create: async (gql, data) =>
      (
        await gql<{ setContractTerms: Rec }>(`mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { ${F.terms} } }`, {
          input: {
            ...pick(data, ['schemeId', 'participantId', 'effectiveFrom', 'effectiveTo', 'issuePricePerPoint', 'redemptionRatePerPoint', 'ownPointsPerUnit', 'alliancePointsPerUnit']),
            issuePricePerPoint: String(data.issuePricePerPoint),
            redemptionRatePerPoint: String(data.redemptionRatePerPoint),
            commissionBps: Number(data.commissionBps ?? 0),
            breakageShareBps: Number(data.breakageShareBps ?? 0),
          },
        })
      ).setContractTerms,
  },
  clearingRuns: {
    // Runs are listed per scheme; without one, the runs of every scheme the caller sees.
    all: async (gql, filter) => {
      const schemeIds = filter.schemeId
        ? [String(filter.schemeId)]
        : (await gql<{ clearingSchemes: { id: string }[] }>(`{ clearingSchemes { id } }`)).clearingSchemes.map((s) => s.id);
      const lists = await Promise.all(
        schemeIds.map(async (schemeId) => (await gql<{ clearingRuns: Rec[] }>(`query($id: UUID!) { clearingRuns(schemeId: $id, limit: 200) { ${F.run} } }`, { id: schemeId })).clearingRuns),
      );
      return lists.flat();
    },
    one: async (gql, id) => (await gql<{ clearingRun: Rec }>(`query($id: UUID!) { clearingRun(id: $id) { ${F.run} } }`, { id })).clearingRun,
    create: async (gql, data) =>
      (
        await gql<{ runClearing: Rec }>(`mutation($input: RunClearingInput!) { runClearing(input: $input) { ${F.run} } }`, {
          input: pick(data, ['schemeId', 'periodStart', 'periodEnd']),
        })
      ).runClearing,
  },
  settlementStatements: {
    uncounted: true,
    page: async (gql, filter, limit, offset) => ({
      items: (
        await gql<{ settlementStatements: Rec[] }>(
          `query($runId: UUID, $status: StatementStatus, $limit: Int!, $offset: Int!) { settlementStatements(runId: $runId, status: $status, limit: $limit, offset: $offset) { ${F.statement} } }`,
          { runId: uuidOrNull(filter.runId), status: filter.status || undefined, limit, offset },
        )
      ).settlementStatements,
    }),
    one: async (gql, id) => (await gql<{ settlementStatement: Rec }>(`query($id: UUID!) { settlementStatement(id: $id) { ${F.statementDetail} } }`, { id })).settlementStatement,
  },
  reconciliation: {
    all: async (gql, filter) => {
      if (!filter.runId) return [];
      const lines = (await gql<{ reconciliation: Omit<Rec, 'id'>[] }>(`query($id: UUID!) { reconciliation(runId: $id) { ${F.reconciliation} } }`, { id: filter.runId })).reconciliation;
      return lines.map((line) => ({ id: String(line.statementId), ...line }));
    },
  },
  ...programmeResources,
  ...insightsResources,
  ...notificationResources,
  ...pluginResources,
  ...operationResources,
};

interface Member360 {
  member: Rec;
  recentTransfers: Rec[];
  [key: string]: unknown;
}

export function flattenMember360({ member, ...rest }: Member360): Rec {
  return { ...member, ...rest };
}

/** Text search over the values of a whole-list record; other filter keys match exactly. */
function matches(record: Rec, filter: Filter, serverKeys: Set<string>): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (value === undefined || value === '' || value === null) return true;
    if (key === 'q') {
      const needle = String(value).toLowerCase();
      return Object.values(record).some((v) => (typeof v === 'string' || typeof v === 'number') && String(v).toLowerCase().includes(needle));
    }
    if (serverKeys.has(key)) return true;
    return String(record[key] ?? '') === String(value);
  });
}

/** Keys the API itself filters by; they need no second look here. */
const SERVER_FILTERS = new Set(['merchantId', 'storeId', 'schemeId', 'runId', 'memberId', 'from', 'to']);

function sortAndPage(records: Rec[], params: Pick<GetListParams, 'sort' | 'pagination'>): Rec[] {
  const sorted = [...records];
  const field = params.sort?.field;
  if (field && field !== 'id') {
    const dir = params.sort?.order === 'DESC' ? -1 : 1;
    sorted.sort((a, b) => {
      const x = a[field];
      const y = b[field];
      if (x === y) return 0;
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh-CN')) * dir;
    });
  }
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  return sorted.slice((page - 1) * perPage, page * perPage);
}

/** The calls the console makes beyond react-admin's CRUD: settlement, clearing and coupon actions. */
export interface ConsoleActions {
  issueStatements(runId: string): Promise<Rec[]>;
  confirmPayment(input: { instructionId: string; amountFen: number; reference: string; paidAt: string }): Promise<Rec>;
  disputeStatement(input: { statementId: string; reason: string; amountFen?: number }): Promise<Rec>;
  reconcileStatement(statementId: string): Promise<Rec>;
  resolveDispute(input: { disputeId: string; resolution: string }): Promise<Rec>;
  /** 作废: a coupon not yet used, with the reason. */
  revokeCoupon(input: { couponId: string; reason: string }): Promise<Rec>;
  me(): Promise<Rec>;
  /** Turns a plugin on or off for the merchant of its record (`<merchant id>:<plugin id>`). */
  setPluginEnabled(id: string, enabled: boolean): Promise<PluginRecord>;
  /** Gives one of the merchant's staff a plugin permission (granted false: takes it back). */
  setPluginGrant(input: { staffId: string; pluginId: string; permission: string }, granted: boolean): Promise<void>;
  /** The rows of a plugin's console resource (a member tab: `{ memberId }`). */
  runPluginResource(resource: PluginConsoleResource, variables: Record<string, unknown>): Promise<PluginRows>;
}

export type ConsoleDataProvider = DataProvider & ConsoleActions;

export function createDataProvider(gql: GraphQLClient): ConsoleDataProvider {
  const def = (resource: string): ResourceDef => {
    const found = resources[resource];
    if (!found) throw new Error(`Unknown resource: ${resource}`);
    return found;
  };
  const unsupported = (resource: string, what: string) => new Error(`${resource}: ${what} is not offered by the API`);

  const getList = async (resource: string, params: GetListParams) => {
    const d = def(resource);
    const filter = { ...(params.filter ?? {}) } as Filter;
    if (d.page) {
      const { page = 1, perPage = 25 } = params.pagination ?? {};
      const limit = Math.min(perPage, 200);
      const offset = (page - 1) * perPage;
      if (d.uncounted) {
        // No total from the API: ask for one more to know whether a next page exists.
        const { items } = await d.page(gql, filter, Math.min(limit + 1, 200), offset);
        const data = items.slice(0, limit) as RaRecord[];
        // On the last page the total is known after all.
        if (items.length <= limit) return { data, total: offset + data.length };
        return { data, pageInfo: { hasNextPage: true, hasPreviousPage: page > 1 } };
      }
      const { items, total } = await d.page(gql, filter, limit, offset);
      return { data: items as RaRecord[], total: total ?? items.length };
    }
    if (!d.all) throw unsupported(resource, 'list');
    const all = (await d.all(gql, filter)).filter((r) => matches(r, filter, SERVER_FILTERS));
    return { data: sortAndPage(all, params) as RaRecord[], total: all.length };
  };

  const getOne = async (resource: string, id: string): Promise<Rec> => {
    const d = def(resource);
    if (d.one) return d.one(gql, id);
    if (d.all) {
      const found = (await d.all(gql, {})).find((r) => String(r.id) === id);
      if (found) return found;
    }
    if (d.page) {
      // No look-up by id: page through (small lists only; the API caps a page at 200).
      for (let offset = 0; offset < 10_000; offset += 200) {
        const { items } = await d.page(gql, {}, 200, offset);
        const found = items.find((r) => String(r.id) === id);
        if (found) return found;
        if (items.length < 200) break;
      }
    }
    throw Object.assign(new Error('ra.notification.item_doesnt_exist'), { status: 404 });
  };

  const provider: ConsoleDataProvider = {
    getList: getList as DataProvider['getList'],
    getOne: (async (resource: string, params: { id: unknown }) => ({ data: await getOne(resource, String(params.id)) })) as DataProvider['getOne'],
    getMany: (async (resource: string, params: { ids: unknown[] }) => {
      const d = def(resource);
      if (d.all) {
        const wanted = new Set(params.ids.map(String));
        return { data: (await d.all(gql, {})).filter((r) => wanted.has(String(r.id))) };
      }
      const data = await Promise.all(params.ids.map((id) => getOne(resource, String(id)).catch(() => null)));
      return { data: data.filter((r) => r !== null) };
    }) as DataProvider['getMany'],
    getManyReference: (async (resource: string, params: GetListParams & { target: string; id: unknown }) =>
      getList(resource, { ...params, filter: { ...params.filter, [params.target]: params.id } })) as DataProvider['getManyReference'],
    create: (async (resource: string, params: { data: Filter }) => {
      const d = def(resource);
      if (!d.create) throw unsupported(resource, 'create');
      return { data: await d.create(gql, params.data) };
    }) as DataProvider['create'],
    update: (async (resource: string, params: { id: unknown; data: Filter; previousData: Filter }) => {
      const d = def(resource);
      if (!d.update) throw unsupported(resource, 'update');
      return { data: await d.update(gql, String(params.id), params.data, params.previousData) };
    }) as DataProvider['update'],
    updateMany: async (resource) => {
      throw unsupported(resource, 'updateMany');
    },
    delete: (async (resource: string, params: { id: unknown }) => {
      const d = def(resource);
      if (!d.delete) throw unsupported(resource, 'delete');
      return { data: await d.delete(gql, String(params.id)) };
    }) as DataProvider['delete'],
    deleteMany: (async (resource: string, params: { ids: unknown[] }) => {
      const d = def(resource);
      if (!d.delete) throw unsupported(resource, 'delete');
      const done = await Promise.all(params.ids.map((id) => d.delete!(gql, String(id))));
      return { data: done.map((r) => r.id) };
    }) as DataProvider['deleteMany'],

    issueStatements: async (runId) =>
      (await gql<{ issueStatements: Rec[] }>(`mutation($runId: UUID!) { issueStatements(runId: $runId) { ${F.statement} } }`, { runId })).issueStatements,
    confirmPayment: async (input) =>
      (
        await gql<{ confirmPayment: Rec }>(
          `mutation($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id instructionId amountFen reference paidAt confirmedBy source createdAt } }`,
          { input: { ...input, source: 'manual' } },
        )
      ).confirmPayment,
    disputeStatement: async (input) =>
      (await gql<{ disputeStatement: Rec }>(`mutation($input: DisputeStatementInput!) { disputeStatement(input: $input) { ${F.statement} } }`, { input })).disputeStatement,
    reconcileStatement: async (statementId) =>
      (await gql<{ reconcileStatement: Rec }>(`mutation($id: UUID!) { reconcileStatement(statementId: $id) { ${F.statement} } }`, { id: statementId })).reconcileStatement,
    resolveDispute: async (input) =>
      (await gql<{ resolveDispute: Rec }>(`mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { ${F.statement} } }`, { input })).resolveDispute,
    revokeCoupon: async ({ couponId, reason }) =>
      (await gql<{ revokeCoupon: Rec }>(`mutation($couponId: UUID!, $reason: String!) { revokeCoupon(couponId: $couponId, reason: $reason) { ${PROGRAMME_FIELDS.coupon} } }`, { couponId, reason }))
        .revokeCoupon,
    me: async () => (await gql<{ me: Rec }>(`{ me { ${F.staff} } }`)).me,
    setPluginEnabled: (id, enabled) => setPluginEnabled(gql, id, enabled),
    setPluginGrant: (input, granted) => setPluginGrant(gql, input, granted),
    runPluginResource: (resource, variables) => runPluginResource(gql, resource, variables),
  };
  return provider;
}
