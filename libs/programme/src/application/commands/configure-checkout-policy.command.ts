import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { type CheckoutPolicy, CheckoutPolicySchema } from '../../domain/checkout-policy.entity';
import { checkoutPolicyInput } from '../programme-inputs';
import { configureMerchant } from '../merchant-configuration';

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
    const data = parseInput(checkoutPolicyInput, input);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const policy = (await tx.findOne(CheckoutPolicySchema, { merchantId: data.merchantId })) ?? tx.create(CheckoutPolicySchema, { ...data, tenantId: ctx.tenantId! });
      Object.assign(policy, { ...data, updatedAt: new Date() });
      await tx.flush();
      return policy;
    });
  }
}
