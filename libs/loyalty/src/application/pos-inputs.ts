import { fenSchema, isoDateTimeSchema, phoneSchema, pointsSchema, positiveFenSchema } from '@loyalty/shared';
import { z } from 'zod';

/** Latest accepted occurredAt: a POS clock a little ahead of ours is fine, a day ahead is not. */
const notInFuture = (value: string) => new Date(value).getTime() <= Date.now() + 5 * 60_000;
const occurredAt = isoDateTimeSchema.refine(notInFuture, 'must not be in the future');

const memberRef = {
  memberId: z.uuid().optional(),
  phone: phoneSchema.optional(),
};
const exactlyOneMemberRef = (v: { memberId?: string; phone?: string }) => (v.memberId === undefined) !== (v.phone === undefined);
const memberRefMessage = { message: 'give exactly one of memberId or phone', path: ['memberId'] };

const orderNo = z.string().trim().min(1).max(64);

export const purchaseLineInput = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  quantity: z.number().positive().max(1_000_000),
  amountFen: fenSchema,
  /** What industry plugins read (e.g. the part paid by medical insurance 医保), scalars by name. */
  attributes: z
    .record(z.string().regex(/^[A-Za-z][\w.-]{0,63}$/, 'attribute names are letters, digits, _ . -'), z.union([z.string().max(500), z.number(), z.boolean()]))
    .refine((value) => Object.keys(value).length <= 50, 'at most 50 attributes')
    .describe('What industry plugins read and add, e.g. the part paid by medical insurance (医保)')
    .optional(),
});

export const recordPurchaseInput = z
  .object({ ...memberRef, orderNo, amountFen: fenSchema, occurredAt: occurredAt.optional(), lines: z.array(purchaseLineInput).max(500).optional() })
  .refine(exactlyOneMemberRef, memberRefMessage);

/** occurredAt: when the till redeemed, for a till that was offline and uploads later (default: now). */
export const redeemPointsInput = z
  .object({ ...memberRef, points: pointsSchema, orderNo, occurredAt: occurredAt.optional() })
  .refine(exactlyOneMemberRef, memberRefMessage);

export const refundPurchaseInput = z.object({ orderNo, amountFen: positiveFenSchema.optional() });

export const recordReturnInput = z
  .object({ ...memberRef, amountFen: positiveFenSchema, occurredAt: occurredAt.optional() })
  .refine(exactlyOneMemberRef, memberRefMessage);

export type RecordPurchaseInput = z.infer<typeof recordPurchaseInput>;
export type PurchaseLine = z.infer<typeof purchaseLineInput>;
export type RedeemPointsInput = z.infer<typeof redeemPointsInput>;
export type RefundPurchaseInput = z.infer<typeof refundPurchaseInput>;
export type RecordReturnInput = z.infer<typeof recordReturnInput>;
