import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { type Alliance, AllianceSchema } from '../../domain/alliance.entity';
import { requireRole } from '../../auth/access';
import { createAllianceInput } from '../tenancy-inputs';

export class CreateAllianceCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

@CommandHandler(CreateAllianceCommand)
export class CreateAllianceHandler implements ICommandHandler<CreateAllianceCommand, Alliance> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateAllianceCommand): Promise<Alliance> {
    requireRole(ctx, 'PLATFORM_ADMIN');
    const data = parseInput(createAllianceInput, input);
    return this.db.asSystem(async (tx) => {
      const alliance = tx.create(AllianceSchema, { id: newId(), name: data.name, timezone: data.timezone, createdAt: new Date() });
      await tx.flush();
      return alliance;
    });
  }
}
