export { PlatformModule, type PlatformOptions } from './platform.module';
export { createPlatformApp } from './create-platform-app';
export { seedDemo, isEmptyPlatform, type DemoCredentials } from './seed/demo-seed';
