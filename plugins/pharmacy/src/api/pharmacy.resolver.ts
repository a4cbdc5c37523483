import { randomUUID } from 'node:crypto';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, GraphQLUUID, notFound, parseInput, PluginCore, type PluginScope, type RequestContext, z } from '@loyalty/plugin-sdk';
import { HEALTH_PROFILE_COLUMNS, healthProfile } from '../health/health-profile.loader';
import { FollowUpTaskGql, HealthProfileGql, HealthProfileInputGql } from './pharmacy.types';

/** 查看/编辑健康档案与用药记录: health profiles and medication history. */
export const HEALTH_PROFILE = 'health-profile';
/** 药师随访: pharmacists' follow-up tasks. */
export const FOLLOW_UP = 'follow-up';

const terms = z.array(z.string().trim().min(1).max(100)).max(50);
const healthProfileInput = z.object({ chronicConditions: terms, allergies: terms, notes: z.string().max(2000).nullish() });
const localDate = z.iso.date();
/** A task row as GraphQL's date-time takes it (SQL answers timestamps as text). */
const followUpTask = (row: FollowUpTaskGql): FollowUpTaskGql => ({ ...row, createdAt: new Date(row.createdAt) });
const TASK_COLUMNS = `id, member_id as "memberId", kind, due_on::text as "dueOn", note, status, outcome, created_at as "createdAt"`;

/** The pharmacy's own GraphQL: health profiles and follow-up tasks, each behind its permission. */
@Resolver()
export class PharmacyResolver {
  constructor(private readonly core: PluginCore) {}

  private withPermission<T>(ctx: RequestContext, permission: string, work: (scope: PluginScope) => Promise<T>, merchantId?: string): Promise<T> {
    return this.core.inTenant(
      ctx,
      async (scope) => {
        await scope.requirePermission(permission);
        return work(scope);
      },
      merchantId,
    );
  }

  @Mutation(() => HealthProfileGql, { description: '健康档案: records a member’s chronic conditions and allergies (health-profile permission)' })
  setPharmacyHealthProfile(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('input', { type: () => HealthProfileInputGql }) input: HealthProfileInputGql,
  ): Promise<HealthProfileGql> {
    const data = parseInput(healthProfileInput, input);
    return this.withPermission(ctx, HEALTH_PROFILE, async (scope) => {
      await scope.findMember({ memberId });
      const [profile] = await scope.query<HealthProfileGql>(
        `insert into pharmacy_health_profile (merchant_id, member_id, tenant_id, chronic_conditions, allergies, notes, updated_at, updated_by)
         values (?, ?, ?, ?::text[], ?::text[], ?, now(), ?)
         on conflict (merchant_id, member_id) do update set chronic_conditions = excluded.chronic_conditions, allergies = excluded.allergies,
           notes = excluded.notes, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning ${HEALTH_PROFILE_COLUMNS}`,
        [scope.merchantId, memberId, scope.tenantId, pgTextArray(data.chronicConditions), pgTextArray(data.allergies), data.notes ?? null, ctx.actorId],
      );
      return healthProfile(profile);
    });
  }

  @Query(() => [FollowUpTaskGql], { description: '药师随访: the pharmacy’s follow-up tasks, earliest due first (follow-up permission)' })
  pharmacyFollowUpTasks(
    @Ctx() ctx: RequestContext,
    @Args('status', { nullable: true, description: 'open or done; both when omitted' }) status?: string,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' }) merchantId?: string,
  ): Promise<FollowUpTaskGql[]> {
    const filter = parseInput(z.enum(['open', 'done']).optional(), status ?? undefined);
    return this.withPermission(
      ctx,
      FOLLOW_UP,
      async (scope) =>
        (await scope.query<FollowUpTaskGql>(`select ${TASK_COLUMNS} from pharmacy_follow_up_task where (?::text is null or status = ?) order by due_on, created_at limit 500`, [filter ?? null, filter ?? null])).map(
          followUpTask,
        ),
      merchantId,
    );
  }

  @Mutation(() => FollowUpTaskGql, { description: 'A follow-up a pharmacist plans with a member (follow-up permission)' })
  createPharmacyFollowUpTask(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('dueOn', { description: 'YYYY-MM-DD' }) dueOn: string,
    @Args('note') note: string,
  ): Promise<FollowUpTaskGql> {
    const data = parseInput(z.object({ dueOn: localDate, note: z.string().trim().min(1).max(2000) }), { dueOn, note });
    return this.withPermission(ctx, FOLLOW_UP, async (scope) => {
      await scope.findMember({ memberId });
      const [task] = await scope.query<FollowUpTaskGql>(
        `insert into pharmacy_follow_up_task (id, tenant_id, merchant_id, member_id, kind, due_on, note, status, created_at, created_by)
         values (?, ?, ?, ?, 'follow-up', ?::date, ?, 'open', now(), ?) returning ${TASK_COLUMNS}`,
        [randomUUID(), scope.tenantId, scope.merchantId, memberId, data.dueOn, data.note, ctx.actorId],
      );
      return followUpTask(task);
    });
  }

  @Mutation(() => FollowUpTaskGql, { description: 'Closes a follow-up task with what came of it (follow-up permission)' })
  completePharmacyFollowUpTask(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => GraphQLUUID }) id: string,
    @Args('outcome') outcome: string,
  ): Promise<FollowUpTaskGql> {
    const data = parseInput(z.string().trim().min(1).max(2000), outcome);
    return this.withPermission(ctx, FOLLOW_UP, async (scope) => {
      const [task] = await scope.query<FollowUpTaskGql>(
        `update pharmacy_follow_up_task set status = 'done', outcome = ?, done_at = now(), done_by = ? where id = ? returning ${TASK_COLUMNS}`,
        [data, ctx.actorId, id],
      );
      if (!task) throw notFound('FOLLOW_UP_TASK_NOT_FOUND', 'No such follow-up task');
      return followUpTask(task);
    });
  }
}

/** A PostgreSQL text[] literal, each element quoted. */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
