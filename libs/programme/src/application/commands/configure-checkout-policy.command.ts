import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type CheckoutPolicy, CheckoutPolicySchema } from '../../domain/checkout-policy.entity';
import { checkoutPolicyInput } from '../programme-inputs';

export class ConfigureCheckoutPolicyCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Sets how a merchant's checkouts take points as money and how long quotes hold. */
@CommandHandler(ConfigureCheckoutPolicyCommand)
export class ConfigureCheckoutPolicyHandler implements ICommandHandler<ConfigureCheckoutPolicyCommand, CheckoutPolicy> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: ConfigureCheckoutPolicyCommand): Promise<CheckoutPolicy> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(checkoutPolicyInput, input);
    if (ctx.merchantId && ctx.merchantId !== data.merchantId) throw forbidden('Merchant admins configure their own merchant only');
    return this.db.inTenant(ctx, async (tx) => {
      const [merchant] = await tx.execute<{ id: string }[]>('select id from merchant where id = ?', [data.merchantId]);
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const policy = (await tx.findOne(CheckoutPolicySchema, { merchantId: data.merchantId })) ?? tx.create(CheckoutPolicySchema, { ...data, tenantId: ctx.tenantId! });
      Object.assign(policy, { ...data, updatedAt: new Date() });
      await tx.flush();
      return policy;
    });
  }
}
