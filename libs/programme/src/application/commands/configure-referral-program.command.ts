import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { afterCommit, Db, pgArray } from '@loyalty/database';
import { notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { type ReferralProgram, ReferralProgramSchema, type ReferralReward } from '../../domain/referral.entity';
import { configureMerchant } from '../merchant-configuration';
import { referralProgramInput } from '../programme-inputs';
import { ReferralRewards } from '../referral-rewards';

export class ConfigureReferralProgramCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Sets a merchant's referral programme: what both members get on registration and/or first purchase. */
@CommandHandler(ConfigureReferralProgramCommand)
export class ConfigureReferralProgramHandler implements ICommandHandler<ConfigureReferralProgramCommand, ReferralProgram> {
  constructor(
    private readonly db: Db,
    private readonly rewards: ReferralRewards,
  ) {}

  execute({ ctx, input }: ConfigureReferralProgramCommand): Promise<ReferralProgram> {
    const data = parseInput(referralProgramInput, input);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const rewards = [data.onRegistration, data.onFirstPurchase];
      const templates = rewards.flatMap((r) => [r?.inviterCouponTemplateId, r?.inviteeCouponTemplateId]).filter((id): id is string => id !== undefined);
      const found = await tx.execute<{ id: string }[]>('select id from coupon_template where merchant_id = ? and id = any(?::uuid[])', [data.merchantId, pgArray(templates)]);
      if (found.length !== new Set(templates).size) throw notFound('COUPON_TEMPLATE_NOT_FOUND', 'No such coupon template at this merchant');
      const reward = (r: (typeof rewards)[number]): ReferralReward | null =>
        r ? { ...r, inviterCouponTemplateId: r.inviterCouponTemplateId ?? null, inviteeCouponTemplateId: r.inviteeCouponTemplateId ?? null } : null;
      const values = { windowDays: data.windowDays, onRegistration: reward(data.onRegistration), onFirstPurchase: reward(data.onFirstPurchase), updatedAt: new Date() };
      const program = (await tx.findOne(ReferralProgramSchema, { merchantId: data.merchantId })) ?? tx.create(ReferralProgramSchema, { ...values, merchantId: data.merchantId, tenantId: ctx.tenantId! });
      Object.assign(program, values);
      await tx.flush();
      afterCommit(tx, () => this.rewards.forgetProgram(data.merchantId));
      return program;
    });
  }
}
