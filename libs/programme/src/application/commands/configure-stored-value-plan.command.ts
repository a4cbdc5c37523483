import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type StoredValuePlan, StoredValuePlanSchema } from '../../domain/stored-value-plan.entity';
import { checkStoredValuePlan, storedValuePlanInput } from '../../domain/stored-value-rules';

export class ConfigureStoredValuePlanCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Sets a merchant's recharge bonus tiers and spend order, whole; recharges already made keep their bonus. */
@CommandHandler(ConfigureStoredValuePlanCommand)
export class ConfigureStoredValuePlanHandler implements ICommandHandler<ConfigureStoredValuePlanCommand, StoredValuePlan> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: ConfigureStoredValuePlanCommand): Promise<StoredValuePlan> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(storedValuePlanInput, input);
    checkStoredValuePlan(data);
    if (ctx.merchantId && ctx.merchantId !== data.merchantId) throw forbidden('Merchant admins configure their own merchant only');
    return this.db.inTenant(ctx, async (tx) => {
      const [merchant] = await tx.execute<{ id: string }[]>('select id from merchant where id = ?', [data.merchantId]);
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const plan =
        (await tx.findOne(StoredValuePlanSchema, { merchantId: data.merchantId })) ??
        tx.create(StoredValuePlanSchema, { merchantId: data.merchantId, tenantId: ctx.tenantId!, spendOrder: data.spendOrder, bonusTiers: [] });
      Object.assign(plan, { spendOrder: data.spendOrder, bonusTiers: [...data.bonusTiers].sort((a, b) => a.minPayFen - b.minPayFen), updatedAt: new Date() });
      await tx.flush();
      return plan;
    });
  }
}
