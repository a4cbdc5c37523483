export { createServiceApp, buildOpenApiDocument, UPLOAD_LIMIT } from './bootstrap';
export { HostModule, type HostOptions, type ServiceDefinition } from './host.module';
export { Metrics } from './ops/metrics';
export { toErrorResponse } from './http/error-mapping';
export { startService, jwtSecretFor } from './start-service';
