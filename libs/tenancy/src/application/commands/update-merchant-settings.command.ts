import { LockMode } from '@mikro-orm/core';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, forbidden, newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { type Merchant, MerchantSchema } from '../../domain/merchant.entity';
import { MerchantEarnRuleSchema } from '../../domain/merchant-earn-rule.entity';
import { merchantSettingsSchema } from '../../domain/merchant-settings';
import { requireRole } from '../../auth/access';
import { earnRuleVersions, MerchantDirectory } from '../../contracts/merchant-directory';
import { updateMerchantSettingsInput } from '../tenancy-inputs';

export class UpdateMerchantSettingsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * Changes a merchant's earn rule as a new version in force from `effectiveFrom` (now by default):
 * purchases of earlier times keep earning by the rule of their time. A change may take effect in
 * the past (before importing history that should earn by it), never before the latest change;
 * points already earned never change.
 */
@CommandHandler(UpdateMerchantSettingsCommand)
export class UpdateMerchantSettingsHandler implements ICommandHandler<UpdateMerchantSettingsCommand, Merchant> {
  constructor(
    private readonly db: Db,
    private readonly directory: MerchantDirectory,
  ) {}

  async execute({ ctx, input }: UpdateMerchantSettingsCommand): Promise<Merchant> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(updateMerchantSettingsInput, input);
    if (ctx.merchantId && ctx.merchantId !== data.merchantId) throw forbidden('Merchant admins change their own merchant only');
    return this.db.asActor(ctx, async (tx) => {
      // Locked, so concurrent changes line up one after the other in the history.
      const merchant = await tx.findOne(MerchantSchema, { id: data.merchantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      // The latest version is the rule in force now (none takes effect in the future).
      const latestVersion = (await earnRuleVersions(tx, merchant.id)).at(-1)!;
      const current = latestVersion.settings;
      const next = merchantSettingsSchema.parse({
        ...current,
        ...data.settings,
        earnRule: { ...current.earnRule, ...data.settings.earnRule },
      });
      if (next.earnRule.pointsPerYuan === current.earnRule.pointsPerYuan && next.pointsExpiryMonths === current.pointsExpiryMonths) return merchant;

      const effectiveFrom = data.effectiveFrom ? new Date(data.effectiveFrom) : new Date();
      const latest = latestVersion.effectiveFrom;
      if (latest && effectiveFrom <= latest) {
        throw conflict('EARN_RULE_HISTORY_CONFLICT', `A change cannot take effect before the latest one (${latest.toISOString()})`, {
          latestEffectiveFrom: latest.toISOString(),
        });
      }
      tx.create(MerchantEarnRuleSchema, {
        id: newId(),
        tenantId: merchant.tenantId,
        merchantId: merchant.id,
        effectiveFrom,
        pointsPerYuan: next.earnRule.pointsPerYuan,
        pointsExpiryMonths: next.pointsExpiryMonths,
        createdBy: ctx.actorId,
        createdAt: new Date(),
      });
      merchant.settings = next;
      await tx.flush();
      return merchant;
    }).finally(() => this.directory.forget(data.merchantId));
  }
}
