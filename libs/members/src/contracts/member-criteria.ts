import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { badRequest, type RequestContext } from '@loyalty/shared';

/** Member-list filters another context answers: a tag (insights), an RFM group (insights), a level (programme). */
export const MEMBER_CRITERION_KEYS = ['tagId', 'rfmGroup', 'levelCode'] as const;
export type MemberCriterionKey = (typeof MEMBER_CRITERION_KEYS)[number];

/** An SQL condition on the column `member.id`, with `?` parameters. */
export interface MemberCondition {
  sql: string;
  params: unknown[];
}

export interface MemberCriterion {
  readonly key: MemberCriterionKey;
  /**
   * The condition for `value`, built in the list's own transaction (row-level security applies).
   * `merchantId` is the list's merchant filter: a platform admin names the merchant with it.
   */
  condition(tx: Tx, ctx: RequestContext, value: string, merchantId: string | undefined): Promise<MemberCondition>;
}

/**
 * Where the contexts in this process register the member filters they own, so the member list
 * filters by a tag, level or RFM group in one query (with its total) without knowing their tables.
 */
@Injectable()
export class MemberCriteria {
  private readonly byKey = new Map<MemberCriterionKey, MemberCriterion>();

  register(criterion: MemberCriterion): void {
    this.byKey.set(criterion.key, criterion);
  }

  async conditions(tx: Tx, ctx: RequestContext, values: Partial<Record<MemberCriterionKey, string>>, merchantId: string | undefined): Promise<MemberCondition[]> {
    const conditions: MemberCondition[] = [];
    for (const key of MEMBER_CRITERION_KEYS) {
      const value = values[key];
      if (value === undefined || value === null || value === '') continue;
      const criterion = this.byKey.get(key);
      // The context that owns the filter does not run in this service.
      if (!criterion) throw badRequest('MEMBER_FILTER_UNAVAILABLE', `Members cannot be filtered by ${key} here`);
      conditions.push(await criterion.condition(tx, ctx, value, merchantId));
    }
    return conditions;
  }
}
