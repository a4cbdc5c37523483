import { randomUUID } from 'node:crypto';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, GraphQLUUID, localDateOf, notFound, parseInput, PluginCore, type PluginScope, type RequestContext, unprocessable, z } from '@loyalty/plugin-sdk';
import { petFields, updatePetInput, vaccinationInput, weighingInput } from '../domain/pet-inputs';
import { withHistory } from '../pets/pet-history';
import { insertPet, lockPet, queryPets, recordWeighing } from '../pets/pet-records';
import { PetFollowUpTaskGql, PetGql, PetInputGql } from './pet.types';

const merchantArg = { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' } as const;
const TASK_SELECT = `select t.id, t.store_id as "storeId", t.member_id as "memberId", t.pet_id as "petId", p.name as "petName", t.service_id as "serviceId",
  t.due_on::text as "dueOn", t.note, t.status, t.announced_at as "announcedAt", t.outcome, t.created_at as "createdAt"
  from pet_follow_up t join pet_pet p on p.id = t.pet_id`;
const task = (row: PetFollowUpTaskGql): PetFollowUpTaskGql => ({ ...row, announcedAt: row.announcedAt && new Date(row.announcedAt), createdAt: new Date(row.createdAt) });

/** The pet store's own GraphQL for its staff: pets and their records, and the follow-up tasks. */
@Resolver()
export class PetResolver {
  constructor(private readonly core: PluginCore) {}

  private async pet(scope: PluginScope, id: string): Promise<PetGql> {
    const [pet] = await withHistory(scope, await queryPets(scope, 'p.id = ?', [id]));
    if (!pet) throw notFound('PET_NOT_FOUND', 'No such pet at this merchant');
    return pet;
  }

  @Query(() => [PetGql], { description: '宠物档案: a member’s pets at this pet store' })
  pets(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args('merchantId', merchantArg) merchantId?: string): Promise<PetGql[]> {
    return this.core.inTenant(ctx, async (scope) => withHistory(scope, await queryPets(scope, 'p.member_id = ?', [memberId])), merchantId);
  }

  @Mutation(() => PetGql, { description: '宠物建档: registers a member’s pet (the weight, if weighed, as its first weighing)' })
  registerPet(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('input', { type: () => PetInputGql }) input: PetInputGql,
    @Args('weightGrams', { type: () => Int, nullable: true }) weightGrams?: number,
  ): Promise<PetGql> {
    const data = parseInput(z.object({ ...petFields, weightGrams: z.number().int().min(1).max(200_000).optional() }), { ...input, sex: input.sex ?? undefined, weightGrams: weightGrams ?? undefined });
    return this.core.inTenant(ctx, async (scope) => {
      await scope.findMember({ memberId });
      const pet = await insertPet(scope, memberId, data, localDateOf(new Date(), await scope.timeZone()));
      return this.pet(scope, pet.id);
    });
  }

  @Mutation(() => PetGql, { description: 'Changes a pet’s description, replaced whole' })
  updatePet(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string, @Args('input', { type: () => PetInputGql }) input: PetInputGql): Promise<PetGql> {
    const data = parseInput(updatePetInput, { ...input, sex: input.sex ?? undefined });
    return this.core.inTenant(ctx, async (scope) => {
      await lockPet(scope, id, { archived: true }); // records of a pet that left may still be corrected
      await scope.query('update pet_pet set name = ?, species = ?, breed = ?, sex = ?, birthday = ?::date, neutered = ?, notes = ? where id = ?', [
        data.name,
        data.species,
        data.breed ?? null,
        data.sex,
        data.birthday ?? null,
        data.neutered ?? null,
        data.notes ?? null,
        id,
      ]);
      return this.pet(scope, id);
    });
  }

  @Mutation(() => PetGql, { description: '称重: a pet’s weight in grams on a day (today by default)' })
  recordPetWeighing(
    @Ctx() ctx: RequestContext,
    @Args('petId', { type: () => GraphQLUUID }) petId: string,
    @Args('weightGrams', { type: () => Int }) weightGrams: number,
    @Args('weighedOn', { nullable: true, description: 'YYYY-MM-DD' }) weighedOn?: string,
  ): Promise<PetGql> {
    const data = parseInput(weighingInput, { petId, weightGrams, weighedOn: weighedOn ?? undefined });
    return this.core.inTenant(ctx, async (scope) => {
      await lockPet(scope, petId);
      await recordWeighing(scope, petId, data.weightGrams, data.weighedOn ?? localDateOf(new Date(), await scope.timeZone()));
      return this.pet(scope, petId);
    });
  }

  @Mutation(() => PetGql, { description: '疫苗: a vaccination given, and when the next is due (its reminder); it supersedes the reminder of an earlier one of the vaccine' })
  recordPetVaccination(
    @Ctx() ctx: RequestContext,
    @Args('petId', { type: () => GraphQLUUID }) petId: string,
    @Args('vaccine') vaccine: string,
    @Args('givenOn', { description: 'YYYY-MM-DD' }) givenOn: string,
    @Args('nextDueOn', { nullable: true, description: 'YYYY-MM-DD' }) nextDueOn?: string,
  ): Promise<PetGql> {
    const data = parseInput(vaccinationInput, { petId, vaccine, givenOn, nextDueOn: nextDueOn ?? undefined });
    return this.core.inTenant(ctx, async (scope) => {
      await lockPet(scope, petId);
      await scope.query(`update pet_vaccination set reminder_status = 'superseded' where pet_id = ? and vaccine = ? and reminder_status = 'pending' and given_on <= ?::date`, [
        petId,
        data.vaccine,
        data.givenOn,
      ]);
      await scope.query(
        `insert into pet_vaccination (id, tenant_id, merchant_id, pet_id, vaccine, given_on, next_due_on, reminder_status, recorded_by) values (?, ?, ?, ?, ?, ?::date, ?::date, ?, ?)`,
        [randomUUID(), scope.tenantId, scope.merchantId, petId, data.vaccine, data.givenOn, data.nextDueOn ?? null, data.nextDueOn ? 'pending' : 'none', ctx.actorId],
      );
      return this.pet(scope, petId);
    });
  }

  @Mutation(() => PetGql, { description: '离开: a pet that died or left, kept in the records; its open follow-ups are cancelled, no reminders nor gifts follow' })
  archivePet(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string, @Args('reason') reason: string): Promise<PetGql> {
    const data = parseInput(z.string().trim().min(1).max(500), reason);
    return this.core.inTenant(ctx, async (scope) => {
      await lockPet(scope, id);
      await scope.query('update pet_pet set archived_at = now(), archived_reason = ? where id = ?', [data, id]);
      await scope.query(`update pet_follow_up set status = 'cancelled', outcome = ?, closed_at = now(), closed_by = ? where pet_id = ? and status = 'open'`, [data, ctx.actorId, id]);
      return this.pet(scope, id);
    });
  }

  @Query(() => [PetFollowUpTaskGql], { description: '回访任务: follow-ups by due day; a store’s staff see their store’s' })
  petFollowUpTasks(
    @Ctx() ctx: RequestContext,
    @Args('status', { nullable: true, description: 'open, done or cancelled; all when omitted' }) status?: string,
    @Args('dueBy', { nullable: true, description: 'YYYY-MM-DD: due on or before' }) dueBy?: string,
    @Args('storeId', { type: () => GraphQLUUID, nullable: true }) storeId?: string,
    @Args('merchantId', merchantArg) merchantId?: string,
  ): Promise<PetFollowUpTaskGql[]> {
    const filter = parseInput(z.object({ status: z.enum(['open', 'done', 'cancelled']).optional(), dueBy: z.iso.date().optional() }), {
      status: status ?? undefined,
      dueBy: dueBy ?? undefined,
    });
    const store = ctx.storeId ?? storeId ?? null;
    return this.core.inTenant(
      ctx,
      async (scope) =>
        (
          await scope.query<PetFollowUpTaskGql>(
            `${TASK_SELECT} where (?::text is null or t.status = ?) and (?::date is null or t.due_on <= ?::date) and (?::uuid is null or t.store_id = ?)
             order by t.due_on, t.created_at limit 500`,
            [filter.status ?? null, filter.status ?? null, filter.dueBy ?? null, filter.dueBy ?? null, store, store],
          )
        ).map(task),
      merchantId,
    );
  }

  @Mutation(() => PetFollowUpTaskGql, { description: 'Closes an open follow-up: done with what came of it, or cancelled with why' })
  closePetFollowUpTask(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => GraphQLUUID }) id: string,
    @Args('status', { description: 'done or cancelled' }) status: string,
    @Args('outcome') outcome: string,
  ): Promise<PetFollowUpTaskGql> {
    const data = parseInput(z.object({ status: z.enum(['done', 'cancelled']), outcome: z.string().trim().min(1).max(2000) }), { status, outcome });
    return this.core.inTenant(ctx, async (scope) => {
      const [found] = await scope.query<{ status: string; storeId: string }>('select status, store_id as "storeId" from pet_follow_up where id = ? for update', [id]);
      if (!found || (ctx.storeId && found.storeId !== ctx.storeId)) throw notFound('PET_FOLLOW_UP_NOT_FOUND', 'No such follow-up task');
      if (found.status !== 'open') throw unprocessable('PET_FOLLOW_UP_CLOSED', `The task is already ${found.status}`);
      await scope.query('update pet_follow_up set status = ?, outcome = ?, closed_at = now(), closed_by = ? where id = ?', [data.status, data.outcome, ctx.actorId, id]);
      return task((await scope.query<PetFollowUpTaskGql>(`${TASK_SELECT} where t.id = ?`, [id]))[0]);
    });
  }
}
