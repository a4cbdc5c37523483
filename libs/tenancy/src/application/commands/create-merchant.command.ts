import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { appendToOutbox, MERCHANT_CREATED_V1, type MerchantCreatedV1 } from '@loyalty/events';
import { badRequest, forbidden, newId, parseInput, type RequestContext } from '@loyalty/shared';
import { AllianceSchema } from '../../domain/alliance.entity';
import { type Merchant, MerchantSchema } from '../../domain/merchant.entity';
import { MerchantEarnRuleSchema } from '../../domain/merchant-earn-rule.entity';
import { isPlatformAdmin, requireRole } from '../../auth/access';
import { createMerchantInput } from '../tenancy-inputs';

export class CreateMerchantCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * Adds a merchant to an alliance (its tenant is the alliance) or as a standalone merchant (its own
 * tenant). Its ledger accounts are opened by the ledger's users when first needed.
 */
@CommandHandler(CreateMerchantCommand)
export class CreateMerchantHandler implements ICommandHandler<CreateMerchantCommand, Merchant> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateMerchantCommand): Promise<Merchant> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR');
    const data = parseInput(createMerchantInput, input);
    if (!isPlatformAdmin(ctx)) {
      if (data.allianceId && data.allianceId !== ctx.tenantId) throw forbidden('Alliance operators add merchants to their own alliance');
      data.allianceId = ctx.tenantId;
    }
    return this.db.asActor(ctx, async (tx) => {
      const alliance = data.allianceId ? await tx.findOne(AllianceSchema, { id: data.allianceId }) : null;
      if (data.allianceId && !alliance) throw badRequest('ALLIANCE_NOT_FOUND', 'No such alliance');
      const id = newId();
      const tenantId = data.allianceId ?? id;
      const merchant = tx.create(MerchantSchema, {
        id,
        tenantId,
        allianceId: data.allianceId ?? null,
        name: data.name,
        industry: data.industry,
        timezone: data.timezone,
        settings: data.settings,
        createdAt: new Date(),
      });
      // Its row first: the ORM knows no order between the two tables (the rule references it).
      await tx.flush();
      // The earn rule it starts with covers all time before its first change (history included).
      tx.create(MerchantEarnRuleSchema, {
        id: newId(),
        tenantId,
        merchantId: id,
        effectiveFrom: null,
        pointsPerYuan: data.settings.earnRule.pointsPerYuan,
        pointsExpiryMonths: data.settings.pointsExpiryMonths,
        createdBy: ctx.actorId,
        createdAt: new Date(),
      });
      await tx.flush();
      await appendToOutbox(tx, { ...ctx, tenantId }, [
        {
          type: MERCHANT_CREATED_V1,
          key: id,
          payload: {
            merchantId: id,
            allianceId: merchant.allianceId ?? null,
            allianceName: alliance?.name ?? null,
            name: merchant.name,
            industry: merchant.industry,
            timeZone: merchant.timezone,
            createdAt: merchant.createdAt.toISOString(),
          } satisfies MerchantCreatedV1,
        },
      ]);
      return merchant;
    });
  }
}
