/**
 * RFM (最近一次消费 Recency, 消费频率 Frequency, 消费金额 Monetary): the rules a scope (a merchant,
 * or an alliance across its merchants) segments its members by. Amounts are 分, days whole days.
 */

export type RfmScoring = 'quintile' | 'threshold';
export type RfmGrouping = 'average' | 'threshold';

export interface RfmSettings {
  /** F and M count the purchases and net spend of the last `windowDays` days; R is days since the last purchase. */
  windowDays: number;
  /** quintile: 1–5 by the population's 20/40/60/80 % percentiles; threshold: by the four breaks below. */
  scoring: RfmScoring;
  /** Ascending: R scores 5 up to the first break (days), 1 above the fourth. */
  recencyBreaks: number[] | null;
  /** Ascending: F scores 1 up to the first break (purchases), 5 above the fourth. */
  frequencyBreaks: number[] | null;
  /** Ascending, 分: M scores 1 up to the first break, 5 above the fourth. */
  monetaryBreaks: number[] | null;
  /** average: high when at least as good as the population's average; threshold: by the three values below. */
  grouping: RfmGrouping;
  recencyHighDays: number | null;
  frequencyHigh: number | null;
  monetaryHighFen: number | null;
  /** Lifecycle rules (引入/成长/成熟/衰退/流失), checked in this order: churned, declining, new, mature, growing. */
  churnDays: number;
  declineDays: number;
  newDays: number;
  maturePurchases: number;
}

export const DEFAULT_RFM_SETTINGS: RfmSettings = {
  windowDays: 365,
  scoring: 'quintile',
  recencyBreaks: null,
  frequencyBreaks: null,
  monetaryBreaks: null,
  grouping: 'average',
  recencyHighDays: null,
  frequencyHigh: null,
  monetaryHighFen: null,
  churnDays: 180,
  declineDays: 90,
  newDays: 30,
  maturePurchases: 5,
};

/** The eight RFM groups by high (true) or low R, F and M, with their names in the trade. */
export const RFM_GROUPS = [
  { code: 'IMPORTANT_VALUE', label: '重要价值', r: true, f: true, m: true },
  { code: 'IMPORTANT_WIN_BACK', label: '重要唤醒', r: false, f: true, m: true },
  { code: 'IMPORTANT_DEVELOP', label: '重要深耕', r: true, f: false, m: true },
  { code: 'IMPORTANT_RETAIN', label: '重要挽留', r: false, f: false, m: true },
  { code: 'POTENTIAL', label: '潜力', r: true, f: true, m: false },
  { code: 'NEW', label: '新客', r: true, f: false, m: false },
  { code: 'GENERAL_MAINTAIN', label: '一般维持', r: false, f: true, m: false },
  { code: 'LOST', label: '流失', r: false, f: false, m: false },
] as const;

export type RfmGroup = (typeof RFM_GROUPS)[number]['code'];

/**
 * 引入/成长/成熟/衰退/流失, and registered (注册未消费): a member registered in the scope more than
 * `newDays` ago who never bought in it. A member is new while their first purchase, or their
 * registration in the scope when earlier, is less than `newDays` ago, bought or not.
 */
export const LIFECYCLE_STAGES = ['new', 'growing', 'mature', 'declining', 'churned', 'registered'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/**
 * The simple segments of the trade: new (registered or first bought less than `newDays` ago), lost
 * (one purchase), important (buying for more than three months, or five purchases and more),
 * sleeping (the rest: two to four purchases within three months), and registered (never bought).
 */
export const SIMPLE_SEGMENTS = ['new', 'important', 'sleeping', 'lost', 'registered'] as const;
export type SimpleSegment = (typeof SIMPLE_SEGMENTS)[number];
export const IMPORTANT_SPAN_DAYS = 90;
export const IMPORTANT_PURCHASES = 5;

export const QUINTILE_FRACTIONS = [0.2, 0.4, 0.6, 0.8] as const;

/** A member's gender as registration gives it. */
export const GENDERS = ['male', 'female', 'unknown'] as const;
