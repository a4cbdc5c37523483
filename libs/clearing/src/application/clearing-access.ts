import type { Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';
import type { ClearingSchedule } from '../domain/clearing-period';

export interface SchemeRow {
  id: string;
  tenantId: string;
  name: string;
  participantKind: 'merchant' | 'store';
  operatorMerchantId: string | null;
  operatorName: string;
  timeZone: string;
  schedule: ClearingSchedule | null;
  createdAt: Date;
}

export const SCHEME_COLUMNS = `id, tenant_id as "tenantId", name, participant_kind as "participantKind", operator_merchant_id as "operatorMerchantId",
  operator_name as "operatorName", time_zone as "timeZone", schedule, created_at as "createdAt"`;

/** The scheme, as the caller may see it (row-level security hides other tenants'). */
export async function loadScheme(tx: Tx, schemeId: string): Promise<SchemeRow> {
  const [row] = await tx.execute<SchemeRow[]>(`select ${SCHEME_COLUMNS} from clearing.scheme where id = ?`, [schemeId]);
  if (!row) throw notFound('CLEARING_SCHEME_NOT_FOUND', 'No such clearing scheme');
  return { ...row, createdAt: new Date(row.createdAt) };
}

/**
 * Who runs a scheme: the alliance operator for an alliance's merchants, the HQ's merchant admin for
 * a chain's stores. Platform admins (and the platform's own scheduler) act for every scheme.
 */
export function assertOperates(ctx: RequestContext, scheme: SchemeRow): void {
  if (ctx.roles.includes('PLATFORM_ADMIN')) return;
  const operates =
    scheme.participantKind === 'merchant'
      ? ctx.roles.includes('ALLIANCE_OPERATOR') && ctx.tenantId === scheme.tenantId
      : ctx.roles.includes('MERCHANT_ADMIN') && ctx.merchantId === scheme.operatorMerchantId;
  if (!operates) throw forbidden(`Only the scheme's operator (${scheme.operatorName}) may do this`);
}

/** The participant as the tenancy context announced it: a merchant of the tenant, or a store of the HQ. */
export async function assertParticipant(tx: Tx, scheme: SchemeRow, participantId: string): Promise<{ id: string; merchantId: string; name: string }> {
  const [party] = await tx.execute<{ id: string; merchantId: string; name: string; kind: string }[]>(
    'select id, merchant_id as "merchantId", name, kind from clearing.party where id = ?',
    [participantId],
  );
  const fits = party && party.kind === scheme.participantKind && (scheme.participantKind === 'merchant' || party.merchantId === scheme.operatorMerchantId);
  if (!fits) throw notFound('PARTICIPANT_NOT_FOUND', `No ${scheme.participantKind} with this id takes part in the scheme`);
  return party;
}
