import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Which lots a debit took from, so a voided reservation can put the points back where they were. */
export const LotConsumptionSchema = defineEntity({
  name: 'LotConsumption',
  tableName: 'ledger_lot_consumption',
  primaryKeys: ['transferId', 'lotId'],
  checks: [{ name: 'ledger_lot_consumption_amount_positive', expression: 'amount > 0' }],
  properties: {
    transferId: p.uuid().primary(),
    lotId: p.uuid().primary().index(),
    tenantId: p.uuid(),
    amount: p.bigint('number'),
  },
});
export type LotConsumption = InferEntity<typeof LotConsumptionSchema>;
