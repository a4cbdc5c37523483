import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, forbidden, newId, parseInput, type RequestContext } from '@loyalty/shared';
import { loadScheme, type SchemeRow } from '../clearing-access';
import { createSchemeInput } from '../clearing-inputs';

export class CreateClearingSchemeCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * A clearing scheme: an alliance operator's, whose participants are the alliance's merchants, or a
 * franchise HQ's, whose participants are the chain's stores (the same engine either way).
 */
@CommandHandler(CreateClearingSchemeCommand)
export class CreateClearingSchemeHandler implements ICommandHandler<CreateClearingSchemeCommand, SchemeRow> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateClearingSchemeCommand): Promise<SchemeRow> {
    const data = parseInput(createSchemeInput, input);
    const operatorMerchantId = data.participantKind === 'store' ? ctx.merchantId : null;
    if (data.participantKind === 'merchant' && !ctx.roles.includes('ALLIANCE_OPERATOR')) {
      throw forbidden("Only an alliance operator sets up clearing between the alliance's merchants");
    }
    if (data.participantKind === 'store' && !(ctx.roles.includes('MERCHANT_ADMIN') && ctx.merchantId)) {
      throw forbidden("Only a merchant admin (HQ) sets up clearing between the chain's stores");
    }
    return this.db.inTenant(ctx, async (tx) => {
      const id = newId();
      const rows = await tx.execute<{ id: string }[]>(
        `insert into clearing.scheme (id, tenant_id, name, participant_kind, operator_merchant_id, operator_name, time_zone, schedule, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (tenant_id, name) do nothing returning id`,
        [id, ctx.tenantId, data.name, data.participantKind, operatorMerchantId, data.operatorName, data.timeZone, data.schedule ?? null],
      );
      if (rows.length === 0) throw conflict('CLEARING_SCHEME_EXISTS', 'A clearing scheme with this name already exists');
      return loadScheme(tx, id);
    });
  }
}
