import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService } from '@loyalty/host';
import { consoleDir } from './create-platform-app';
import { PlatformModule } from './platform.module';
import { isEmptyPlatform, seedDemo } from './seed/demo-seed';

startService({
  title: 'Loyalty platform',
  root: (options) => PlatformModule.forRoot(options),
  staticDir: consoleDir(),
  endpoints: (base, config) => [
    `Console ${base}/${consoleDir() ? '' : '  (not built: npm run console:build)'}`,
    `GraphQL ${base}/graphql${config.NODE_ENV === 'development' ? `  (GraphiQL: ${base}/graphiql)` : ''}`,
    `POS API ${base}/api/pos/v1   OpenAPI ${base}/api/docs`,
  ],
  afterStart: async (app, { config, dataDir, embedded }) => {
    if (!(config.SEED_DEMO ?? embedded) || !(await isEmptyPlatform(app))) return [];
    const demo = await seedDemo(app);
    const file = join(dataDir, 'demo-credentials.json');
    writeFileSync(file, JSON.stringify(demo, null, 2));
    chmodSync(file, 0o600);
    return [
      '',
      'Demo alliance created (示范商家联盟: pharmacy, pet, hotel, fuel; two stores each).',
      `  Alliance operator login: ${demo.operator.email} / ${demo.operator.password}`,
      `  Platform admin login:    ${demo.admin.email} / ${demo.admin.password}`,
      `  POS API key (${demo.posApiKey.store}): ${demo.posApiKey.key}`,
      `  Saved to ${file}; shown this once.`,
    ];
  },
});
