import { unprocessable } from '@loyalty/shared';
import { z } from 'zod';

/**
 * What a level condition measures. Money in 分; growth value and points in whole units. MEASURE: a
 * measure another context provides by name (an industry plugin's, e.g. nights stayed), whole units.
 */
export const LEVEL_METRICS = ['CUMULATIVE_SPEND', 'SINGLE_PURCHASE', 'WINDOW_SPEND', 'GROWTH', 'POINTS_BALANCE', 'MEASURE'] as const;
export type LevelMetric = (typeof LEVEL_METRICS)[number];

/** Behaviours that earn growth value (成长值). */
export const GROWTH_BEHAVIOURS = ['PURCHASE', 'CHECK_IN', 'REVIEW', 'SHARE', 'REGISTRATION'] as const;
export type GrowthBehaviour = (typeof GROWTH_BEHAVIOURS)[number];

const amount = z.number().int('must be an integer').min(0).max(1_000_000_000_00);

/** A provided measure's name: its provider's id and the measure's, both kebab-case (`<plugin id>.<measure>`). */
export const MEASURE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export const levelConditionSchema = z
  .object({
    metric: z.enum(LEVEL_METRICS),
    /** Reached when the metric is at least this (分 for spend). */
    min: amount.min(1),
    /** The rolling window, in months back from the moment of evaluation: WINDOW_SPEND's, and a MEASURE's if it has one. */
    windowMonths: z.number().int().min(1).max(120).optional(),
    /** For MEASURE: the provided measure's name. */
    measure: z.string().regex(MEASURE_NAME, 'must be <provider>.<measure>, kebab-case (e.g. acme.visits)').optional(),
  })
  .refine((c) => (c.metric === 'WINDOW_SPEND' ? c.windowMonths !== undefined : c.metric === 'MEASURE' || c.windowMonths === undefined), {
    message: 'windowMonths is required for WINDOW_SPEND, optional for MEASURE, and only for them',
    path: ['windowMonths'],
  })
  .refine((c) => (c.metric === 'MEASURE') === (c.measure !== undefined), { message: 'measure is required for MEASURE and only for it', path: ['measure'] });
export type LevelCondition = z.infer<typeof levelConditionSchema>;

export const levelBenefitsSchema = z.object({
  /** Discount off the bill in permille: 50 = 5% off (95折). */
  discountPermille: z.number().int().min(0).max(999).default(0),
  /** Points earned × this permille: 1500 = ×1.5. */
  pointsMultiplierPermille: z.number().int().min(1000).max(10_000).default(1000),
  /** Free services the level includes, by name (免费服务), shown to staff at the till. Birthday gifts are coupon rules (BIRTHDAY). */
  freeServices: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
});
export type LevelBenefits = z.infer<typeof levelBenefitsSchema>;

export const levelDefinitionSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'must be 1–32 upper-case letters, digits or _'),
  name: z.string().trim().min(1).max(50),
  /**
   * Reached when any group holds (OR), a group holding when all its conditions do (AND). The first
   * level has none: every member holds it from registration.
   */
  conditions: z.array(z.array(levelConditionSchema).min(1).max(10)).max(10).default([]),
  benefits: levelBenefitsSchema.default(levelBenefitsSchema.parse({})),
});
export type LevelDefinition = z.infer<typeof levelDefinitionSchema>;

export const growthRuleSchema = z.object({
  behaviour: z.enum(GROWTH_BEHAVIOURS),
  /** Growth value per whole yuan for PURCHASE, per occurrence otherwise. */
  amount: amount,
  /** Most growth value from this behaviour per member and local day; none: no cap. */
  dailyCap: amount.min(1).optional(),
});
export type GrowthRule = z.infer<typeof growthRuleSchema>;

export const levelSchemeInput = z.object({
  /** The merchant the scheme is for; none: the whole tenant (the alliance's members). */
  merchantId: z.uuid().optional(),
  name: z.string().trim().min(1).max(100),
  /** 等级有效期: months a level holds before the retention review (保级); none: for ever. */
  validityMonths: z.number().int().min(1).max(120).nullable().default(null),
  /** Lowest first. */
  levels: z.array(levelDefinitionSchema).min(1).max(20),
  growthRules: z.array(growthRuleSchema).max(GROWTH_BEHAVIOURS.length).default([]),
});
export type LevelSchemeInput = z.infer<typeof levelSchemeInput>;

/** A provided measure in its window, as members' metrics key it: `acme.visits`, `acme.visits:12m`. */
export const measureKey = (c: { measure?: string; windowMonths?: number | null }): string => (c.windowMonths ? `${c.measure}:${c.windowMonths}m` : c.measure!);

const conditionKey = (c: LevelCondition) => (c.metric === 'WINDOW_SPEND' ? `WINDOW_SPEND:${c.windowMonths}` : c.metric === 'MEASURE' ? `MEASURE:${measureKey(c)}` : c.metric);

/** The lowest threshold per measure a level names: the easiest way to reach it on that measure alone. */
function lowestThresholds(level: LevelDefinition): Map<string, number> {
  const lowest = new Map<string, number>();
  for (const condition of level.conditions.flat()) {
    const key = conditionKey(condition);
    lowest.set(key, Math.min(lowest.get(key) ?? Infinity, condition.min));
  }
  return lowest;
}

/**
 * Refuses configurations that cannot work, each with its own code (422): repeated codes, an
 * entry level with conditions or a higher level without, thresholds that do not rise with the
 * level on a measure two levels share, a behaviour configured twice.
 */
export function checkLevelScheme(scheme: LevelSchemeInput): void {
  const codes = scheme.levels.map((l) => l.code);
  if (new Set(codes).size !== codes.length) throw unprocessable('LEVEL_CODE_REPEATED', 'Each level needs its own code');
  const [entry, ...higher] = scheme.levels;
  if (entry.conditions.length > 0) throw unprocessable('ENTRY_LEVEL_HAS_CONDITIONS', `The first level (${entry.code}) is every member's from registration: it takes no conditions`);
  const bare = higher.find((l) => l.conditions.length === 0);
  if (bare) throw unprocessable('LEVEL_WITHOUT_CONDITIONS', `Level ${bare.code} needs at least one condition`);
  const thresholds = scheme.levels.map(lowestThresholds);
  for (let upper = 1; upper < scheme.levels.length; upper++) {
    for (let lower = 1; lower < upper; lower++) {
      for (const [key, min] of thresholds[upper]) {
        const below = thresholds[lower].get(key);
        if (below !== undefined && min <= below) {
          throw unprocessable(
            'LEVEL_THRESHOLDS_OVERLAP',
            `Level ${scheme.levels[upper].code} must ask more than ${scheme.levels[lower].code} on ${key} (${min} ≤ ${below})`,
            { lower: scheme.levels[lower].code, upper: scheme.levels[upper].code, measure: key },
          );
        }
      }
    }
  }
  const behaviours = scheme.growthRules.map((r) => r.behaviour);
  if (new Set(behaviours).size !== behaviours.length) throw unprocessable('GROWTH_RULE_REPEATED', 'Each behaviour takes one growth rule');
}

/** A member's measures at the moment of evaluation. */
export interface MemberMetrics {
  cumulativeSpendFen: number;
  maxSinglePurchaseFen: number;
  /** Spend in the rolling window of N months, by N. */
  windowSpendFen: Map<number, number>;
  growth: number;
  pointsBalance: number;
  /** Provided measures, by `measureKey`. */
  measures: Map<string, number>;
}

export function metricValue(metrics: MemberMetrics, condition: LevelCondition): number {
  switch (condition.metric) {
    case 'CUMULATIVE_SPEND':
      return metrics.cumulativeSpendFen;
    case 'SINGLE_PURCHASE':
      return metrics.maxSinglePurchaseFen;
    case 'WINDOW_SPEND':
      return metrics.windowSpendFen.get(condition.windowMonths!) ?? 0;
    case 'GROWTH':
      return metrics.growth;
    case 'POINTS_BALANCE':
      return metrics.pointsBalance;
    case 'MEASURE':
      return metrics.measures.get(measureKey(condition)) ?? 0;
  }
}

/** The highest level whose conditions the member meets (index into levels; 0 at least). */
export function qualifyingLevel(levels: LevelDefinition[], metrics: MemberMetrics): number {
  for (let i = levels.length - 1; i > 0; i--) {
    if (levels[i].conditions.some((group) => group.every((c) => metricValue(metrics, c) >= c.min))) return i;
  }
  return 0;
}

/** The measures a scheme's conditions need: spend windows, whether growth or points are read, and the provided measures (each once). */
export function measuresOf(levels: LevelDefinition[]): { windows: number[]; growth: boolean; points: boolean; provided: { measure: string; windowMonths: number | null }[] } {
  const conditions = levels.flatMap((l) => l.conditions.flat());
  const provided = new Map(conditions.filter((c) => c.metric === 'MEASURE').map((c) => [measureKey(c), { measure: c.measure!, windowMonths: c.windowMonths ?? null }]));
  return {
    windows: [...new Set(conditions.flatMap((c) => (c.metric === 'WINDOW_SPEND' ? [c.windowMonths!] : [])))],
    growth: conditions.some((c) => c.metric === 'GROWTH'),
    points: conditions.some((c) => c.metric === 'POINTS_BALANCE'),
    provided: [...provided.values()],
  };
}

/** The example shipped with the product: 普通 / 银卡 / 金卡 / 钻石, spend in 分. */
export const EXAMPLE_LEVEL_SCHEME: LevelSchemeInput = levelSchemeInput.parse({
  name: '会员等级',
  validityMonths: 12,
  levels: [
    { code: 'REGULAR', name: '普通会员' },
    {
      code: 'SILVER',
      name: '银卡',
      conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 500_00 }], [{ metric: 'SINGLE_PURCHASE', min: 200_00 }]],
      benefits: { discountPermille: 20, pointsMultiplierPermille: 1200 },
    },
    {
      code: 'GOLD',
      name: '金卡',
      conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 2000_00 }], [{ metric: 'WINDOW_SPEND', min: 1000_00, windowMonths: 12 }]],
      benefits: { discountPermille: 50, pointsMultiplierPermille: 1500 },
    },
    {
      code: 'DIAMOND',
      name: '钻石',
      conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 5000_00 }], [{ metric: 'WINDOW_SPEND', min: 3000_00, windowMonths: 12 }]],
      benefits: { discountPermille: 100, pointsMultiplierPermille: 2000, freeServices: ['免费停车'] },
    },
  ],
  growthRules: [
    { behaviour: 'PURCHASE', amount: 1 },
    { behaviour: 'CHECK_IN', amount: 5, dailyCap: 5 },
    { behaviour: 'REVIEW', amount: 10, dailyCap: 30 },
  ],
});
