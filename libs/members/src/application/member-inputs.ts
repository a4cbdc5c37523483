import { isoDateSchema } from '@loyalty/shared';
import { z } from 'zod';
import { GENDERS } from '../domain/member.entity';

/** A member's profile fields as the till and the console give them. */
export const memberNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  // PostgreSQL refuses a NUL in text; the other control characters are no part of a name.
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), 'must not contain control characters');
export const genderSchema = z.enum(GENDERS);
/** A day up to today (where the day is furthest on: UTC+14), from 1900 on: earlier days are systems' stand-ins for none. */
export const birthdaySchema = isoDateSchema.refine(
  (d) => d >= '1900-01-01' && d <= new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10),
  'must be a past date',
);
