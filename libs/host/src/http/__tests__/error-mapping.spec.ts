import { BadRequestException, HttpException } from '@nestjs/common';
import { DomainError } from '@loyalty/shared';
import { toErrorResponse } from '../error-mapping';

describe('error mapping', () => {
  it('keeps a domain error’s status, code and details', () => {
    expect(toErrorResponse(new DomainError('INSUFFICIENT_POINTS', 'not enough', 422, { available: 1 }))).toEqual({
      status: 422,
      body: { code: 'INSUFFICIENT_POINTS', message: 'not enough', details: { available: 1 } },
      unexpected: false,
    });
  });

  it('names Fastify’s client errors, also when Nest wrapped them', () => {
    const parse = Object.assign(new Error('bad json'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(toErrorResponse(parse).body.code).toBe('MALFORMED_JSON');
    expect(toErrorResponse(new HttpException('too big', 413, { cause: Object.assign(new Error(), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }) }))).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('gives other client errors a code by status', () => {
    expect(toErrorResponse(new BadRequestException('nope'))).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });

  it('answers anything else 500 INTERNAL without leaking its message', () => {
    const result = toErrorResponse(new Error('connection string with password'));
    expect(result).toMatchObject({ status: 500, body: { code: 'INTERNAL' }, unexpected: true });
    expect(result.body.message).not.toContain('password');
  });
});
