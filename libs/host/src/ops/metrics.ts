import type { WriteBatcher } from '@loyalty/database';
import type { OutboxRelay } from '@loyalty/events';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const SIZE_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** One registry per app instance, so tests that boot several apps do not collide. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = this.histogram('http_request_duration_seconds', 'HTTP request duration by route and status', ['method', 'route', 'status'], DURATION_BUCKETS);
  // Group commit and relay: how many writes or events share a transaction and how long it takes,
  // so a change's effect per batch can be told from its effect per purchase.
  readonly writeBatchJobs = this.histogram('write_batch_jobs', 'Client writes (POS, import) per write batch transaction, by whether it committed', ['outcome'], SIZE_BUCKETS);
  readonly writeBatchDuration = this.histogram('write_batch_duration_seconds', 'Wall time of a write batch transaction, by whether it committed', ['outcome'], DURATION_BUCKETS);
  readonly relayBatchEvents = this.histogram('outbox_relay_batch_events', 'Events sent per outbox relay transaction (0: an empty read), by outbox table', ['table'], [0, ...SIZE_BUCKETS]);
  readonly relayBatchDuration = this.histogram(
    'outbox_relay_batch_duration_seconds',
    'Wall time of an outbox relay transaction, the consumers applied in process included, by outbox table',
    ['table'],
    DURATION_BUCKETS,
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Observes the app's write batcher and outbox relay. */
  instrument(batcher: WriteBatcher, relay: OutboxRelay): void {
    batcher.observe(({ jobs, seconds, committed }) => {
      const outcome = committed ? 'committed' : 'failed';
      this.writeBatchJobs.observe({ outcome }, jobs);
      this.writeBatchDuration.observe({ outcome }, seconds);
    });
    relay.observe(({ table, events, seconds }) => {
      this.relayBatchEvents.observe({ table }, events);
      this.relayBatchDuration.observe({ table }, seconds);
    });
  }
}
