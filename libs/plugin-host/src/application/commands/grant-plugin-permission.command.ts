import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { badRequest, notFound, type RequestContext } from '@loyalty/shared';
import { merchantFor } from '../plugin-merchant-access';
import { PluginRegistry } from '../plugin-registry';
import { requirePluginAdmin } from '../plugin-state';

export interface PluginPermissionInput {
  staffId: string;
  pluginId: string;
  permission: string;
}

export class GrantPluginPermissionCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: PluginPermissionInput,
    /** False: revoke it. */
    readonly granted: boolean = true,
  ) {}
}

/**
 * Gives a merchant's staff member a plugin permission (a pharmacist 药师 the pharmacy's health
 * profiles), or takes it back. Granted by the merchant's admins or its alliance's operators, to the
 * merchant's own staff only; nobody holds one without a grant, admins included.
 */
@CommandHandler(GrantPluginPermissionCommand)
export class GrantPluginPermissionHandler implements ICommandHandler<GrantPluginPermissionCommand, { staffId: string; pluginId: string; permission: string; merchantId: string; grantedBy: string }> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  execute({ ctx, input, granted }: GrantPluginPermissionCommand) {
    requirePluginAdmin(ctx);
    const plugin = this.registry.get(input.pluginId).definition;
    if (!plugin.permissions?.some((p) => p.code === input.permission)) {
      throw badRequest('PLUGIN_PERMISSION_NOT_FOUND', `Plugin ${plugin.id} has no permission "${input.permission}"`, { known: (plugin.permissions ?? []).map((p) => p.code) });
    }
    return this.db.asActor(ctx, async (tx: Tx) => {
      const [staff] = await tx.execute<{ merchantId: string | null }[]>('select merchant_id as "merchantId" from staff where id = ?', [input.staffId]);
      if (!staff?.merchantId) throw notFound('STAFF_NOT_FOUND', "No such staff member of a merchant");
      const merchant = await merchantFor(tx, ctx, staff.merchantId);
      if (granted) {
        await tx.execute(
          `insert into plugin_permission_grant (staff_id, plugin_id, permission, tenant_id, merchant_id, granted_at, granted_by) values (?, ?, ?, ?, ?, now(), ?)
           on conflict do nothing`,
          [input.staffId, plugin.id, input.permission, merchant.tenantId, merchant.id, ctx.actorId],
        );
      } else {
        await tx.execute('delete from plugin_permission_grant where staff_id = ? and plugin_id = ? and permission = ?', [input.staffId, plugin.id, input.permission]);
      }
      return { ...input, merchantId: merchant.id, grantedBy: ctx.actorId };
    });
  }
}
