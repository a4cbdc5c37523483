import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  enablePlugin,
  gqlData,
  pluginPosPost,
  posPost,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';
import { generatePlugin } from '../plugin-new';

const REPO = join(__dirname, '..', '..', '..');

const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
};

/**
 * A vendor's plugin, scaffolded outside the repository's plugins folder: it builds on its own, passes
 * its own tests, and the platform loads it by path, turns it on for a merchant and runs it.
 */
describe('npm run plugin:new', () => {
  const parent = mkdtempSync(join(tmpdir(), 'loyalty-vendor-'));
  const dir = join(parent, 'acme-visits');
  let platform: TestPlatform | undefined;

  beforeAll(() => {
    generatePlugin('acme-visits', dir, REPO);
  });
  afterAll(async () => {
    await platform?.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('refuses a bad id and a folder in use', () => {
    expect(() => generatePlugin('Acme Visits', join(parent, 'x'), REPO)).toThrow('lower-case kebab-case');
    expect(() => generatePlugin('acme-visits', dir, REPO)).toThrow('is not empty');
  });

  it('builds: type-checked against the SDK, compiled to dist/', () => {
    const build = run('npm', ['run', 'build', '--silent'], dir);
    expect(build).toEqual({ status: 0, output: expect.any(String) });
    expect(existsSync(join(dir, 'dist', 'index.js'))).toBe(true);
  }, 240_000);

  it('passes its own tests', () => {
    const jest = run(
      join(REPO, 'node_modules', '.bin', 'jest'),
      ['--config', join(REPO, 'jest.config.js'), '--roots', dir, '--rootDir', REPO, '--ci', dir],
      REPO,
    );
    expect(jest.output).toMatch(/Tests:\s+3 passed, 3 total/);
    expect(jest.status).toBe(0);
  }, 240_000);

  it('is loaded from its build by path, turned on for a merchant and works there', async () => {
    platform = await bootPluginTestPlatform([join(dir, 'dist', 'index.js')]);
    const tenant = await createTenant(platform.app, { merchants: 1 });
    const phone = uniquePhone();
    const key = tenant.merchants[0].posKeys[0];
    await posPost(platform, key, '/members', { phone });
    const before = await pluginPosPost(platform, key, 'acme-visits', 'visits', { phone, note: 'too early' });
    expect(before.body.code).toBe('PLUGIN_NOT_ENABLED');

    await enablePlugin(platform, tenant.merchants[0].adminToken, 'acme-visits');
    expect((await pluginPosPost(platform, key, 'acme-visits', 'visits', { phone, note: 'hello' })).status).toBe(201);
    expect((await posPost(platform, key, '/purchases', { phone, orderNo: 'A-1', amountFen: 5_000 })).body.pointsEarned).toBe(50 + 10);
    const data = await gqlData(platform, tenant.merchants[0].adminToken, `{ member(phone: "${phone}") { member { acmeVisitsVisits { note } } } }`);
    expect(data.member.member.acmeVisitsVisits).toEqual([{ note: 'hello' }]);
  });
});
