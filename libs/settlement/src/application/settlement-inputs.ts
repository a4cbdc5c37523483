import { z } from 'zod';
import { isoDateTimeSchema, positiveFenSchema, uuidSchema } from '@loyalty/shared';

export const confirmPaymentInput = z.object({
  instructionId: uuidSchema,
  amountFen: positiveFenSchema,
  /** The bank's or payer's reference: the same reference twice is one confirmation. */
  reference: z.string().trim().min(1).max(200),
  paidAt: isoDateTimeSchema,
  source: z.enum(['manual', 'api']).default('manual'),
});

export const disputeStatementInput = z.object({
  statementId: uuidSchema,
  reason: z.string().trim().min(1, 'must say what is wrong').max(2000),
  amountFen: positiveFenSchema.nullish(),
});

export const resolveDisputeInput = z.object({
  disputeId: uuidSchema,
  resolution: z.string().trim().min(1, 'must say how it was resolved').max(2000),
});
