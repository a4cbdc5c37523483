import type { ResourceDef } from './resource-def';
import { mutate, paged, pick, whole } from './lists';

/** What the membership programme's GraphQL types are read with. */
export const PROGRAMME_FIELDS = {
  levelChange: 'id memberId schemeId fromCode toCode reason note orderNo actorId occurredAt',
  coupon: 'id templateId memberId status validFrom validUntil issuedAt issuedBy issueReason ruleId usedAt usedOrderNo discountFen revokedAt revokeReason',
  memberCard: 'cardTypeId name kind levelCode startsAt endsAt state',
  visitCard: 'id productId service usesTotal usesLeft priceFen storedValuePaidFen orderNo soldAt expiresAt',
  memberLevel: 'memberId schemeId levelCode levelName growth since validUntil benefits { discountPermille pointsMultiplierPermille freeServices }',
  storedValue: 'memberId balanceFen principalBalanceFen bonusBalanceFen bonusScheduled { amountFen dueAt orderNo }',
  levelScheme:
    'id name merchantId timezone validityMonths levels { code name conditions { all { metric measure min windowMonths } } benefits { discountPermille pointsMultiplierPermille freeServices } } growthRules { behaviour amount dailyCap }',
  couponTemplate: 'id merchantId name kind thresholdFen amountOffFen discountPermille maxDiscountFen giftName validFrom validUntil validDays perMemberLimit totalLimit issuedCount stacking',
  couponRule: 'id merchantId trigger templateId levelCode inactiveDays',
  promotion:
    'id merchantId name priority exclusive startsAt endsAt config { kind amount amountOffFen bundlePriceFen discountPermille into levelCode minFen minQuantity skus tiers { minFen amountOffFen } }',
};
const P = PROGRAMME_FIELDS;

/** A level scheme as configureLevelScheme takes it: the form's record less what the API computes. */
function levelSchemeInput(data: Record<string, unknown>) {
  type Level = { code: string; name: string; conditions?: { all: Record<string, unknown>[] }[] | null; benefits?: Record<string, unknown> | null };
  const levels = ((data.levels as Level[] | undefined) ?? []).map((level, i) => ({
    code: level.code,
    name: level.name,
    // The entry level has no conditions; the form may leave an empty list behind.
    ...(i > 0 && level.conditions?.length ? { conditions: level.conditions.map((g) => ({ all: g.all.map((c) => pick(c, ['metric', 'measure', 'min', 'windowMonths'])) })) } : {}),
    ...(level.benefits ? { benefits: pick(level.benefits, ['discountPermille', 'pointsMultiplierPermille', 'freeServices']) } : {}),
  }));
  const growthRules = ((data.growthRules as Record<string, unknown>[] | undefined) ?? []).map((r) => pick(r, ['behaviour', 'amount', 'dailyCap']));
  return { ...pick(data, ['name', 'merchantId', 'validityMonths']), levels, growthRules };
}

const oneOf = (field: string, selection: string) => async (gql: Parameters<NonNullable<ResourceDef['one']>>[0], memberId: string) => ({
  ...(await gql<Record<string, Record<string, unknown>>>(`query($id: UUID!) { ${field}(memberId: $id) { ${selection} } }`, { id: memberId }))[field],
  id: memberId,
});

export const programmeResources: Record<string, ResourceDef> = {
  // A member's programme: read by member id (the member page's tabs).
  memberLevels: { one: oneOf('memberLevel', P.memberLevel) },
  memberStoredValue: { one: oneOf('memberStoredValue', P.storedValue) },
  memberLevelHistory: { page: paged('memberLevelHistory', P.levelChange, { memberId: 'UUID!' }) },
  memberCoupons: {
    page: paged('memberCoupons', P.coupon, { memberId: 'UUID!', status: 'CouponStatus' }),
    // 发券: a coupon of a template for the member, with the reason.
    create: async (gql, data) =>
      (
        await gql<{ issueCoupon: { id: string } }>(`mutation($memberId: UUID!, $templateId: UUID!, $reason: String!) { issueCoupon(memberId: $memberId, templateId: $templateId, reason: $reason) { ${P.coupon} } }`, {
          memberId: data.memberId,
          templateId: data.templateId,
          reason: data.reason,
        })
      ).issueCoupon,
  },
  memberCards: { page: paged('memberCards', P.memberCard, { memberId: 'UUID!' }, (card) => String(card.cardTypeId)) },
  memberVisitCards: { page: paged('memberVisitCards', P.visitCard, { memberId: 'UUID!' }) },
  levelSchemes: {
    page: paged('levelSchemes', P.levelScheme),
    create: (gql, data) => mutate(gql, 'configureLevelScheme', 'LevelSchemeInput', levelSchemeInput(data), P.levelScheme),
    // A scheme is configured whole: editing sends it all again.
    update: (gql, _id, data) => mutate(gql, 'configureLevelScheme', 'LevelSchemeInput', levelSchemeInput(data), P.levelScheme),
  },
  couponTemplates: {
    page: paged('couponTemplates', P.couponTemplate),
    create: (gql, data) =>
      mutate(
        gql,
        'createCouponTemplate',
        'CouponTemplateInput',
        pick(data, ['merchantId', 'name', 'kind', 'thresholdFen', 'amountOffFen', 'discountPermille', 'maxDiscountFen', 'giftName', 'validFrom', 'validUntil', 'validDays', 'perMemberLimit', 'totalLimit', 'stacking']),
        P.couponTemplate,
      ),
  },
  couponRules: {
    page: paged('couponRules', P.couponRule),
    create: (gql, data) => mutate(gql, 'createCouponRule', 'CouponRuleInput', pick(data, ['merchantId', 'templateId', 'trigger', 'levelCode', 'inactiveDays']), P.couponRule),
  },
  promotions: {
    page: paged('promotions', P.promotion),
    create: (gql, data) =>
      mutate(
        gql,
        'createPromotion',
        'PromotionInput',
        { ...pick(data, ['merchantId', 'name', 'priority', 'exclusive', 'startsAt', 'endsAt']), config: pick((data.config ?? {}) as Record<string, unknown>, ['kind', 'amount', 'amountOffFen', 'bundlePriceFen', 'discountPermille', 'into', 'levelCode', 'minFen', 'minQuantity', 'skus', 'tiers']) },
        P.promotion,
      ),
    // Promotions are never deleted, only ended now.
    delete: async (gql, id) => (await gql<{ endPromotion: { id: string } }>(`mutation($id: UUID!) { endPromotion(id: $id) { ${P.promotion} } }`, { id })).endPromotion,
  },
};
