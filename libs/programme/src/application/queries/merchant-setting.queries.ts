import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { CheckoutPolicySchema } from '../../domain/checkout-policy.entity';
import { ReferralProgramSchema } from '../../domain/referral.entity';
import { StoredValuePlanSchema } from '../../domain/stored-value-plan.entity';

/** A merchant's programme settings, one row each, keyed by the merchant. */
const SETTINGS = { storedValuePlan: StoredValuePlanSchema, checkoutPolicy: CheckoutPolicySchema, referralProgram: ReferralProgramSchema };

export class GetMerchantSettingQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly setting: keyof typeof SETTINGS,
    readonly merchantId: string,
  ) {}
}

/** One of a merchant's settings as configured, or null (the defaults apply); another merchant's is not visible. */
@QueryHandler(GetMerchantSettingQuery)
export class GetMerchantSettingHandler implements IQueryHandler<GetMerchantSettingQuery, unknown> {
  constructor(private readonly db: Db) {}
  execute({ ctx, setting, merchantId }: GetMerchantSettingQuery) {
    return this.db.inTenant(ctx, (tx) => tx.findOne(SETTINGS[setting] as typeof StoredValuePlanSchema, { merchantId }));
  }
}
