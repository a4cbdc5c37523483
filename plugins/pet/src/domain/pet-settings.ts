/** A pet store merchant's settings of the plugin (validated against `petSettingsSchema` on save). */
export interface PetSettings {
  /** A follow-up asked for without a date falls due this many days after the service. */
  followUpDefaultDays: number;
  /** A vaccination's reminder goes out this many days before it is due. */
  vaccinationLeadDays: number;
  /** 生日礼: a coupon template of the merchant's given on a pet's birthday; none: a greeting only. */
  birthdayCouponTemplateId: string | null;
}

export const petSettingsSchema = {
  type: 'object',
  properties: {
    followUpDefaultDays: { type: 'integer', minimum: 1, maximum: 365, default: 3, description: 'Days after a service that a follow-up without a date falls due' },
    vaccinationLeadDays: { type: 'integer', minimum: 0, maximum: 60, default: 7, description: 'Days before a vaccination is due that its reminder goes out' },
    birthdayCouponTemplateId: {
      type: ['string', 'null'],
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      default: null,
      description: 'A coupon template given on a pet’s birthday; none: a greeting only',
    },
  },
  additionalProperties: false,
};

/** The settings fields' names in the console. */
export const petSettingsLabels = {
  followUpDefaultDays: { 'zh-CN': '默认回访天数', en: 'Default follow-up (days)' },
  vaccinationLeadDays: { 'zh-CN': '疫苗提醒提前天数', en: 'Vaccination reminder lead (days)' },
  birthdayCouponTemplateId: { 'zh-CN': '宠物生日券模板', en: 'Pet birthday coupon template' },
};
