import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { conflict, localDateOf, type PluginScope, type PosWriteEndpoint } from '@loyalty/plugin-sdk';
import { followUpDueOn } from '../domain/pet-dates';
import type { RecordServiceInput } from '../domain/pet-inputs';
import type { PetSettings } from '../domain/pet-settings';
import { lockPet } from '../pets/pet-records';

export interface ServiceRecorded {
  serviceId: string;
  petId: string;
  memberId: string;
  kind: string;
  orderNo: string;
  amountFen: number;
  performedAt: string;
  /** The purchase recorded for a paid service (points by the merchant's rule), or null. */
  purchaseId: string | null;
  pointsEarned: number;
  followUp: { taskId: string; dueOn: string; note: string } | null;
}

const SERVICE_NAMES: Record<string, string> = { grooming: '洗护美容', boarding: '寄养', medical: '医疗', other: '其他服务' };

/**
 * POST /api/pos/v1/plugins/pet/services — 服务记录: a service for a pet at the store. A paid one is
 * the member's purchase too (points, levels and reports as any sale); a follow-up asked for becomes
 * a staff task due on its day in the merchant's calendar (回访: call back in 3 days).
 */
@Injectable()
export class RecordServiceEndpoint implements PosWriteEndpoint<RecordServiceInput, ServiceRecorded> {
  async apply(scope: PluginScope<PetSettings>, input: RecordServiceInput, key: string) {
    const pet = await lockPet(scope, input.petId);
    const performedAt = input.performedAt ?? new Date().toISOString();
    const serviceId = randomUUID();
    const inserted = await scope.query(
      `insert into pet_service (id, tenant_id, merchant_id, store_id, pet_id, member_id, kind, order_no, amount_fen, performed_at, notes, recorded_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?) on conflict (store_id, order_no) do nothing returning id`,
      [serviceId, scope.tenantId, scope.merchantId, scope.ctx.storeId, pet.id, pet.memberId, input.kind, input.orderNo, input.amountFen, performedAt, input.notes ?? null, scope.ctx.actorId],
    );
    if (inserted.length === 0) throw conflict('PET_SERVICE_ORDER_TAKEN', `Order ${input.orderNo} already has a service at this store`);

    const purchase =
      input.amountFen > 0
        ? await scope.recordPurchase(
            {
              memberId: pet.memberId,
              orderNo: input.orderNo,
              amountFen: input.amountFen,
              occurredAt: performedAt,
              lines: [{ sku: `PET-${input.kind.toUpperCase()}`, name: SERVICE_NAMES[input.kind], category: 'pet-service', quantity: 1, amountFen: input.amountFen, attributes: { petId: pet.id } }],
            },
            key,
          )
        : null;
    if (purchase) await scope.query('update pet_service set purchase_id = ? where id = ?', [purchase.purchaseId, serviceId]);

    let followUp: ServiceRecorded['followUp'] = null;
    if (input.followUp) {
      const dueOn = followUpDueOn(localDateOf(new Date(performedAt), await scope.timeZone()), input.followUp, scope.settings.followUpDefaultDays);
      const taskId = randomUUID();
      await scope.query(
        `insert into pet_follow_up (id, tenant_id, merchant_id, store_id, pet_id, member_id, service_id, due_on, note, status, created_by)
         values (?, ?, ?, ?, ?, ?, ?, ?::date, ?, 'open', ?)`,
        [taskId, scope.tenantId, scope.merchantId, scope.ctx.storeId, pet.id, pet.memberId, serviceId, dueOn, input.followUp.note, scope.ctx.actorId],
      );
      followUp = { taskId, dueOn, note: input.followUp.note };
    }
    return {
      status: 201 as const,
      body: {
        serviceId,
        petId: pet.id,
        memberId: pet.memberId,
        kind: input.kind,
        orderNo: input.orderNo,
        amountFen: input.amountFen,
        performedAt: new Date(performedAt).toISOString(),
        purchaseId: purchase?.purchaseId ?? null,
        pointsEarned: purchase?.pointsEarned ?? 0,
        followUp,
      },
    };
  }
}
