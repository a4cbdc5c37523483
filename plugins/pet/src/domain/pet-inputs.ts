import { z } from '@loyalty/plugin-sdk';

const localDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

export const SPECIES = ['dog', 'cat', 'rabbit', 'bird', 'other'] as const;
export const SERVICE_KINDS = ['grooming', 'boarding', 'medical', 'other'] as const;

/** A pet as staff describe it; the weight (grams) is its first weighing. */
export const petFields = {
  name: text(50),
  species: z.enum(SPECIES),
  breed: text(50).nullish(),
  sex: z.enum(['male', 'female', 'unknown']).default('unknown'),
  // Not after today anywhere on earth (the merchant's day is at most 14 hours ahead of UTC).
  birthday: localDate
    .refine((day) => day <= new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10), 'must not be in the future')
    .nullish()
    .describe('YYYY-MM-DD, if known'),
  neutered: z.boolean().nullish(),
  notes: z.string().max(2000).nullish(),
};
const weightGrams = z.number().int().min(1).max(200_000).describe('Grams');

export const registerPetInput = z
  .object({ memberId: z.uuid().optional(), phone: z.string().max(32).optional(), ...petFields, weightGrams: weightGrams.optional() })
  .refine((v) => (v.memberId === undefined) !== (v.phone === undefined), { message: 'give exactly one of memberId or phone', path: ['memberId'] });
export type RegisterPetInput = z.infer<typeof registerPetInput>;

export const updatePetInput = z.object(petFields);
export type UpdatePetInput = z.infer<typeof updatePetInput>;

export const weighingInput = z.object({ petId: z.uuid(), weightGrams, weighedOn: localDate.optional() });
export const vaccinationInput = z
  .object({ petId: z.uuid(), vaccine: text(100), givenOn: localDate, nextDueOn: localDate.nullish() })
  .refine((v) => !v.nextDueOn || v.nextDueOn > v.givenOn, { message: 'must be after givenOn', path: ['nextDueOn'] });

/** A follow-up asked for with a service: on a date, or in days (the merchant's default when neither). */
const followUpInput = z
  .object({ on: localDate.optional(), inDays: z.number().int().min(1).max(365).optional(), note: text(500) })
  .refine((v) => v.on === undefined || v.inDays === undefined, { message: 'give on or inDays, not both', path: ['on'] });

export const recordServiceInput = z.object({
  petId: z.uuid(),
  kind: z.enum(SERVICE_KINDS).describe('grooming 洗护美容, boarding 寄养, medical 医疗, other'),
  orderNo: text(64),
  amountFen: z.number().int().min(0).max(100_000_000).describe('分; 0 for a service paid otherwise (a visit card)'),
  performedAt: z.iso.datetime({ offset: true }).optional(),
  notes: z.string().max(2000).nullish(),
  followUp: followUpInput.optional().describe('回访: e.g. call back in 3 days about the eye ointment'),
});
export type RecordServiceInput = z.infer<typeof recordServiceInput>;

export const sellPetVisitCardInput = z.object({ petId: z.uuid(), productId: z.uuid(), orderNo: text(64), payWithStoredValue: z.boolean().default(false) });
export type SellPetVisitCardInput = z.infer<typeof sellPetVisitCardInput>;

export const usePetVisitCardInput = z.object({ petId: z.uuid(), cardId: z.uuid(), uses: z.number().int().min(1).max(100).default(1) });
export type UsePetVisitCardInput = z.infer<typeof usePetVisitCardInput>;
