import { LINE_REASONS } from '../../domain/checkout-pricing';

/** JSON schemas of the programme's POS responses, for the OpenAPI document. */
const int = { type: 'integer' };
const dateTime = { type: 'string', format: 'date-time', nullable: true };

export const growthEventResultSchema = { type: 'object', properties: { growthAwarded: int, growthBalance: int, levelCode: { type: 'string' } } };
export const memberLevelSchema = {
  type: 'object',
  properties: {
    memberId: { type: 'string', format: 'uuid' },
    schemeId: { type: 'string', format: 'uuid', nullable: true },
    levelCode: { type: 'string', nullable: true },
    levelName: { type: 'string', nullable: true },
    benefits: {
      type: 'object',
      nullable: true,
      properties: { discountPermille: int, pointsMultiplierPermille: int, freeServices: { type: 'array', items: { type: 'string' } } },
    },
    since: dateTime,
    validUntil: dateTime,
    growth: int,
  },
};

const balances = { principalBalanceFen: int, bonusBalanceFen: int, balanceFen: int };
export const rechargeResultSchema = {
  type: 'object',
  properties: {
    rechargeId: { type: 'string', format: 'uuid' },
    principalFen: int,
    bonusFen: int,
    bonusReleasedFen: int,
    bonusScheduled: { type: 'array', items: { type: 'object', properties: { dueAt: { type: 'string', format: 'date-time' }, amountFen: int } } },
    ...balances,
  },
};
export const balancePaymentResultSchema = { type: 'object', properties: { paymentId: { type: 'string', format: 'uuid' }, amountFen: int, principalFen: int, bonusFen: int, ...balances } };
export const balancePaymentRefundResultSchema = { type: 'object', properties: { orderNo: { type: 'string' }, refundedFen: int, principalFen: int, bonusFen: int, ...balances } };
export const rechargeRefundResultSchema = {
  type: 'object',
  properties: { orderNo: { type: 'string' }, principalRefundedFen: int, cashBackFen: int, bonusForfeitedFen: int, ...balances },
};
export const memberStoredValueSchema = {
  type: 'object',
  properties: {
    memberId: { type: 'string', format: 'uuid' },
    ...balances,
    bonusScheduled: { type: 'array', items: { type: 'object', properties: { dueAt: { type: 'string', format: 'date-time' }, amountFen: int, orderNo: { type: 'string' } } } },
  },
};

export const couponRedemptionResultSchema = {
  type: 'object',
  properties: {
    orderNo: { type: 'string' },
    amountFen: int,
    discountFen: int,
    payableFen: int,
    coupons: {
      type: 'array',
      items: { type: 'object', properties: { couponId: { type: 'string', format: 'uuid' }, kind: { type: 'string' }, discountFen: int, giftName: { type: 'string', nullable: true } } },
    },
  },
};
/** A page of a member's coupons or visit cards. */
export const memberCouponsSchema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, total: int } };

const pricedCheckout = {
  subtotalFen: int,
  promotionDiscountFen: int,
  promotions: { type: 'array', items: { type: 'object', properties: { promotionId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, discountFen: int } } },
  levelCode: { type: 'string', nullable: true },
  levelDiscountFen: int,
  couponDiscountFen: int,
  coupons: {
    type: 'array',
    items: { type: 'object', properties: { couponId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, discountFen: int, giftName: { type: 'string', nullable: true } } },
  },
  pointsUsed: int,
  pointsDeductionFen: int,
  payableFen: int,
  balancePrincipalFen: int,
  balanceBonusFen: int,
  cashDueFen: int,
  cashbacks: {
    type: 'array',
    items: { type: 'object', properties: { promotionId: { type: 'string', format: 'uuid' }, name: { type: 'string' }, into: { type: 'string', enum: ['STORED_VALUE', 'POINTS'] }, amount: int } },
  },
  lines: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        sku: { type: 'string' },
        name: { type: 'string', nullable: true },
        quantity: { type: 'number' },
        amountFen: int,
        promotionDiscountFen: int,
        levelDiscountFen: int,
        couponDiscountFen: int,
        pointsDeductionFen: int,
        payableFen: int,
        balanceFen: int,
        cashFen: int,
        reasons: {
          type: 'array',
          description: 'What made the line’s amount, step by step: a code with its parameters, and the same in words (zh-CN)',
          items: {
            type: 'object',
            properties: {
              code: { type: 'string', enum: [...LINE_REASONS] },
              amountFen: int,
              params: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
              text: { type: 'string' },
            },
          },
        },
      },
    },
  },
  combinationsCompared: int,
  explanation: { type: 'array', items: { type: 'string' } },
};
export const quoteResultSchema = {
  type: 'object',
  properties: { quoteId: { type: 'string', format: 'uuid' }, memberId: { type: 'string', format: 'uuid' }, expiresAt: { type: 'string', format: 'date-time' }, ...pricedCheckout },
};
export const checkoutResultSchema = {
  type: 'object',
  properties: { quoteId: { type: 'string', format: 'uuid' }, orderNo: { type: 'string' }, purchaseId: { type: 'string', format: 'uuid' }, pointsEarned: int, pointsBalance: int, ...pricedCheckout },
};

const visitCard = {
  cardId: { type: 'string', format: 'uuid' },
  memberId: { type: 'string', format: 'uuid' },
  service: { type: 'string' },
  usesTotal: { type: 'integer', nullable: true },
  usesLeft: { type: 'integer', nullable: true },
  expiresAt: { type: 'string', format: 'date-time' },
};
export const visitCardSchema = { type: 'object', properties: visitCard };
export const memberVisitCardsSchema = { type: 'object', properties: { items: { type: 'array', items: visitCardSchema }, total: int } };
export const soldVisitCardSchema = { type: 'object', properties: { ...visitCard, priceFen: int, storedValuePaidFen: int, cashDueFen: int } };

const memberCard = {
  cardTypeId: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  kind: { type: 'string', enum: ['FREE', 'PAID', 'LEVEL', 'INTERNAL'] },
  state: { type: 'string', enum: ['ACTIVE', 'EXPIRED', 'CANCELLED'] },
  startsAt: dateTime,
  endsAt: dateTime,
  levelCode: { type: 'string', nullable: true },
};
export const takenCardSchema = { type: 'object', properties: { ...memberCard, priceFen: int, storedValuePaidFen: int, cashDueFen: int } };
export const memberCardsSchema = { type: 'array', items: { type: 'object', properties: memberCard } };

export const referralCodeSchema = { type: 'object', properties: { memberId: { type: 'string', format: 'uuid' }, code: { type: 'string' } } };
export const referralResultSchema = {
  type: 'object',
  properties: { referralId: { type: 'string', format: 'uuid' }, inviterMemberId: { type: 'string', format: 'uuid' }, inviteeMemberId: { type: 'string', format: 'uuid' }, rewarded: { type: 'boolean' } },
};
