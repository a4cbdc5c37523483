import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface OpenLoopRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface OpenLoopResult {
  /** Requests answered 2xx. */
  ok: number;
  /** Non-2xx answers and socket errors. */
  errors: number;
  /** Of the 2xx answers after the warm-up, from each request's scheduled start to its last byte, in ms. */
  p50: number;
  p99: number;
  max: number;
  /** The same of the warm-up's answers, and how many were 2xx. */
  warmUp: { ok: number; p50: number; p99: number; max: number };
}

/**
 * Open-loop load: request n is due at n ÷ rate seconds whatever happened to the ones before, as
 * tills in many shops would send them, and its latency counts from when it was due (a request the
 * generator or a busy connection held back waits on the clock). autocannon's rate mode lets each
 * connection send its share of a second back to back and then wait for the next second, so its
 * "70% load" was full load in bursts, and it corrects the latencies for an interval of 1 ms.
 * The first seconds are a warm-up, counted apart: new connections, and after the checkpoint that
 * starts each phase, PostgreSQL writes whole pages for the first change of each (in one run timed
 * by hand: 300 ms answers in the first 2 s, under 80 ms after).
 */
export async function openLoopLoad(options: {
  baseUrl: string;
  rate: number;
  seconds: number;
  /** Sent at the same rate before the measured seconds, and counted apart. */
  warmUpSeconds: number;
  connections: number;
  request: (n: number) => OpenLoopRequest;
}): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const { hostname, port } = new URL(options.baseUrl);
  const warmUp = Math.floor(options.rate * options.warmUpSeconds);
  const total = warmUp + Math.floor(options.rate * options.seconds);
  const latencies: number[] = [];
  const warmUpLatencies: number[] = [];
  let errors = 0;
  const inFlight = new Set<Promise<void>>();

  const send = (n: number, dueAt: number) => {
    const spec = options.request(n);
    const done = new Promise<void>((resolve) => {
      const req = request({ agent, hostname, port, method: spec.method, path: spec.path, headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode! >= 200 && res.statusCode! < 300) (n < warmUp ? warmUpLatencies : latencies).push(performance.now() - dueAt);
          else errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(spec.body);
    });
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };

  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
    for (; sent < due; sent++) send(sent, start + (sent * 1000) / options.rate);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight);
  agent.destroy();

  return { ok: latencies.length, errors, ...percentiles(latencies), warmUp: { ok: warmUpLatencies.length, ...percentiles(warmUpLatencies) } };
}

function percentiles(latencies: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}
