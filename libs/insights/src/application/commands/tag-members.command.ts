import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, pgArray } from '@loyalty/database';
import { conflict, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { tagMembersInput } from '../insights-inputs';
import { loadTag } from '../tags';

export class TagMembersCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Puts a manual tag on members (or takes it off); returns how many members carry it now. */
@CommandHandler(TagMembersCommand)
export class TagMembersHandler implements ICommandHandler<TagMembersCommand, number> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: TagMembersCommand): Promise<number> {
    const data = parseInput(tagMembersInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const tag = await loadTag(tx, data.tagId);
      const scope = await resolveScope(tx, ctx, tag.scopeId === ctx.tenantId ? null : tag.scopeId);
      if (tag.kind === 'rule') throw conflict('TAG_IS_RULE_BASED', 'Members carry a rule-based tag while they meet its rule');
      const memberIds = [...new Set(data.memberIds)];
      if (data.tagged) {
        // Members of the tenant, registered at any of its merchants (an alliance shares them).
        const known = await tx.execute<{ memberId: string }[]>(
          `select member_id as "memberId" from insights.member_registration where tenant_id = ? and member_id = any(?::uuid[])
           union select member_id from insights.purchase_fact where ${scope.kind === 'merchant' ? 'merchant_id' : 'tenant_id'} = ? and member_id = any(?::uuid[])`,
          [scope.tenantId, pgArray(memberIds), scope.scopeId, pgArray(memberIds)],
        );
        const unknown = memberIds.filter((id) => !known.some((k) => k.memberId === id));
        if (unknown.length > 0) throw notFound('MEMBER_NOT_FOUND', `No such member: ${unknown.join(', ')}`);
        await tx.execute(
          `insert into insights.member_tag (tag_id, member_id, tenant_id, scope_id, tagged_at, tagged_by)
           select ?, unnest(?::uuid[]), ?, ?, now(), ? on conflict do nothing`,
          [tag.id, pgArray(memberIds), scope.tenantId, scope.scopeId, ctx.actorId],
        );
      } else {
        await tx.execute('delete from insights.member_tag where tag_id = ? and member_id = any(?::uuid[])', [tag.id, pgArray(memberIds)]);
      }
      const [{ count }] = await tx.execute<{ count: string }[]>('select count(*) from insights.member_tag where tag_id = ?', [tag.id]);
      return Number(count);
    });
  }
}
