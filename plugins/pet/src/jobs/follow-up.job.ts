import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginJob, type PluginScope } from '@loyalty/plugin-sdk';
import { PET_FOLLOW_UP_DUE_V1, type PetFollowUpDueV1 } from '../pet-events.v1';

/**
 * 回访提醒 (hourly, per pet store merchant): each open follow-up whose day has come in the merchant's
 * calendar is announced once (`pet.follow-up-due.v1`, for the staff): the row is marked in the same
 * transaction that writes the event.
 */
@Injectable()
export class FollowUpJob implements PluginJob {
  async run(scope: PluginScope, asOf: Date): Promise<void> {
    const today = localDateOf(asOf, await scope.timeZone());
    const due = await scope.query<{ id: string; storeId: string; memberId: string; petId: string; petName: string; dueOn: string; note: string }>(
      `update pet_follow_up f set announced_at = now() from pet_pet p
       where p.id = f.pet_id and f.status = 'open' and f.announced_at is null and f.due_on <= ?::date
       returning f.id, f.store_id as "storeId", f.member_id as "memberId", f.pet_id as "petId", p.name as "petName", f.due_on::text as "dueOn", f.note`,
      [today],
    );
    const storeNames = new Map<string, string>();
    for (const task of due) {
      if (!storeNames.has(task.storeId)) storeNames.set(task.storeId, (await scope.store(task.storeId)).name);
      const member = await scope.findMember({ memberId: task.memberId });
      await scope.publish(PET_FOLLOW_UP_DUE_V1, task.memberId, {
        taskId: task.id,
        merchantId: scope.merchantId,
        storeId: task.storeId,
        storeName: storeNames.get(task.storeId)!,
        memberId: task.memberId,
        memberName: member.name,
        memberPhone: member.phone,
        petId: task.petId,
        petName: task.petName,
        dueOn: task.dueOn,
        note: task.note,
      } satisfies PetFollowUpDueV1);
    }
  }
}
