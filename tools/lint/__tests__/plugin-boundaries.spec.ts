import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');

/** The lint rule `npm test` runs first: what a plugin may import, and what fails. */
describe('plugin import boundaries (npm run lint)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (code: string, file = 'plugins/pharmacy/src/application/refill.ts') => {
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
    return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it('accepts the SDK, its test kit, npm packages and the plugin’s own files', async () => {
    expect(
      await lint(`
        import { definePlugin } from '@loyalty/plugin-sdk';
        import { bootPluginTestPlatform } from '@loyalty/plugin-sdk/testing';
        import { Injectable } from '@nestjs/common';
        import { helper } from './helper';
        import { plugin } from '../../src/pharmacy.plugin';
        export { other } from '../domain/other';
        const later = () => import('./lazy');
      `),
    ).toEqual([]);
  });

  it('rejects any other platform package, static or dynamic', async () => {
    expect(await lint(`import { RecordPurchaseHandler } from '@loyalty/loyalty';`)).toEqual([
      'no-restricted-imports: \'@loyalty/loyalty\' import is restricted from being used by a pattern. A plugin imports only @loyalty/plugin-sdk from the platform.',
      'loyalty/plugin-boundaries: "@loyalty/loyalty": a plugin imports only @loyalty/plugin-sdk from the platform.',
    ]);
    expect(await lint(`export * from '@loyalty/shared';`)).toHaveLength(2);
    expect(await lint(`const db = require('@loyalty/database');`)).toEqual(['loyalty/plugin-boundaries: "@loyalty/database": a plugin imports only @loyalty/plugin-sdk from the platform.']);
    expect(await lint(`const m = import('@loyalty/members');`)).toEqual(['loyalty/plugin-boundaries: "@loyalty/members": a plugin imports only @loyalty/plugin-sdk from the platform.']);
  });

  it('rejects relative imports that leave the plugin’s folder', async () => {
    expect(await lint(`import { Db } from '../../../../libs/database/src';`)).toEqual([
      'loyalty/plugin-boundaries: "../../../../libs/database/src" leaves the plugin\'s folder: a plugin imports only its own files, @loyalty/plugin-sdk and npm packages.',
    ]);
    expect(await lint(`import { pets } from '../../../pet/src/pets';`)).toHaveLength(1);
    expect(await lint(`import x from '/work/libs/shared/src';`)).toHaveLength(1);
  });

  it('leaves the platform’s own code alone', async () => {
    expect(await lint(`import { Db } from '@loyalty/database';`, 'libs/plugin-host/src/x.ts')).toEqual([]);
  });
});
