import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@loyalty/database';
import { generatePlugin } from '../../../../tools/plugin-new/plugin-new';

const ROOT = join(__dirname, '../../../..');
const MAIN = join(ROOT, 'dist/apps/platform/src/main.js');

interface Running {
  child: ChildProcess;
  output: () => string;
}

/** Starts the built platform as `npm start` does, and waits until it says it listens. */
function start(env: Record<string, string>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=FSTWRN004', MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Loyalty platform listening')) resolve({ child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}:\n${output}`)));
  });
}

function stop(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

/**
 * The README's first command: the platform on its embedded PostgreSQL, seeding a demo alliance on
 * first start, keeping its data across restarts.
 */
describe('npm start on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalty-start-'));
  // As root, PostgreSQL runs as its own system user, which must be able to reach the data folder.
  chmodSync(dataDir, 0o755);
  let env: Record<string, string>;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', 'tools', 'plugins', '-d', 'dist', '--copy-files', '-q', '--ignore', '**/*.spec.ts,**/__tests__/**'], { cwd: ROOT });
    env = { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn' };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('seeds the demo on first start, prints a working login and POS key, and keeps data across a restart', async () => {
    const base = `http://127.0.0.1:${env.PORT}`;
    const first = await start(env);
    let memberId: string;
    try {
      expect(first.output()).toContain('Demo alliance created');
      const key = /POS API key \(.+\): (pos_\S+)/.exec(first.output())?.[1];
      const [, email, password] = /Alliance operator login: (\S+) \/ (\S+)/.exec(first.output()) ?? [];
      expect(key).toBeDefined();
      expect(JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')).posApiKey.key).toBe(key);

      expect((await fetch(`${base}/health`)).status).toBe(200);
      const login: { data: { login: { token: string } } } = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', variables: { e: email, p: password } }),
      }).then((r) => r.json() as Promise<any>);
      const merchants: { data: { merchants: { id: string; industry: string }[]; stores: { kind: string }[] } } = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.login.token}` },
        body: JSON.stringify({ query: '{ merchants { id industry } stores { kind } }' }),
      }).then((r) => r.json() as Promise<any>);
      expect(merchants.data.merchants.map((m: { industry: string }) => m.industry).sort()).toEqual(['fuel', 'hotel', 'pet', 'pharmacy']);
      expect(merchants.data.stores.filter((s: { kind: string }) => s.kind === 'franchise')).toHaveLength(4);
      // The demo alliance clears monthly, every merchant with contract terms.
      const clearing: any = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.login.token}` },
        body: JSON.stringify({ query: '{ clearingSchemes { id schedule } }' }),
      }).then((r) => r.json());
      expect(clearing.data.clearingSchemes).toEqual([{ id: expect.any(String), schedule: 'monthly' }]);
      const terms: any = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.login.token}` },
        body: JSON.stringify({ query: `{ contractTerms(schemeId: "${clearing.data.clearingSchemes[0].id}") { participantId issuePricePerPoint } }` }),
      }).then((r) => r.json());
      expect(terms.data.contractTerms.map((t: { issuePricePerPoint: string }) => t.issuePricePerPoint)).toEqual(['0.5', '0.5', '0.5', '0.5']);
      // The shipped plugins are loaded; each demo merchant of a plugin's industry has that plugin on, and only that.
      const pluginsOf = async (merchantId: string): Promise<{ id: string; enabled: boolean }[]> =>
        (
          await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.login.token}` },
            body: JSON.stringify({ query: `{ plugins(merchantId: "${merchantId}") { id enabled } }` }),
          }).then((r) => r.json() as Promise<any>)
        ).data.plugins;
      const demoPharmacy = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')).posApiKey.merchantId;
      expect(await pluginsOf(demoPharmacy)).toEqual(expect.arrayContaining([{ id: 'pharmacy', enabled: true }, { id: 'hotel', enabled: false }, { id: 'fuel', enabled: false }, { id: 'pet', enabled: false }]));
      for (const industry of ['pharmacy', 'pet', 'hotel', 'fuel']) {
        const merchant = merchants.data.merchants.find((m: { industry: string }) => m.industry === industry)!;
        expect((await pluginsOf(merchant.id)).filter((plugin) => plugin.enabled)).toEqual([{ id: industry, enabled: true }]);
      }

      const pos = { 'content-type': 'application/json', 'x-api-key': key! };
      const member: { id: string } = await fetch(`${base}/api/pos/v1/members`, { method: 'POST', headers: { ...pos, 'idempotency-key': 'start-1' }, body: JSON.stringify({ phone: '13900000001' }) }).then((r) => r.json() as Promise<any>);
      memberId = member.id;
      const purchase = await fetch(`${base}/api/pos/v1/purchases`, {
        method: 'POST',
        headers: { ...pos, 'idempotency-key': 'start-2' },
        body: JSON.stringify({ memberId, orderNo: 'S-1', amountFen: 8_800 }),
      });
      expect(purchase.status).toBe(201);
      const metrics = await fetch(`${base}/metrics`).then((r) => r.text());
      expect(metrics).toContain('http_request_duration_seconds_bucket');
      // The purchase went through the write batcher, and its event through the relay.
      expect(Number(/^write_batch_jobs_sum\{outcome="committed"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      expect(metrics).toMatch(/^outbox_relay_batch_duration_seconds_count\{table="outbox_event"\} [1-9]/m);
    } finally {
      await stop(first);
    }

    const second = await start(env);
    try {
      expect(second.output()).not.toContain('Demo alliance created');
      const key = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8')).posApiKey.key;
      const view = await fetch(`${base}/api/pos/v1/members/${memberId!}`, { headers: { 'x-api-key': key } }).then((r) => r.json() as Promise<any>);
      expect(view).toMatchObject({ pointsBalance: 88, purchaseCount: 1 });
    } finally {
      await stop(second);
    }
  });

  it('loads a vendor’s plugin from a path outside the platform, on the platform’s own packages', async () => {
    const vendor = mkdtempSync(join(tmpdir(), 'loyalty-vendor-'));
    try {
      const dir = join(vendor, 'acme');
      generatePlugin('acme', dir, ROOT);
      execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'src', '-d', 'dist', '--strip-leading-paths', '-q', '--ignore', '**/__tests__/**'], { cwd: dir });
      const running = await start({ ...env, PLUGINS: `@loyalty/plugin-pharmacy,${join(dir, 'dist', 'index.js')}` });
      try {
        const base = `http://127.0.0.1:${env.PORT}`;
        const type: any = await fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __type(name: "AcmeVisit") { fields { name } } }' }),
        }).then((r) => r.json());
        expect(type.data.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(['createdAt', 'note']);
        const docs: any = await fetch(`${base}/api/docs`).then((r) => r.json());
        expect(Object.keys(docs.paths)).toContain('/api/pos/v1/plugins/acme/visits');
      } finally {
        await stop(running);
      }
    } finally {
      rmSync(vendor, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad configuration, naming each bad variable', () => {
    let stderr = '';
    let status: number | null = 0;
    try {
      execFileSync(process.execPath, [MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATABASE_URL: 'mysql://nope' }, stdio: 'pipe' });
    } catch (error) {
      ({ status } = error as { status: number });
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/Invalid configuration:[\s\S]*PORT[\s\S]*DATABASE_URL/);
  });

  it('refuses to start on a plugin it cannot load, naming it', () => {
    let stderr = '';
    let status: number | null = 0;
    try {
      execFileSync(process.execPath, [MAIN], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env, PLUGINS: './no/such-plugin' }, stdio: 'pipe' });
    } catch (error) {
      ({ status } = error as { status: number });
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/Invalid configuration:\n  - PLUGINS: cannot load "\.\/no\/such-plugin"/);
  });
});
