import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from 'nestjs-pino';
import { startEmbeddedPostgres } from '@loyalty/database';
import { ConfigError, loadConfig } from '@loyalty/shared';
import { createPlatformApp } from './bootstrap';
import { isEmptyPlatform, seedDemo } from './seed/demo-seed';

/** The JWT secret from the environment, or one generated once and kept in the data folder. */
function jwtSecretFor(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  const config = loadConfig();
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });

  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'loyalty' });
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;

  const app = await createPlatformApp({ config, databaseUrl, jwtSecret: jwtSecretFor(dataDir, config.JWT_SECRET) });
  const logger = app.get(Logger);
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const seed = config.SEED_DEMO ?? Boolean(embedded);
  let banner = '';
  if (seed && (await isEmptyPlatform(app))) {
    const demo = await seedDemo(app);
    const file = join(dataDir, 'demo-credentials.json');
    writeFileSync(file, JSON.stringify(demo, null, 2));
    chmodSync(file, 0o600);
    banner = [
      '',
      'Demo alliance created (示范商家联盟: pharmacy, pet, hotel, fuel; two stores each).',
      `  Alliance operator login: ${demo.operator.email} / ${demo.operator.password}`,
      `  Platform admin login:    ${demo.admin.email} / ${demo.admin.password}`,
      `  POS API key (${demo.posApiKey.store}): ${demo.posApiKey.key}`,
      `  Saved to ${file}; shown this once.`,
    ].join('\n');
  }

  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  process.stdout.write(
    [
      `Loyalty platform listening on ${base}`,
      `  GraphQL ${base}/graphql${config.NODE_ENV === 'development' ? `  (GraphiQL: ${base}/graphiql)` : ''}`,
      `  POS API ${base}/api/pos/v1   OpenAPI ${base}/api/docs`,
      `  Health  ${base}/health       Metrics ${base}/metrics`,
      `  Database: ${embedded ? `embedded PostgreSQL in ${join(dataDir, 'postgres')}` : 'DATABASE_URL'}`,
      banner,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
