import { z } from 'zod';
import { isoDateSchema, isoDateTimeSchema, MAX_AMOUNT, timeZoneSchema, uuidSchema } from '@loyalty/shared';
import { GENDERS, LIFECYCLE_STAGES, RFM_GROUPS, SIMPLE_SEGMENTS } from '../domain/rfm';

const days = z.number().int('must be whole days').min(0).max(3650);
const ascending = (item: z.ZodNumber) =>
  item
    .array()
    .length(4, 'must be four breaks')
    .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]), 'must be strictly ascending');

export const scopeInput = z.object({ merchantId: uuidSchema.nullish() });

export const setRfmSettingsInput = z
  .object({
    merchantId: uuidSchema.nullish(),
    windowDays: z.number().int('must be whole days').min(1).max(3650).default(365),
    scoring: z.enum(['quintile', 'threshold']).default('quintile'),
    recencyBreaks: ascending(days).nullish(),
    frequencyBreaks: ascending(z.number().int().min(0).max(1_000_000)).nullish(),
    monetaryBreaks: ascending(z.number().int('must be whole 分').min(0).max(MAX_AMOUNT)).nullish(),
    grouping: z.enum(['average', 'threshold']).default('average'),
    recencyHighDays: days.nullish(),
    frequencyHigh: z.number().int().min(0).max(1_000_000).nullish(),
    monetaryHighFen: z.number().int('must be whole 分').min(0).max(MAX_AMOUNT).nullish(),
    newDays: days.default(30),
    declineDays: days.default(90),
    churnDays: days.default(180),
    maturePurchases: z.number().int().min(1).max(1_000_000).default(5),
  })
  .superRefine((v, issue) => {
    if (v.scoring === 'threshold') {
      for (const field of ['recencyBreaks', 'frequencyBreaks', 'monetaryBreaks'] as const) {
        if (!v[field]) issue.addIssue({ code: 'custom', path: [field], message: 'required when scoring by threshold' });
      }
    }
    if (v.grouping === 'threshold') {
      for (const field of ['recencyHighDays', 'frequencyHigh', 'monetaryHighFen'] as const) {
        if (v[field] === null || v[field] === undefined) issue.addIssue({ code: 'custom', path: [field], message: 'required when grouping by threshold' });
      }
    }
    if (!(v.newDays <= v.declineDays && v.declineDays < v.churnDays)) {
      issue.addIssue({ code: 'custom', path: ['churnDays'], message: 'lifecycle needs newDays ≤ declineDays < churnDays' });
    }
  });

export const refreshRfmInput = z.object({
  merchantId: uuidSchema.nullish(),
  /** The moment R is measured from and the window ends at; default now. */
  asOf: isoDateTimeSchema.nullish(),
});

export const rfmMembersInput = z.object({
  merchantId: uuidSchema.nullish(),
  group: z.string().nullish(),
  lifecycle: z.string().nullish(),
  segment: z.string().nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const dailyReportInput = z
  .object({
    merchantId: uuidSchema.nullish(),
    /** One store of the merchant; none: the whole merchant (or alliance). */
    storeId: uuidSchema.nullish(),
    /** Local dates, both inclusive. */
    from: isoDateSchema,
    to: isoDateSchema,
    timeZone: timeZoneSchema.nullish(),
  })
  .refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] })
  .refine((v) => (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 < 366, { message: 'at most 366 days', path: ['to'] });

const name = z.string().trim().min(1, 'must not be empty').max(100);

export const createTagInput = z.object({
  merchantId: uuidSchema.nullish(),
  name,
  /** Rule-based when any condition is given: members with at least this many purchases… */
  minPurchases: z.number().int().min(1).max(1_000_000).nullish(),
  /** …at least this net spend in the window (分)… */
  minMonetaryFen: z.number().int('must be whole 分').min(0).max(MAX_AMOUNT).nullish(),
  /** …a purchase within this many days… */
  maxRecencyDays: z.number().int().min(0).max(3650).nullish(),
  /** …at least this many points held… */
  minPoints: z.number().int('must be whole points').min(1).max(MAX_AMOUNT).nullish(),
  /** …and a plugin's fact (its measure, `hotel.nights`) of at least `min` and at most `max`, in the last `windowDays` (else ever). */
  fact: z
    .object({
      name: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must name a plugin fact as <plugin id>.<name>'),
      min: z.number().int().min(0).max(MAX_AMOUNT).nullish(),
      max: z.number().int().min(0).max(MAX_AMOUNT).nullish(),
      windowDays: z.number().int('must be whole days').min(1).max(3650).nullish(),
    })
    .refine((f) => f.min != null || f.max != null, { message: 'needs a min or a max', path: ['min'] })
    .refine((f) => f.min == null || f.max == null || f.min <= f.max, { message: 'min must not exceed max', path: ['max'] })
    .nullish(),
});

export const tagMembersInput = z.object({
  tagId: uuidSchema,
  memberIds: z.array(uuidSchema).min(1).max(1000),
  /** false: removes the tag from these members. */
  tagged: z.boolean().default(true),
});

export const saveSegmentInput = z
  .object({
    merchantId: uuidSchema.nullish(),
    name,
    groups: z.array(z.enum(RFM_GROUPS.map((g) => g.code))).max(RFM_GROUPS.length).nullish(),
    lifecycles: z.array(z.enum(LIFECYCLE_STAGES)).max(LIFECYCLE_STAGES.length).nullish(),
    segments: z.array(z.enum(SIMPLE_SEGMENTS)).max(SIMPLE_SEGMENTS.length).nullish(),
    /** Members must carry every one of these tags. */
    tagIds: z.array(uuidSchema).max(20).nullish(),
    minMonetaryFen: z.number().int('must be whole 分').min(0).max(MAX_AMOUNT).nullish(),
    maxRecencyDays: z.number().int().min(0).max(3650).nullish(),
    minFrequency: z.number().int().min(0).max(1_000_000).nullish(),
    /** Profile (given at registration): any of these genders… */
    genders: z.array(z.enum(GENDERS)).max(GENDERS.length).nullish(),
    /** …born in any of these months… */
    birthMonths: z.array(z.number().int().min(1).max(12)).max(12).nullish(),
    /** …registered on these local dates, both inclusive… */
    registeredFrom: isoDateSchema.nullish(),
    registeredTo: isoDateSchema.nullish(),
    /** …at any of these levels (the merchant's own scheme, else the alliance's). */
    levelCodes: z.array(z.string().trim().min(1).max(50)).max(20).nullish(),
  })
  .refine((v) => !v.registeredFrom || !v.registeredTo || v.registeredFrom <= v.registeredTo, { message: 'registeredFrom must not be after registeredTo', path: ['registeredTo'] });

export const segmentMembersInput = z.object({
  segmentId: uuidSchema,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});
