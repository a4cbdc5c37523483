import type { AuthProvider } from 'ra-core';
import { ApiError, type GraphQLClient, type TokenStore } from './graphql';

export type StaffRole = 'PLATFORM_ADMIN' | 'ALLIANCE_OPERATOR' | 'MERCHANT_ADMIN' | 'STORE_STAFF';

/** Who is logged in, from the `me` query: react-admin's permissions. */
export interface Permissions {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  tenantId: string | null;
  merchantId: string | null;
  storeId: string | null;
}

type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | string;

/**
 * What each role may do in the console. The API enforces the same with roles and row-level
 * security; the console hides what would only be refused.
 */
/** Running an organisation: its stores, their staff and till keys. */
const ORGANISATION: Record<string, Action[]> = {
  stores: ['list', 'show', 'create'],
  staff: ['list', 'show', 'create'],
  posKeys: ['list', 'show', 'create', 'delete'],
  transfers: ['list'],
};

/**
 * Operating a clearing scheme: an alliance operator for its merchants, a merchant admin (HQ) for
 * its chain's stores. A merchant admin is also a party in its alliance's scheme; the statement
 * page tells party from operator by the statement's partyId.
 */
const CLEARING_OPERATOR: Record<string, Action[]> = {
  clearingSchemes: ['list', 'show', 'create', 'edit'],
  contractTerms: ['list', 'create'],
  clearingRuns: ['list', 'show', 'create', 'issue'],
  settlementStatements: ['list', 'show', 'export', 'confirmPayment', 'reconcile', 'dispute', 'resolve'],
  dashboard: ['clearing'],
};

/**
 * A member's programme on the member page; the clerk at the counter issues coupons too. 'read':
 * the data a page needs (templates to issue, levels to filter by) without a menu entry of its own.
 */
const MEMBER_PROGRAMME: Record<string, Action[]> = {
  memberCoupons: ['list', 'create'],
  couponTemplates: ['read'],
  levelSchemes: ['read'],
};

/**
 * Running the programme, insights and notifications of a merchant (an operator: of any of the
 * alliance's merchants, or the alliance as a whole where the API has an alliance scope).
 */
const MANAGEMENT: Record<string, Action[]> = {
  memberCoupons: ['list', 'create', 'revoke'],
  levelSchemes: ['read', 'list', 'create', 'edit'],
  couponTemplates: ['read', 'list', 'create'],
  couponRules: ['list', 'create'],
  promotions: ['list', 'create', 'delete'],
  tags: ['list', 'create'],
  segments: ['list', 'show', 'create'],
  reports: ['list'],
  insights: ['list'],
  notificationTemplates: ['list', 'create', 'delete'],
  notificationSettings: ['edit'],
  storeReportSettings: ['list', 'edit'],
  notificationMessages: ['list'],
  anomalies: ['list'],
  anomalyRules: ['edit'],
};

/** A merchant's plugins: on or off, their settings, who holds their permissions. */
const PLUGIN_ADMIN: Record<string, Action[]> = { plugins: ['list', 'edit'] };

const RULES: Record<StaffRole, Record<string, Action[]>> = {
  // Outside any tenant: the programme's reads need one, insights and notifications a merchant named.
  PLATFORM_ADMIN: {
    ...ORGANISATION,
    ...PLUGIN_ADMIN,
    reports: ['list'],
    insights: ['list'],
    notificationMessages: ['list'],
    anomalies: ['list'],
    alliances: ['list', 'show', 'create'],
    merchants: ['list', 'show', 'create', 'edit'],
    members: ['list', 'show'],
    clearingSchemes: ['list', 'show'],
    clearingRuns: ['list', 'show'],
    contractTerms: ['list'],
    settlementStatements: ['list', 'show', 'export'],
    dashboard: ['clearing', 'business'],
  },
  ALLIANCE_OPERATOR: {
    ...ORGANISATION,
    ...CLEARING_OPERATOR,
    ...MANAGEMENT,
    ...PLUGIN_ADMIN,
    dashboard: ['clearing', 'business'],
    alliances: ['list', 'show'],
    merchants: ['list', 'show', 'create', 'edit'],
    members: ['list', 'show'],
  },
  MERCHANT_ADMIN: {
    ...ORGANISATION,
    ...CLEARING_OPERATOR,
    ...MANAGEMENT,
    ...PLUGIN_ADMIN,
    dashboard: ['clearing', 'business'],
    merchants: ['list', 'show', 'edit'],
    members: ['list', 'show', 'create', 'edit'],
    // The API takes these from a merchant's admin only: an upload into one of its stores, a campaign of its templates.
    historyImport: ['list', 'create'],
    couponCampaigns: ['list', 'create'],
  },
  STORE_STAFF: {
    ...MEMBER_PROGRAMME,
    stores: ['list', 'show'],
    members: ['list', 'show', 'create', 'edit'],
    transfers: ['list'],
  },
};

export function can(permissions: Pick<Permissions, 'role'> | undefined, resource: string, action: Action): boolean {
  if (!permissions) return false;
  return RULES[permissions.role]?.[resource]?.includes(action) ?? false;
}

const ME = `{ me { id name email role tenantId merchantId storeId } }`;

export function createAuthProvider(gql: GraphQLClient, tokens: TokenStore): AuthProvider {
  let me: Permissions | null = null;
  let loading: Promise<Permissions> | null = null;
  const whoAmI = () => {
    if (me) return Promise.resolve(me);
    loading ??= gql<{ me: Permissions }>(ME)
      .then((data) => (me = data.me))
      .finally(() => (loading = null));
    return loading;
  };
  return {
    async login({ username, email, password }: { username?: string; email?: string; password: string }) {
      me = null;
      const { login } = await gql<{ login: { token: string; staff: Permissions } }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token staff { id name email role tenantId merchantId storeId } } }`,
        { email: email ?? username ?? '', password },
      );
      tokens.set(login.token);
      me = login.staff;
    },
    async logout() {
      tokens.set(null);
      me = null;
    },
    async checkAuth() {
      if (!tokens.get()) throw new Error('ra.auth.auth_check_error');
      await whoAmI();
    },
    async checkError(error: { status?: number }) {
      if (error?.status === 401) {
        tokens.set(null);
        me = null;
        throw new Error('ra.notification.logged_out');
      }
    },
    async getPermissions() {
      return tokens.get() ? whoAmI() : undefined;
    },
    async getIdentity() {
      const who = await whoAmI();
      return { id: who.id, fullName: who.name };
    },
    async canAccess({ resource, action }: { resource: string; action: string }) {
      if (!tokens.get()) return false;
      try {
        return can(await whoAmI(), resource, action);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return false;
        throw error;
      }
    },
  };
}
