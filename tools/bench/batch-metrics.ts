import { fmt } from './measure';

/** A histogram's observations and their total, summed over its label sets. */
interface Totals {
  count: number;
  sum: number;
}

/** `<name>_count` and `<name>_sum` of a Prometheus text exposition, over every label set. */
function totalsOf(exposition: string, name: string): Totals {
  const totals: Totals = { count: 0, sum: 0 };
  for (const line of exposition.split('\n')) {
    const match = /^(\w+?)_(count|sum)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) totals[match[2] as keyof Totals] += Number(match[3]);
  }
  return totals;
}

const HISTOGRAMS = ['write_batch_jobs', 'write_batch_duration_seconds', 'outbox_relay_batch_events', 'outbox_relay_batch_duration_seconds'] as const;
type Snapshot = Record<(typeof HISTOGRAMS)[number], Totals>;

async function snapshot(baseUrl: string): Promise<Snapshot> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  return Object.fromEntries(HISTOGRAMS.map((name) => [name, totalsOf(text, name)])) as Snapshot;
}

/**
 * The platform's write batches and relay transactions during a phase, from its /metrics: how many,
 * how many purchases or events each held and how long each took on average. At a fixed rate a
 * change that shortens every batch shows here (more, smaller batches) rather than in the CPU per
 * purchase.
 */
export async function meterBatches(baseUrl: string): Promise<{ stop(): Promise<string> }> {
  const before = await snapshot(baseUrl);
  return {
    async stop() {
      const after = await snapshot(baseUrl);
      const delta = (name: (typeof HISTOGRAMS)[number]) => ({ count: after[name].count - before[name].count, sum: after[name].sum - before[name].sum });
      const describe = (size: Totals, seconds: Totals, unit: string) =>
        size.count === 0 ? '0' : `${fmt(size.count)} (${fmt(size.sum / size.count, 1)} ${unit}, ${fmt((seconds.sum * 1000) / seconds.count, 1)} ms each on average)`;
      return (
        `write ${describe(delta('write_batch_jobs'), delta('write_batch_duration_seconds'), 'purchases')}; ` +
        `relay ${describe(delta('outbox_relay_batch_events'), delta('outbox_relay_batch_duration_seconds'), 'events')}`
      );
    },
  };
}
