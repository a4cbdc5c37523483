import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../libs/database/src/embedded-postgres';

const ROOT = join(__dirname, '../../..');

/** The flags `npm start` and the Docker image (its NODE_OPTIONS) run the platform with (package.json, docker/Dockerfile). */
const PLATFORM_NODE_FLAGS = ['--max-old-space-size=320', '--max-semi-space-size=32', '--disable-warning=FSTWRN004'];

export interface PlatformProcess {
  child: ChildProcess;
  baseUrl: string;
  posKey: string;
  /** The merchant whose store the demo POS key is for. */
  posKeyMerchantId: string;
  /** The demo alliance operator's login. */
  operator: { email: string; password: string };
  /** Peak resident set size so far, in bytes (Linux VmHWM). */
  peakRss(): number;
  stop(): Promise<void>;
}

/**
 * The built platform in a process of its own (so load generator and API never share a CPU
 * budget by accident), seeded with the demo alliance; returns its URL and POS key.
 */
export async function startPlatform(databaseUrl: string, dataDir: string, env: Record<string, string> = {}): Promise<PlatformProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, join(ROOT, 'dist/apps/platform/src/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', JWT_SECRET: 'benchmark-secret-benchmark-secret-123', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, PORT: String(port), SEED_DEMO: 'true', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('listening on')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}: ${output}`)));
  });
  const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    posKey: credentials.posApiKey.key,
    posKeyMerchantId: credentials.posApiKey.merchantId,
    operator: credentials.operator,
    peakRss: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
