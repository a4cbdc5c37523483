/** 油品/气品: what a station sells, each in its own unit. */
export const FUEL_GRADE_CODES = ['92', '95', '98', '0', 'LNG', 'CNG'] as const;
export type FuelGradeCode = (typeof FUEL_GRADE_CODES)[number];

/** The unit a grade is sold in: litres of liquid fuel, kilograms of LNG, cubic metres of CNG. */
export type FuelUnit = 'L' | 'kg' | 'm3';

export interface FuelGrade {
  code: FuelGradeCode;
  name: string;
  unit: FuelUnit;
}

export const FUEL_GRADES: Readonly<Record<FuelGradeCode, FuelGrade>> = {
  '92': { code: '92', name: '92#汽油', unit: 'L' },
  '95': { code: '95', name: '95#汽油', unit: 'L' },
  '98': { code: '98', name: '98#汽油', unit: 'L' },
  '0': { code: '0', name: '0#柴油', unit: 'L' },
  // 加气站: liquefied natural gas by the kilogram, compressed natural gas by the cubic metre.
  LNG: { code: 'LNG', name: 'LNG 液化天然气', unit: 'kg' },
  CNG: { code: 'CNG', name: 'CNG 压缩天然气', unit: 'm3' },
};

export const isFuelGradeCode = (value: unknown): value is FuelGradeCode => typeof value === 'string' && (FUEL_GRADE_CODES as readonly string[]).includes(value);
