/**
 * 车牌: Chinese licence plates as the till reads them, checked and normalised so that one vehicle has
 * one spelling: half-width, upper case, without the separator dot or spaces (`粤B·D12345` → `粤BD12345`).
 */

/** 省份简称: the province (or municipality, region) a plate is issued in. */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
/** Plate letters: Latin capitals without I and O (read as 1 and 0). */
const LETTER = '[A-HJ-NP-Z]';
const ALNUM = '[A-HJ-NP-Z0-9]';

const PATTERNS = [
  // 普通车牌: province, issuing office, five letters/digits, the last possibly 挂 (trailer), 学 (learner), 警, 港 or 澳.
  new RegExp(`^[${PROVINCES}]${LETTER}${ALNUM}{4}[A-HJ-NP-Z0-9挂学警港澳]$`),
  // 新能源 small vehicles (8 characters): D (electric) or F (other new energy), a letter or digit, four digits.
  new RegExp(`^[${PROVINCES}]${LETTER}[DF]${ALNUM}[0-9]{4}$`),
  // 新能源 large vehicles (8 characters): five digits, then D or F.
  new RegExp(`^[${PROVINCES}]${LETTER}[0-9]{5}[DF]$`),
];

/** Full-width Latin letters and digits (ＡＢ１２) as their ASCII forms. */
const halfWidth = (value: string) => value.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** The plate in its one spelling, or null when it is no Chinese plate (civil, ordinary or new-energy). */
export function normalisePlate(raw: string): string | null {
  const plate = halfWidth(raw)
    .replace(/[\s·•・.\-－]/g, '')
    .toUpperCase();
  return PATTERNS.some((pattern) => pattern.test(plate)) ? plate : null;
}

/** Whether the plate is a new-energy (新能源, green) plate: eight characters. */
export const isNewEnergyPlate = (plate: string) => [...plate].length === 8;
