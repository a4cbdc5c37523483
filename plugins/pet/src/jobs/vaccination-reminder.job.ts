import { Injectable } from '@nestjs/common';
import { localDateOf, type PluginJob, type PluginScope } from '@loyalty/plugin-sdk';
import type { PetSettings } from '../domain/pet-settings';
import { PET_VACCINATION_DUE_V1, type PetVaccinationDueV1 } from '../pet-events.v1';

/**
 * 疫苗提醒 (hourly, per pet store merchant): each pending vaccination whose reminder day (the
 * settings' lead before it is due) has come is announced once to its member (`pet.vaccination-due.v1`).
 */
@Injectable()
export class VaccinationReminderJob implements PluginJob {
  async run(scope: PluginScope<PetSettings>, asOf: Date): Promise<void> {
    const today = localDateOf(asOf, await scope.timeZone());
    const due = await scope.query<{ id: string; memberId: string; petId: string; petName: string; vaccine: string; dueOn: string }>(
      `update pet_vaccination v set reminder_status = 'reminded' from pet_pet p
       where p.id = v.pet_id and p.archived_at is null and v.reminder_status = 'pending' and v.next_due_on - ?::int <= ?::date
       returning v.id, p.member_id as "memberId", v.pet_id as "petId", p.name as "petName", v.vaccine, v.next_due_on::text as "dueOn"`,
      [scope.settings.vaccinationLeadDays, today],
    );
    for (const v of due) {
      await scope.publish(PET_VACCINATION_DUE_V1, v.memberId, {
        vaccinationId: v.id,
        merchantId: scope.merchantId,
        memberId: v.memberId,
        petId: v.petId,
        petName: v.petName,
        vaccine: v.vaccine,
        dueOn: v.dueOn,
        remindOn: today,
      } satisfies PetVaccinationDueV1);
    }
  }
}
