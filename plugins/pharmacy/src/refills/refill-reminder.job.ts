import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginJob, type PluginScope } from '@loyalty/plugin-sdk';
import { PHARMACY_REFILL_DUE_V1, type PharmacyRefillDueV1 } from './pharmacy-events.v1';

/**
 * 续药提醒 (hourly, per pharmacy merchant): each pending refill whose due date has come in the
 * merchant's calendar becomes a pharmacist's follow-up task and a `pharmacy.refill-due.v1` event,
 * once (the task is unique per medication purchase, the row leaves `pending` in the same transaction).
 */
@Injectable()
export class RefillReminderJob implements PluginJob {
  async run(scope: PluginScope, asOf: Date): Promise<void> {
    const today = localDateOf(asOf, await scope.timeZone());
    const due = await scope.query<{ id: string; memberId: string; storeId: string; sku: string; name: string | null; runsOutOn: string; refillDueOn: string }>(
      `update pharmacy_medication_purchase set refill_status = 'reminded' where refill_status = 'pending' and refill_due_on <= ?::date
       returning id, member_id as "memberId", store_id as "storeId", sku, name, runs_out_on::text as "runsOutOn", refill_due_on::text as "refillDueOn"`,
      [today],
    );
    const storeNames = new Map<string, string>();
    for (const refill of due) {
      if (!storeNames.has(refill.storeId)) storeNames.set(refill.storeId, (await scope.store(refill.storeId)).name);
      const taskId = randomUUID();
      await scope.query(
        `insert into pharmacy_follow_up_task (id, tenant_id, merchant_id, member_id, kind, medication_purchase_id, due_on, note, status, created_at, created_by)
         values (?, ?, ?, ?, 'refill', ?, ?::date, ?, 'open', now(), 'refill-reminder')`,
        [taskId, scope.tenantId, scope.merchantId, refill.memberId, refill.id, refill.refillDueOn, `续药提醒 Refill ${refill.name ?? refill.sku}: runs out on ${refill.runsOutOn}`],
      );
      await scope.publish(PHARMACY_REFILL_DUE_V1, refill.memberId, {
        taskId,
        memberId: refill.memberId,
        merchantId: scope.merchantId,
        sku: refill.sku,
        name: refill.name,
        storeId: refill.storeId,
        storeName: storeNames.get(refill.storeId),
        runsOutOn: refill.runsOutOn,
        refillDueOn: refill.refillDueOn,
      } satisfies PharmacyRefillDueV1);
    }
  }
}
