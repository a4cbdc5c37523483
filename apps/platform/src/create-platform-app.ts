import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceApp } from '@loyalty/host';
import { PlatformModule, type PlatformOptions } from './platform.module';

/** The all-in-one platform app, initialised (tests and tools use it without listening). */
export function createPlatformApp(options: PlatformOptions): Promise<NestFastifyApplication> {
  return createServiceApp(PlatformModule.forRoot(options), { bodyLimit: options.config.BODY_LIMIT });
}
