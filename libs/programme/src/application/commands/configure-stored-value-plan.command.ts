import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { type StoredValuePlan, StoredValuePlanSchema } from '../../domain/stored-value-plan.entity';
import { checkStoredValuePlan, storedValuePlanInput } from '../../domain/stored-value-rules';
import { configureMerchant } from '../merchant-configuration';

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
    const data = parseInput(storedValuePlanInput, input);
    checkStoredValuePlan(data);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const plan =
        (await tx.findOne(StoredValuePlanSchema, { merchantId: data.merchantId })) ??
        tx.create(StoredValuePlanSchema, { merchantId: data.merchantId, tenantId: ctx.tenantId!, spendOrder: data.spendOrder, bonusTiers: [] });
      Object.assign(plan, { spendOrder: data.spendOrder, bonusTiers: [...data.bonusTiers].sort((a, b) => a.minPayFen - b.minPayFen), updatedAt: new Date() });
      await tx.flush();
      return plan;
    });
  }
}
