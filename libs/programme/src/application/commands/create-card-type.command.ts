import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { type CardType, CardTypeSchema } from '../../domain/member-card.entity';
import { configureMerchant } from '../merchant-configuration';
import { cardTypeInput } from '../programme-inputs';

export class CreateCardTypeCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A card a merchant offers: free, paid (monthly/annual), level, or internal. */
@CommandHandler(CreateCardTypeCommand)
export class CreateCardTypeHandler implements ICommandHandler<CreateCardTypeCommand, CardType> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: CreateCardTypeCommand): Promise<CardType> {
    const data = parseInput(cardTypeInput, input);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const cardType = tx.create(CardTypeSchema, { id: newId(), tenantId: ctx.tenantId!, ...data, priceFen: data.priceFen ?? null, periodMonths: data.periodMonths ?? null });
      await tx.flush();
      return cardType;
    });
  }
}
