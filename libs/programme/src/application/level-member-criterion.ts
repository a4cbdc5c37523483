import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { MemberCriteria } from '@loyalty/members';
import { badRequest, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { LevelEngine } from './level-engine';

/**
 * Lets the member list filter by level under the scheme the caller's members are measured by (the
 * merchant's own, else the tenant's). Members without a level row hold the entry level.
 */
@Injectable()
export class LevelMemberCriterion implements OnModuleInit {
  constructor(
    private readonly criteria: MemberCriteria,
    private readonly levels: LevelEngine,
  ) {}

  onModuleInit(): void {
    this.criteria.register({ key: 'levelCode', condition: (tx, ctx, code, merchantId) => this.condition(tx, ctx, code, merchantId) });
  }

  private async condition(tx: Tx, ctx: RequestContext, code: string, merchantId: string | undefined) {
    const scopeMerchant = ctx.merchantId ?? merchantId ?? null;
    // A platform admin works outside any tenant: the merchant filter names it.
    const tenantId =
      ctx.tenantId ??
      (scopeMerchant ? (await tx.execute<{ tenantId: string }[]>('select tenant_id as "tenantId" from merchant where id = ?', [scopeMerchant]))[0]?.tenantId : undefined);
    if (!tenantId) throw badRequest('VALIDATION_FAILED', 'Filter by level with a merchant');
    const scheme = await this.levels.schemeFor(tx, tenantId, scopeMerchant);
    if (!scheme) throw notFound('LEVEL_SCHEME_NOT_FOUND', 'No level scheme applies here');
    const rank = scheme.levels.findIndex((level) => level.code === code);
    if (rank < 0) throw unprocessable('LEVEL_NOT_FOUND', `The scheme has no level ${code}`);
    return rank === 0
      ? { sql: 'id not in (select member_id from member_level where scheme_id = ? and level_code <> ?)', params: [scheme.id, code] }
      : { sql: 'id in (select member_id from member_level where scheme_id = ? and level_code = ?)', params: [scheme.id, code] };
  }
}
