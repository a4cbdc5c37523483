import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type VisitCardProduct, VisitCardProductSchema } from '../../domain/visit-card.entity';
import { visitCardProductInput } from '../programme-inputs';

export class CreateVisitCardProductCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A visit card (次卡) or time card (月卡/年卡) a merchant sells. */
@CommandHandler(CreateVisitCardProductCommand)
export class CreateVisitCardProductHandler implements ICommandHandler<CreateVisitCardProductCommand, VisitCardProduct> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateVisitCardProductCommand): Promise<VisitCardProduct> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(visitCardProductInput, input);
    if (ctx.merchantId && ctx.merchantId !== data.merchantId) throw forbidden('Merchant admins create their own merchant’s cards only');
    return this.db.inTenant(ctx, async (tx) => {
      const [merchant] = await tx.execute<{ id: string }[]>('select id from merchant where id = ?', [data.merchantId]);
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const product = tx.create(VisitCardProductSchema, { id: newId(), tenantId: ctx.tenantId!, ...data, uses: data.uses ?? null });
      await tx.flush();
      return product;
    });
  }
}
