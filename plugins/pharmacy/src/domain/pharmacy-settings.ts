/** A pharmacy merchant's settings of the plugin (validated against `pharmacySettingsSchema` on save). */
export interface PharmacySettings {
  /** Line categories that earn no points, e.g. prescription drugs 处方药. */
  excludedCategories: string[];
  /** The part of a line paid by medical insurance 医保 (`insurancePaidFen`) earns no points. */
  excludeInsurancePaid: boolean;
  /** A refill reminder falls due this many days before the medication runs out. */
  refillLeadDays: number;
}

export const PRESCRIPTION = 'prescription';

export const pharmacySettingsSchema = {
  type: 'object',
  properties: {
    excludedCategories: {
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 100 },
      uniqueItems: true,
      maxItems: 50,
      default: [PRESCRIPTION],
      description: 'Line categories that earn no points (处方药 prescription drugs by default)',
    },
    excludeInsurancePaid: { type: 'boolean', default: true, description: 'The part paid by medical insurance (医保) earns no points' },
    refillLeadDays: { type: 'integer', minimum: 0, maximum: 30, default: 3, description: 'Days before a medication runs out that its refill reminder falls due' },
  },
  additionalProperties: false,
};

/** The settings fields' names in the console. */
export const pharmacySettingsLabels = {
  excludedCategories: { 'zh-CN': '不积分的商品类别', en: 'Categories that earn no points' },
  excludeInsurancePaid: { 'zh-CN': '医保支付部分不积分', en: 'No points on the part paid by insurance' },
  refillLeadDays: { 'zh-CN': '续药提醒提前天数', en: 'Refill reminder lead (days)' },
};
