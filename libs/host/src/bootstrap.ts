import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { IncomingMessage } from 'node:http';
import type { DynamicModule } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { UnknownElementException } from '@nestjs/core/errors/exceptions/unknown-element.exception';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { WriteBatcher } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { DomainError, UploadAdmission } from '@loyalty/shared';
import { AllErrorsFilter } from './http/all-errors.filter';
import { toErrorResponse } from './http/error-mapping';
import { Metrics } from './ops/metrics';

const CORRELATION_HEADER = 'x-correlation-id';
/**
 * Largest CSV upload (history import), in bytes: about 180,000 rows of the UCI layout. The file is
 * read in the platform's process (its heap capped at 320 MB old space) and its invoices kept while its job runs;
 * 64 MiB ran out of memory in a process capped like the platform (2026-12-07, before the text was
 * let go once read). Longer histories go through `npm run import`.
 */
export const UPLOAD_LIMIT = 16 * 1024 * 1024;
/** The routes that take CSV uploads. */
const UPLOAD_ROUTES = '/api/import/';

/**
 * Builds a service app around its root module (one of the apps'), initialised and ready to listen;
 * tests use it without listening.
 */
export async function createServiceApp(root: DynamicModule, options: { bodyLimit: number; staticDir?: string }): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit,
    // The caller's correlation id, or a new one; pino-http reads it from the raw request.
    genReqId: (raw: IncomingMessage) => {
      const given = raw.headers[CORRELATION_HEADER];
      const id = typeof given === 'string' && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
      (raw as IncomingMessage & { id?: string }).id = id;
      return id;
    },
  });
  // The APIs speak JSON only: no form parser from Nest, no text parser from Fastify (→ 415).
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new AllErrorsFilter());
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  // A history file for import comes as CSV text, larger than JSON bodies may be. Whether such a
  // body is read at all is decided from the headers first: a POST to an upload route only when the
  // module taking uploads admits it (a token, a role, a free slot); a CSV body anywhere else, or by
  // any other method, is refused before it is read (415). The hook runs on every request (each POS
  // write too): the raw path is tested first, and only under the prefix the matched route (whose
  // getter builds an object; an unknown path under the prefix is no upload route).
  const admission = providedOrNone(app, UploadAdmission);
  // As bytes: the import finds their encoding (UTF-8, or GB18030 as Excel on Chinese Windows saves CSV).
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_request, body, done) => done(null, body));
  fastify.addHook('onRequest', async (request) => {
    const upload = request.method === 'POST' && request.url.startsWith(UPLOAD_ROUTES) && request.routeOptions.url?.startsWith(UPLOAD_ROUTES);
    if (admission && upload) return admission.admit(request);
    if (CSV_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json', 415);
  });
  const metrics = app.get(Metrics);
  metrics.instrument(app.get(WriteBatcher), app.get(OutboxRelay));
  fastify.addHook('onSend', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  // Body parsing and size limits fail before any Nest handler. Routes inherit the error handler set
  // before they are registered, so this one answers those errors (Nest sets its own later, on the
  // root only: Fastify then warns FSTWRN004, which the npm scripts silence).
  fastify.setErrorHandler((error, request, reply) => {
    const { status, body, unexpected } = toErrorResponse(error);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    void reply.status(status).send(body);
  });

  // A built web app (the platform's operator console) at `/`: one route per file, found now, so
  // the API's routes stay as they are and an unknown path is still the API's 404.
  if (options.staticDir && existsSync(join(options.staticDir, 'index.html'))) {
    await fastify.register(fastifyStatic, { root: options.staticDir, prefix: '/', wildcard: false, index: 'index.html', schemaHide: true });
  }

  const document = buildOpenApiDocument(app);
  fastify.get('/api/docs', { schema: { hide: true } } as object, async () => document);

  try {
    await app.init();
  } catch (error) {
    // A start that fails (a plugin's refused migration) releases what it opened, the database pool first.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * The app's provider of `token` from any of its modules, or undefined when none provides it. Asked
 * through a ModuleRef: the app's own `get` ends the process on an unknown token (abortOnError).
 */
function providedOrNone<T>(app: NestFastifyApplication, token: abstract new (...args: never[]) => T): T | undefined {
  try {
    return app.get(ModuleRef).get(token, { strict: false });
  } catch (error) {
    if (error instanceof UnknownElementException) return undefined;
    throw error;
  }
}

/** A Content-Type header whose media type is text/csv, with or without parameters, in any case (as Fastify matches it). */
const CSV_MEDIA_TYPE = /^\s*text\/csv\s*(;|$)/i;

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Loyalty platform POS API')
    .setDescription(
      'The API cashier software codes against. Authenticate with a store POS key in X-Api-Key. ' +
        'Every write needs an Idempotency-Key header. Amounts are integers: points, and money in 分 (fen). ' +
        'Errors are JSON { code, message, details? } with a 4xx status.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'posApiKey')
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
}
