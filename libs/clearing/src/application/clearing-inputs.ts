import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema, MAX_AMOUNT, timeZoneSchema, uuidSchema } from '@loyalty/shared';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const pricePerPoint = z.string().trim();
const bps = z.number().int('must be whole basis points').min(0).max(10_000);
const exchangeUnits = z.number().int().min(1).max(1_000_000);

export const createSchemeInput = z.object({
  name,
  /** merchant: an alliance's merchants settle with the alliance; store: a chain's stores with HQ. */
  participantKind: z.enum(['merchant', 'store']),
  operatorName: name,
  timeZone: timeZoneSchema.default('Asia/Shanghai'),
  schedule: z.enum(['daily', 'weekly', 'monthly']).nullish(),
});

export const setClearingScheduleInput = z.object({
  schemeId: uuidSchema,
  schedule: z.enum(['daily', 'weekly', 'monthly']).nullish(),
});

export const setContractTermsInput = z.object({
  schemeId: uuidSchema,
  participantId: uuidSchema,
  /** Local calendar date in the scheme's zone from which the terms apply. */
  effectiveFrom: isoDateSchema,
  effectiveTo: isoDateSchema.nullish(),
  issuePricePerPoint: pricePerPoint,
  redemptionRatePerPoint: pricePerPoint,
  commissionBps: bps,
  breakageShareBps: bps,
  ownPointsPerUnit: exchangeUnits.default(1),
  alliancePointsPerUnit: exchangeUnits.default(1),
});

export const recordParticipantActivityInput = z.object({
  schemeId: uuidSchema,
  participantId: uuidSchema,
  kind: z.enum(['ISSUED', 'REVERSED', 'REDEEMED', 'REDEMPTION_REVERSED', 'EXPIRED']),
  points: z.number().int('must be whole points').min(1).max(MAX_AMOUNT),
  /** The points are in the participant's own currency, exchanged at the agreed rate when cleared. */
  ownCurrency: z.boolean().default(false),
  occurredAt: isoDateTimeSchema,
  /** The participant's own id for this report: the same reference twice records it once. */
  reference: z.string().trim().min(1).max(200),
});

export const runClearingInput = z
  .object({ schemeId: uuidSchema, periodStart: isoDateSchema, periodEnd: isoDateSchema })
  .refine((v) => v.periodEnd > v.periodStart, { message: 'periodEnd must be after periodStart', path: ['periodEnd'] });
