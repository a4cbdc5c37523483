import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { type VisitCardProduct, VisitCardProductSchema } from '../../domain/visit-card.entity';
import { visitCardProductInput } from '../programme-inputs';
import { configureMerchant } from '../merchant-configuration';

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
    const data = parseInput(visitCardProductInput, input);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const product = tx.create(VisitCardProductSchema, { id: newId(), tenantId: ctx.tenantId!, ...data, uses: data.uses ?? null });
      await tx.flush();
      return product;
    });
  }
}
