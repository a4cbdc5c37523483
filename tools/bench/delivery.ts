import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

/** How long a benchmark waits for the consumers before it calls their backlog stuck. */
export const DELIVERY_LIMIT_S = 120;

/**
 * Seconds until no outbox of the database holds an event created before the call unpublished:
 * the consumers (insights, notifications, clearing) have then been handed every event. Work a
 * platform puts off for its consumers shows here, not in its write rate. Undefined when the
 * backlog is not gone within DELIVERY_LIMIT_S, so a stopped relay cannot hang a benchmark.
 */
export async function secondsUntilDelivered(url: string): Promise<number | undefined> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    // The platform's clock, not the database's: an outbox row's created_at is the event's time as
    // the platform (on this machine, beside the benchmark) wrote it.
    const until = new Date();
    const { rows: tables } = await client.query<{ name: string }>(
      `select format('%I.%I', table_schema, table_name) as name from information_schema.tables where table_name = 'outbox_event'`,
    );
    const unpublished = tables.map(({ name }) => `(select count(*) from ${name} where published_at is null and created_at <= $1)`).join(' + ');
    for (;;) {
      const { rows } = await client.query<{ n: string }>(`select ${unpublished} as n`, [until]);
      const seconds = (performance.now() - started) / 1000;
      if (Number(rows[0].n) === 0) return seconds;
      if (seconds > DELIVERY_LIMIT_S) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
