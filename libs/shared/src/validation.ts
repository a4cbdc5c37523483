import { z } from 'zod';
import { badRequest } from './errors';
import { MAX_AMOUNT } from './money';

/** Parses input or throws VALIDATION_FAILED listing every problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw badRequest('VALIDATION_FAILED', `Invalid input: ${details.map((d) => `${d.path || '(body)'} ${d.message}`).join('; ')}`, details);
}

/** Amount in 分: a non-negative safe integer with a sane upper bound. */
export const fenSchema = z.number().int('must be an integer number of fen (分)').min(0).max(MAX_AMOUNT);
export const positiveFenSchema = fenSchema.min(1);
export const pointsSchema = z.number().int('must be a whole number of points').min(1).max(MAX_AMOUNT);

/** Mainland mobile numbers (11 digits starting with 1), optionally with +86 or 0086. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/^(?:\+|00)?86[- ]?/, '').replace(/[\s-]/g, ''))
  // Mainland mobile numbers begin 13 to 19; 10x to 12x are none (and 12345678901 is a till's placeholder).
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number'));

export const uuidSchema = z.uuid();
/** An IANA time zone such as Asia/Shanghai. */
export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');
export const isoDateTimeSchema = z.iso.datetime({ offset: true });
export const isoDateSchema = z.iso.date();

/** The Idempotency-Key header every POS write must carry: 1–128 visible ASCII characters. */
export function requireIdempotencyKey(value: string | undefined): string {
  if (!value) throw badRequest('IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is required on every write');
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) {
    throw badRequest('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 128 visible ASCII characters');
  }
  return value;
}

/** The JSON schema of an input schema, for the OpenAPI document: one source for both. */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return jsonSchema;
}
