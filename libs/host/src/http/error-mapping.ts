import { HttpException } from '@nestjs/common';
import { DomainError, type ErrorBody } from '@loyalty/shared';

/** Fastify's own client errors, by their code, as this API names them. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', message: 'The request body is empty but declared as JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'BAD_REQUEST', message: 'Invalid Content-Type header' },
};

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
};

/**
 * Turns anything thrown while serving a request into a status and the one error body shape.
 * Only errors nobody anticipated become 500 INTERNAL, and their details stay in the log.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; unexpected: boolean } {
  if (error instanceof DomainError) {
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) }, unexpected: false };
  }
  // Nest wraps Fastify's own client errors (body parsing, limits) in an HttpException.
  const fastifyCode = (error as { code?: string })?.code ?? ((error as { cause?: { code?: string } })?.cause?.code);
  if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
    const known = FASTIFY_ERRORS[fastifyCode];
    return { status: known.status, body: { code: known.code, message: known.message }, unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) return { status, body: { code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: error.message }, unexpected: false };
  }
  const status = (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: { code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: (error as Error).message }, unexpected: false };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal error; it has been logged with the correlation id' }, unexpected: true };
}
