import type { PluginScope } from '@loyalty/plugin-sdk';
import type { PetGql, PetServiceGql, PetVaccinationGql } from '../api/pet.types';
import type { PetRow } from './pet-records';

/** Services shown per pet, newest first. */
const SERVICES_PER_PET = 20;

const byPet = <T extends { petId: string }>(rows: T[]) => {
  const grouped = new Map<string, Omit<T, 'petId'>[]>();
  for (const { petId, ...row } of rows) grouped.set(petId, [...(grouped.get(petId) ?? []), row]);
  return grouped;
};

/** Pets with their vaccinations and latest services, in two queries for all of them. */
export async function withHistory(scope: PluginScope<unknown>, pets: PetRow[]): Promise<PetGql[]> {
  if (pets.length === 0) return [];
  const ids = `{${pets.map((p) => p.id).join(',')}}`;
  const vaccinations = byPet(
    await scope.query<PetVaccinationGql & { petId: string }>(
      `select pet_id as "petId", id, vaccine, given_on::text as "givenOn", next_due_on::text as "nextDueOn", reminder_status as "reminderStatus"
       from pet_vaccination where pet_id = any(?::uuid[]) order by given_on desc, recorded_at desc`,
      [ids],
    ),
  );
  const services = byPet(
    (
      await scope.query<PetServiceGql & { petId: string }>(
        `select "petId", id, "storeId", kind, "orderNo", "amountFen", "performedAt", notes from (
           select pet_id as "petId", id, store_id as "storeId", kind, order_no as "orderNo", amount_fen as "amountFen", performed_at as "performedAt", notes,
                  row_number() over (partition by pet_id order by performed_at desc, id) as n
           from pet_service where pet_id = any(?::uuid[])) s
         where n <= ${SERVICES_PER_PET} order by "performedAt" desc, id`,
        [ids],
      )
    ).map((s) => ({ ...s, performedAt: new Date(s.performedAt) })),
  );
  return pets.map((pet) => ({ ...pet, vaccinations: vaccinations.get(pet.id) ?? [], services: services.get(pet.id) ?? [] }) as PetGql);
}
