export { createPlatformApp, buildOpenApiDocument } from './bootstrap';
export { PlatformModule, type PlatformOptions } from './platform.module';
export { platformEntities } from './entities';
export { seedDemo, isEmptyPlatform, type DemoCredentials } from './seed/demo-seed';
