import { codeOf } from './code-of';
import { checkLevelScheme, EXAMPLE_LEVEL_SCHEME, levelSchemeInput, measuresOf, type MemberMetrics, qualifyingLevel } from '../level-rules';

const metrics = (over: Partial<MemberMetrics> & { window12?: number } = {}): MemberMetrics => ({
  cumulativeSpendFen: 0,
  maxSinglePurchaseFen: 0,
  growth: 0,
  pointsBalance: 0,
  measures: new Map(),
  ...over,
  windowSpendFen: new Map([[12, over.window12 ?? 0]]),
});
const levelOf = (m: MemberMetrics) => EXAMPLE_LEVEL_SCHEME.levels[qualifyingLevel(EXAMPLE_LEVEL_SCHEME.levels, m)].code;

describe('level rules', () => {
  it('places members on the shipped example at each boundary', () => {
    expect(levelOf(metrics())).toBe('REGULAR');
    expect(levelOf(metrics({ maxSinglePurchaseFen: 199_99, cumulativeSpendFen: 199_99 }))).toBe('REGULAR');
    expect(levelOf(metrics({ maxSinglePurchaseFen: 200_00, cumulativeSpendFen: 200_00 }))).toBe('SILVER');
    expect(levelOf(metrics({ maxSinglePurchaseFen: 100_00, cumulativeSpendFen: 499_99 }))).toBe('REGULAR');
    expect(levelOf(metrics({ maxSinglePurchaseFen: 100_00, cumulativeSpendFen: 500_00 }))).toBe('SILVER');
    expect(levelOf(metrics({ cumulativeSpendFen: 1999_99, window12: 999_99 }))).toBe('SILVER');
    expect(levelOf(metrics({ cumulativeSpendFen: 1000_00, window12: 1000_00 }))).toBe('GOLD');
    expect(levelOf(metrics({ cumulativeSpendFen: 2000_00 }))).toBe('GOLD');
    expect(levelOf(metrics({ cumulativeSpendFen: 4999_99, window12: 2999_99 }))).toBe('GOLD');
    expect(levelOf(metrics({ cumulativeSpendFen: 3000_00, window12: 3000_00 }))).toBe('DIAMOND');
    expect(levelOf(metrics({ cumulativeSpendFen: 5000_00 }))).toBe('DIAMOND');
  });

  it('combines conditions: any group (OR) of all its conditions (AND)', () => {
    const scheme = levelSchemeInput.parse({
      name: 'and-or',
      levels: [
        { code: 'BASE', name: '普通' },
        { code: 'VIP', name: 'VIP', conditions: [[{ metric: 'GROWTH', min: 100 }, { metric: 'POINTS_BALANCE', min: 50 }], [{ metric: 'CUMULATIVE_SPEND', min: 1_000_00 }]] },
      ],
    });
    expect(qualifyingLevel(scheme.levels, metrics({ growth: 100, pointsBalance: 49 }))).toBe(0);
    expect(qualifyingLevel(scheme.levels, metrics({ growth: 100, pointsBalance: 50 }))).toBe(1);
    expect(qualifyingLevel(scheme.levels, metrics({ cumulativeSpendFen: 1_000_00 }))).toBe(1);
  });

  it('accepts the shipped example and refuses configurations that cannot work, each with its code', () => {
    expect(codeOf(() => checkLevelScheme(EXAMPLE_LEVEL_SCHEME))).toBe('accepted');
    const levels = EXAMPLE_LEVEL_SCHEME.levels;
    const variant = (over: Partial<typeof EXAMPLE_LEVEL_SCHEME>) => ({ ...EXAMPLE_LEVEL_SCHEME, ...over });
    // 金卡 asking less cumulative spend than 银卡: thresholds overlap.
    const overlapping = variant({ levels: [levels[0], levels[1], { ...levels[2], conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 400_00 }]] }, levels[3]] });
    expect(codeOf(() => checkLevelScheme(overlapping))).toBe('LEVEL_THRESHOLDS_OVERLAP');
    // Equal thresholds overlap too.
    const equal = variant({ levels: [levels[0], levels[1], { ...levels[2], conditions: [[{ metric: 'SINGLE_PURCHASE', min: 200_00 }]] }] });
    expect(codeOf(() => checkLevelScheme(equal))).toBe('LEVEL_THRESHOLDS_OVERLAP');
    expect(codeOf(() => checkLevelScheme(variant({ levels: [levels[1], levels[2]] })))).toBe('ENTRY_LEVEL_HAS_CONDITIONS');
    expect(codeOf(() => checkLevelScheme(variant({ levels: [levels[0], { ...levels[1], conditions: [] }] })))).toBe('LEVEL_WITHOUT_CONDITIONS');
    expect(codeOf(() => checkLevelScheme(variant({ levels: [levels[0], levels[1], { ...levels[2], code: 'SILVER' }] })))).toBe('LEVEL_CODE_REPEATED');
    const twice = variant({ growthRules: [{ behaviour: 'CHECK_IN', amount: 1 }, { behaviour: 'CHECK_IN', amount: 2 }] });
    expect(codeOf(() => checkLevelScheme(twice))).toBe('GROWTH_RULE_REPEATED');
  });

  it('refuses negative rates and thresholds, and windows without a length, at validation', () => {
    const parse = (levels: unknown[]) => levelSchemeInput.safeParse({ name: 'x', levels: [{ code: 'BASE', name: 'b' }, ...levels] }).success;
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 1 }]] }])).toBe(true);
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'CUMULATIVE_SPEND', min: -1 }]] }])).toBe(false);
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 1 }]], benefits: { discountPermille: -10 } }])).toBe(false);
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 1 }]], benefits: { pointsMultiplierPermille: 500 } }])).toBe(false);
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'WINDOW_SPEND', min: 1 }]] }])).toBe(false);
    expect(parse([{ code: 'A', name: 'a', conditions: [[{ metric: 'CUMULATIVE_SPEND', min: 1.5 }]] }])).toBe(false);
  });

  it('reads a provided measure (MEASURE) by its name and window, as its own measure for overlaps', () => {
    const scheme = levelSchemeInput.parse({
      name: 'provided',
      levels: [
        { code: 'BASE', name: '普通' },
        { code: 'GOLD', name: '金卡', conditions: [[{ metric: 'MEASURE', measure: 'acme.nights', min: 10 }], [{ metric: 'MEASURE', measure: 'acme.nights', windowMonths: 12, min: 5 }]] },
        { code: 'PLATINUM', name: '白金', conditions: [[{ metric: 'MEASURE', measure: 'acme.nights', min: 30 }, { metric: 'CUMULATIVE_SPEND', min: 1_000_00 }]] },
      ],
    });
    expect(measuresOf(scheme.levels).provided).toEqual([
      { measure: 'acme.nights', windowMonths: null },
      { measure: 'acme.nights', windowMonths: 12 },
    ]);
    const nights = (ever: number, lastYear: number) => new Map([['acme.nights', ever], ['acme.nights:12m', lastYear]]);
    expect(qualifyingLevel(scheme.levels, metrics({ measures: nights(9, 4) }))).toBe(0);
    expect(qualifyingLevel(scheme.levels, metrics({ measures: nights(10, 0) }))).toBe(1);
    expect(qualifyingLevel(scheme.levels, metrics({ measures: nights(6, 5) }))).toBe(1);
    expect(qualifyingLevel(scheme.levels, metrics({ measures: nights(30, 0) }))).toBe(1);
    expect(qualifyingLevel(scheme.levels, metrics({ measures: nights(30, 0), cumulativeSpendFen: 1_000_00 }))).toBe(2);
    // A measure nobody answered counts 0.
    expect(qualifyingLevel(scheme.levels, metrics())).toBe(0);
    expect(codeOf(() => checkLevelScheme(scheme))).toBe('accepted');
    const lower = { ...scheme, levels: [scheme.levels[0], scheme.levels[1], { ...scheme.levels[2], conditions: [[{ metric: 'MEASURE' as const, measure: 'acme.nights', min: 10 }]] }] };
    expect(codeOf(() => checkLevelScheme(lower))).toBe('LEVEL_THRESHOLDS_OVERLAP');
    // Another window of the same measure is another measure.
    const windowed = { ...scheme, levels: [scheme.levels[0], scheme.levels[1], { ...scheme.levels[2], conditions: [[{ metric: 'MEASURE' as const, measure: 'acme.nights', windowMonths: 24, min: 5 }]] }] };
    expect(codeOf(() => checkLevelScheme(windowed))).toBe('accepted');
  });

  it('refuses a MEASURE without a well-formed name, and a name or window where they do not belong', () => {
    const parse = (condition: Record<string, unknown>) =>
      levelSchemeInput.safeParse({ name: 'x', levels: [{ code: 'BASE', name: 'b' }, { code: 'A', name: 'a', conditions: [[{ min: 1, ...condition }]] }] }).success;
    expect(parse({ metric: 'MEASURE', measure: 'acme.nights' })).toBe(true);
    expect(parse({ metric: 'MEASURE', measure: 'acme-store.grooming-visits', windowMonths: 6 })).toBe(true);
    expect(parse({ metric: 'MEASURE' })).toBe(false);
    expect(parse({ metric: 'MEASURE', measure: 'nights' })).toBe(false);
    expect(parse({ metric: 'MEASURE', measure: 'Acme.Nights' })).toBe(false);
    expect(parse({ metric: 'CUMULATIVE_SPEND', measure: 'acme.nights' })).toBe(false);
    expect(parse({ metric: 'CUMULATIVE_SPEND', windowMonths: 12 })).toBe(false);
  });
});
