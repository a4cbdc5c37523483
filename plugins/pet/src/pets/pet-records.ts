import { randomUUID } from 'node:crypto';
import { notFound, type PluginScope, unprocessable } from '@loyalty/plugin-sdk';

export interface PetRow {
  id: string;
  memberId: string;
  name: string;
  species: string;
  breed: string | null;
  sex: string;
  birthday: string | null;
  neutered: boolean | null;
  notes: string | null;
  weightGrams: number | null;
  weighedOn: string | null;
  createdAt: Date;
  archivedAt: Date | null;
  archivedReason: string | null;
}

/** A pet with its latest weighing; `p` is pet_pet. */
export const PET_SELECT = `select p.id, p.member_id as "memberId", p.name, p.species, p.breed, p.sex, p.birthday::text as birthday, p.neutered, p.notes,
  w.weight_grams as "weightGrams", w.weighed_on::text as "weighedOn", p.created_at as "createdAt",
  p.archived_at as "archivedAt", p.archived_reason as "archivedReason"
  from pet_pet p left join lateral (select weight_grams, weighed_on from pet_weighing where pet_id = p.id order by weighed_on desc, recorded_at desc limit 1) w on true`;

/** Pets by a condition on `p`, with dates as GraphQL takes them (SQL answers timestamps as text). */
export async function queryPets(scope: PluginScope<unknown>, where: string, params: readonly unknown[]): Promise<PetRow[]> {
  const rows = await scope.query<PetRow>(`${PET_SELECT} where ${where} order by p.created_at, p.id`, params);
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt), archivedAt: row.archivedAt && new Date(row.archivedAt) }));
}

/** One of the merchant's pets, locked for the write, or PET_NOT_FOUND (404); PET_ARCHIVED (422) for one that left, unless asked for. */
export async function lockPet(scope: PluginScope<unknown>, petId: string, options: { archived?: boolean } = {}): Promise<{ id: string; memberId: string; name: string }> {
  const [pet] = await scope.query<{ id: string; memberId: string; name: string; archived: boolean }>(
    'select id, member_id as "memberId", name, archived_at is not null as archived from pet_pet where id = ? for update',
    [petId],
  );
  if (!pet) throw notFound('PET_NOT_FOUND', 'No such pet at this merchant');
  if (pet.archived && !options.archived) throw unprocessable('PET_ARCHIVED', `${pet.name} has left the shop's records`);
  return pet;
}

export async function recordWeighing(scope: PluginScope<unknown>, petId: string, weightGrams: number, weighedOn: string): Promise<void> {
  await scope.query('insert into pet_weighing (id, tenant_id, merchant_id, pet_id, weight_grams, weighed_on, recorded_by) values (?, ?, ?, ?, ?, ?::date, ?)', [
    randomUUID(),
    scope.tenantId,
    scope.merchantId,
    petId,
    weightGrams,
    weighedOn,
    scope.ctx.actorId,
  ]);
}

/** Registers a member's pet (its first weighing too, when weighed). */
export async function insertPet(
  scope: PluginScope<unknown>,
  memberId: string,
  pet: { name: string; species: string; breed?: string | null; sex: string; birthday?: string | null; neutered?: boolean | null; notes?: string | null; weightGrams?: number },
  today: string,
): Promise<PetRow> {
  const id = randomUUID();
  await scope.query(
    `insert into pet_pet (id, tenant_id, merchant_id, member_id, name, species, breed, sex, birthday, neutered, notes, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?)`,
    [id, scope.tenantId, scope.merchantId, memberId, pet.name, pet.species, pet.breed ?? null, pet.sex, pet.birthday ?? null, pet.neutered ?? null, pet.notes ?? null, scope.ctx.actorId],
  );
  if (pet.weightGrams !== undefined) await recordWeighing(scope, id, pet.weightGrams, today);
  return (await queryPets(scope, 'p.id = ?', [id]))[0];
}
