/** JSON schemas of POS responses, for the OpenAPI document. */
const uuid = { type: 'string', format: 'uuid' };
const int = { type: 'integer' };

export const purchaseResultSchema = {
  type: 'object',
  properties: { purchaseId: uuid, transferId: { ...uuid, nullable: true }, pointsEarned: int, pointsAppliedToDebt: int, pointsBalance: int, expiresAt: { type: 'string', format: 'date-time', nullable: true } },
};
export const redemptionResultSchema = { type: 'object', properties: { transferId: uuid, pointsRedeemed: int, pointsBalance: int } };
export const refundResultSchema = {
  type: 'object',
  properties: { refundId: uuid, orderNo: { type: 'string' }, refundedFen: int, pointsReversed: int, pointsOwed: int, pointsBalance: int },
};
export const returnResultSchema = { type: 'object', properties: { returnId: uuid, pointsClawedBack: int, pointsBalance: int } };
export const member360Schema = {
  type: 'object',
  properties: {
    member: { type: 'object' },
    pointsBalance: int,
    pointsExpiringIn30Days: int,
    pointsOwed: int,
    storedValueBalanceFen: int,
    purchaseCount: int,
    grossSpendFen: int,
    refundedFen: int,
    lastPurchaseAt: { type: 'string', format: 'date-time', nullable: true },
    recentTransfers: { type: 'array', items: { type: 'object' } },
  },
};
export const errorSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', description: 'Stable machine-readable code' }, message: { type: 'string' }, details: {} },
};
