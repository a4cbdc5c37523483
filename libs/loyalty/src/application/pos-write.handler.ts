import type { ICommandHandler } from '@nestjs/cqrs';
import type { IdempotentWrites, Tx, WriteOutcome } from '@loyalty/database';
import type { OutboxRelay } from '@loyalty/events';
import { parseInput, type RequestContext } from '@loyalty/shared';
import type { z } from 'zod';

/** A POS write as it arrives: who, the raw body, and the request's Idempotency-Key. */
export abstract class PosWriteCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
    readonly idempotencyKey: string,
  ) {}
}

/**
 * The one shape of a POS write: validate the body, apply it at most once per Idempotency-Key in
 * one transaction, then wake the outbox relay so its events go out at once.
 */
export abstract class PosWriteHandler<TSchema extends z.ZodType, TResult> implements ICommandHandler<PosWriteCommand, WriteOutcome<TResult>> {
  /** Part of the request hash: the same key on another endpoint is a conflict. */
  protected abstract readonly endpoint: string;
  protected abstract readonly schema: TSchema;

  constructor(
    private readonly writes: IdempotentWrites,
    private readonly relay: OutboxRelay,
  ) {}

  async execute({ ctx, input, idempotencyKey }: PosWriteCommand): Promise<WriteOutcome<TResult>> {
    const data = parseInput(this.schema, input);
    const outcome = await this.writes.run(ctx, { key: idempotencyKey, endpoint: this.endpoint, body: input }, (tx) =>
      this.apply(tx, ctx, data, idempotencyKey),
    );
    if (!outcome.replayed) this.relay.wake();
    return outcome;
  }

  protected abstract apply(tx: Tx, ctx: RequestContext, data: z.infer<TSchema>, idempotencyKey: string): Promise<WriteOutcome<TResult>>;
}
