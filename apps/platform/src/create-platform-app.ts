import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@loyalty/host';
import { PlatformModule, type PlatformOptions } from './platform.module';

/** The all-in-one platform app, initialised (tests and tools use it without listening). */
export function createPlatformApp(options: PlatformOptions): Promise<NestFastifyApplication> {
  return createServiceApp(PlatformModule.forRoot(options), { bodyLimit: options.config.BODY_LIMIT, staticDir: consoleDir() });
}

/**
 * The built operator console (`npm run console:build` → dist/console), served at `/`: CONSOLE_DIR,
 * or dist/console found from the sources (apps/platform/src) or the build (dist/apps/platform/src).
 */
export function consoleDir(): string | undefined {
  const candidates = [process.env.CONSOLE_DIR, resolve(__dirname, '../../../dist/console'), resolve(__dirname, '../../../console')];
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(join(dir!, 'index.html')));
}
