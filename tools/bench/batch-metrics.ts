import { fmt } from './measure';

/** A histogram's observations, their total and how many were at most 0.05 (50 ms, for durations), summed over its label sets. */
interface Totals {
  count: number;
  sum: number;
  upTo50ms: number;
}

/** `<name>_count`, `<name>_sum` and the `le="0.05"` bucket of a Prometheus text exposition, over every label set. */
function totalsOf(exposition: string, name: string): Totals {
  const totals: Totals = { count: 0, sum: 0, upTo50ms: 0 };
  for (const line of exposition.split('\n')) {
    const match = /^(\w+?)_(count|sum|bucket)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    if (match[2] === 'bucket') {
      if (/(^|,)le="0.05"/.test(match[3] ?? '')) totals.upTo50ms += Number(match[4]);
    } else {
      totals[match[2] as 'count' | 'sum'] += Number(match[4]);
    }
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
 * how many purchases or events each held, how long each took on average and how many took over
 * 50 ms (the p99 target of a purchase). At a fixed rate a
 * change that shortens every batch shows here (more, smaller batches) rather than in the CPU per
 * purchase.
 */
export async function meterBatches(baseUrl: string): Promise<{ stop(): Promise<string> }> {
  const before = await snapshot(baseUrl);
  return {
    async stop() {
      const after = await snapshot(baseUrl);
      const delta = (name: (typeof HISTOGRAMS)[number]): Totals => ({
        count: after[name].count - before[name].count,
        sum: after[name].sum - before[name].sum,
        upTo50ms: after[name].upTo50ms - before[name].upTo50ms,
      });
      const describe = (size: Totals, seconds: Totals, unit: string) =>
        size.count === 0
          ? '0'
          : `${fmt(size.count)} (${fmt(size.sum / size.count, 1)} ${unit}, ${fmt((seconds.sum * 1000) / seconds.count, 1)} ms each on average, ${fmt(seconds.count - seconds.upTo50ms)} over 50 ms)`;
      return (
        `write ${describe(delta('write_batch_jobs'), delta('write_batch_duration_seconds'), 'purchases')}; ` +
        `relay ${describe(delta('outbox_relay_batch_events'), delta('outbox_relay_batch_duration_seconds'), 'events')}`
      );
    },
  };
}
