import type { NotificationTriggerDeclaration } from '@loyalty/plugin-sdk';
import { PHARMACY_REFILL_DUE_V1, type PharmacyRefillDueV1 } from './pharmacy-events.v1';

/** The local hour a refill reminder goes out from on its day: the job opens it at midnight, nobody is texted then. */
export const REFILL_REMINDER_TIME = '09:00';

/**
 * 续药提醒 to the member, from `pharmacy.refill-due.v1`: which medication, when it runs out, where
 * it was bought; at 09:00 (the merchant's time) on the reminder's day. On once the pharmacy sets a
 * `pharmacy_refill` template.
 */
export const refillReminderNotification: NotificationTriggerDeclaration<PharmacyRefillDueV1> = {
  trigger: 'pharmacy_refill',
  event: PHARMACY_REFILL_DUE_V1,
  audience: 'member',
  subject: '续药提醒',
  variables: ['medication', 'runsOutOn', 'storeName'],
  example: {
    taskId: '00000000-0000-4000-8000-000000000001',
    memberId: '00000000-0000-4000-8000-000000000002',
    merchantId: '00000000-0000-4000-8000-000000000003',
    sku: 'RX-AMLODIPINE',
    name: '氨氯地平',
    storeId: '00000000-0000-4000-8000-000000000004',
    storeName: '人民路店',
    runsOutOn: '2026-02-21',
    refillDueOn: '2026-02-18',
  },
  occasion: (p) => ({
    merchantId: p.merchantId,
    memberId: p.memberId,
    at: { day: p.refillDueOn, time: REFILL_REMINDER_TIME },
    values: { medication: p.name ?? p.sku, runsOutOn: p.runsOutOn, storeName: p.storeName ?? '' },
  }),
};
