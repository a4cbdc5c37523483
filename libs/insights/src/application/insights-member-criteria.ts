import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Tx } from '@loyalty/database';
import { MemberCriteria } from '@loyalty/members';
import { badRequest, type RequestContext } from '@loyalty/shared';
import { RFM_GROUPS } from '../domain/rfm';
import { resolveScope } from './insights-access';
import { HAS_TAG, loadTag } from './tags';

const GROUP_CODES = new Set<string>(RFM_GROUPS.map((g) => g.code));

/**
 * Lets the member list filter by a tag (carried by hand or by rule, as the tag counts show it) and
 * by RFM group (of the caller's scope, or the merchant named). Registered only where the members
 * context runs in the same process and database, as in the platform.
 */
@Injectable()
export class InsightsMemberCriteria implements OnModuleInit {
  constructor(private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    let criteria: MemberCriteria;
    try {
      criteria = this.modules.get(MemberCriteria, { strict: false });
    } catch {
      return;
    }
    criteria.register({
      key: 'tagId',
      condition: async (tx: Tx, _ctx: RequestContext, tagId: string) => {
        await loadTag(tx, tagId);
        return {
          sql: `id in (select r.member_id from insights.tag t join insights.member_rfm r on r.scope_id = t.scope_id where t.id = ? and ${HAS_TAG})`,
          params: [tagId],
        };
      },
    });
    criteria.register({
      key: 'rfmGroup',
      condition: async (tx: Tx, ctx: RequestContext, group: string, merchantId: string | undefined) => {
        if (!GROUP_CODES.has(group)) throw badRequest('VALIDATION_FAILED', `rfmGroup must be one of ${[...GROUP_CODES].join(', ')}`);
        const scope = await resolveScope(tx, ctx, merchantId);
        return { sql: 'id in (select member_id from insights.member_rfm where scope_id = ? and rfm_group = ?)', params: [scope.scopeId, group] };
      },
    });
  }
}
