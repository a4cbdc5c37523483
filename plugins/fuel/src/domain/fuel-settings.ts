import { FUEL_GRADE_CODES, type FuelGradeCode } from './fuel-grades';

/** How a grade earns points (before level multipliers): per unit sold (litre, kg, m³) or per 元 paid. */
export interface GradeEarning {
  per: 'unit' | 'yuan';
  points: number;
}

/** A grade the merchant sells: its list price and, optionally, its own earning and members' discounts. */
export interface GradeSettings {
  /** 挂牌价: 分 per unit. */
  priceFen: number;
  /** Absent: the merchant's ordinary earn rule applies to the amount. */
  earn?: GradeEarning;
  /** 会员优惠: 分 off per unit, by the member's level code (e.g. GOLD: 30 = −0.30 元/L). */
  levelDiscountsFen: Record<string, number>;
}

/** A station merchant's settings of the plugin (validated against `fuelSettingsSchema` on save). */
export interface FuelSettings {
  /** The grades sold, by code; a grade left out is not sold here (FUEL_GRADE_NOT_SOLD). */
  grades: Partial<Record<FuelGradeCode, GradeSettings>>;
}

/** Most 分 a unit may cost (1,000 元). */
export const MAX_PRICE_FEN = 100_000;

const gradeSchema = {
  type: 'object',
  properties: {
    priceFen: { type: 'integer', minimum: 1, maximum: MAX_PRICE_FEN, description: '分 per litre (kg for LNG, m³ for CNG)' },
    earn: {
      type: 'object',
      properties: {
        per: { enum: ['unit', 'yuan'], description: 'unit: points per litre/kg/m³ sold; yuan: points per 元 paid' },
        points: { type: 'integer', minimum: 0, maximum: 1000 },
      },
      required: ['per', 'points'],
      additionalProperties: false,
    },
    levelDiscountsFen: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' },
      additionalProperties: { type: 'integer', minimum: 0, maximum: MAX_PRICE_FEN },
      default: {},
      description: '分 off per unit by member level code',
    },
  },
  required: ['priceFen'],
  additionalProperties: false,
};

export const fuelSettingsSchema = {
  type: 'object',
  properties: {
    grades: {
      type: 'object',
      properties: Object.fromEntries(FUEL_GRADE_CODES.map((code) => [code, gradeSchema])),
      additionalProperties: false,
      default: {},
      description: 'Grades sold (92, 95, 98, 0 for 0# diesel, LNG, CNG), each with its price',
    },
  },
  additionalProperties: false,
};
