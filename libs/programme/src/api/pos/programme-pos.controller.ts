import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { replyWith, type WriteOutcome } from '@loyalty/database';

/**
 * What the programme's POS controllers share: the buses, and answering a write with its outcome's
 * status. Injectable so that its constructor's parameter types reach the controllers extending it.
 */
@Injectable()
export abstract class ProgrammePosController {
  constructor(
    protected readonly commands: CommandBus,
    protected readonly queries: QueryBus,
  ) {}

  protected async run(reply: FastifyReply, command: object): Promise<unknown> {
    const outcome: WriteOutcome = await this.commands.execute(command);
    return replyWith(reply, outcome);
  }
}
