import type { ICommandHandler } from '@nestjs/cqrs';
import { applyEachInSavepoint, type BatchableWrite, type JobOutcome, type Tx, type WriteBatcher, type WriteJob, type WriteOutcome } from '@loyalty/database';
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
 * The one shape of a POS write: validate the body, then hand it to the group-commit batcher,
 * which applies it at most once per Idempotency-Key, together with the writes arriving alongside.
 * A handler applies a batch of its jobs set-based (`applyBatch`), or one by one in savepoints
 * (`PosWriteEachInSavepoint`).
 */
export abstract class PosWriteHandler<TSchema extends z.ZodType, TResult>
  implements ICommandHandler<PosWriteCommand, WriteOutcome<TResult>>, BatchableWrite<z.infer<TSchema>, TResult>
{
  /** Part of the request hash: the same key on another endpoint is a conflict. */
  protected abstract readonly endpoint: string;
  protected abstract readonly schema: TSchema;
  readonly usesSavepoints: boolean = false;

  constructor(private readonly batcher: WriteBatcher) {}

  execute({ ctx, input, idempotencyKey }: PosWriteCommand): Promise<WriteOutcome<TResult>> {
    const data = parseInput(this.schema, input);
    return this.batcher.submit(this, { ctx, key: idempotencyKey, endpoint: this.endpoint, body: input, data });
  }

  abstract applyBatch(tx: Tx, jobs: WriteJob<z.infer<TSchema>>[]): Promise<JobOutcome<TResult>[]>;
}

/** A POS write without a set-based form: each job of a batch runs alone, in its own savepoint. */
export abstract class PosWriteEachInSavepoint<TSchema extends z.ZodType, TResult> extends PosWriteHandler<TSchema, TResult> {
  override readonly usesSavepoints = true;

  applyBatch(tx: Tx, jobs: WriteJob<z.infer<TSchema>>[]): Promise<JobOutcome<TResult>[]> {
    return applyEachInSavepoint(tx, jobs, (tx, job) => this.apply(tx, job.ctx, job.data, job.key));
  }

  protected abstract apply(tx: Tx, ctx: RequestContext, data: z.infer<TSchema>, idempotencyKey: string): Promise<WriteOutcome<TResult>>;
}
