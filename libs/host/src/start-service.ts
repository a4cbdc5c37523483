import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { startEmbeddedPostgres } from '@loyalty/database';
import { type AppConfig, ConfigError, loadConfig } from '@loyalty/shared';
import { createServiceApp } from './bootstrap';
import type { HostOptions } from './host.module';

/** The JWT secret from the environment, or one generated once and kept in the data folder. */
export function jwtSecretFor(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export interface ServiceMain {
  /** Shown in the start banner, e.g. "Loyalty platform". */
  title: string;
  root: (options: HostOptions) => DynamicModule;
  /** A built web app to serve at `/` (the platform's console). */
  staticDir?: string;
  /** Lines describing this service's endpoints, given its base URL. */
  endpoints: (base: string, config: AppConfig) => string[];
  /** Work after start and before listening (the platform seeds its demo); returns extra banner lines. */
  afterStart?: (app: NestFastifyApplication, context: { config: AppConfig; dataDir: string; embedded: boolean }) => Promise<string[]>;
}

/**
 * A service process: validated configuration (exit 2 naming every bad variable), the embedded
 * PostgreSQL under DATA_DIR unless DATABASE_URL is set, the app, graceful shutdown on SIGINT/SIGTERM.
 */
export function startService(service: ServiceMain): void {
  run(service).catch((error) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Failed to start: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

async function run(service: ServiceMain): Promise<void> {
  const config = loadConfig();
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dir: join(dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'loyalty' });
  const databaseUrl = config.DATABASE_URL ?? embedded!.url;

  let app: NestFastifyApplication;
  try {
    app = await createServiceApp(service.root({ config, databaseUrl, jwtSecret: jwtSecretFor(dataDir, config.JWT_SECRET) }), { bodyLimit: config.BODY_LIMIT, staticDir: service.staticDir });
  } catch (error) {
    // A start that fails once the database is up (PLUGINS naming a bad plugin) leaves no PostgreSQL behind.
    await embedded?.stop();
    throw error;
  }
  const logger = app.get(Logger);
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const extra = (await service.afterStart?.(app, { config, dataDir, embedded: Boolean(embedded) })) ?? [];
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  process.stdout.write(
    [
      `${service.title} listening on ${base}`,
      ...service.endpoints(base, config).map((line) => `  ${line}`),
      `  Health  ${base}/health       Metrics ${base}/metrics`,
      `  Database: ${embedded ? `embedded PostgreSQL in ${join(dataDir, 'postgres')}` : 'DATABASE_URL'}`,
      `  Events: ${config.KAFKA_BROKERS ? `Kafka at ${config.KAFKA_BROKERS.join(',')}` : 'in-process'}`,
      ...extra,
      '',
    ].join('\n'),
  );
}
