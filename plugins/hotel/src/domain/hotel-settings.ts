/** A level's terms at the hotel, by the level's code in the merchant's scheme (会员等级). */
export interface HotelLevelTerms {
  /** Night basis: points a night for the level, instead of `pointsPerNight`. */
  pointsPerNight?: number;
  /** Amount basis: the level's multiplier of `pointsPerYuan`, in permille (1500 = ×1.5). */
  amountMultiplierPermille?: number;
  /** 延迟退房: the level may check out until this local time (HH:MM). */
  lateCheckoutUntil?: string;
  /** 升房: the level is upgraded to a better room when one is free. */
  roomUpgrade?: boolean;
  /** 早餐: breakfasts included a night. */
  breakfastsPerNight?: number;
}

/** A hotel merchant's settings of the plugin (validated against `hotelSettingsSchema` on save). */
export interface HotelSettings {
  /** What a stay earns by: nights stayed, or yuan of the folio (the bill settled at check-out). */
  earnBasis: 'night' | 'amount';
  /** Points a night for members whose level has no rate of its own (and members without a level). */
  pointsPerNight: number;
  /** Points a whole yuan of the folio, before the level's multiplier. */
  pointsPerYuan: number;
  /** The standard check-out time (HH:MM), for members without late checkout. */
  checkoutTime: string;
  /**
   * Terms by level code. The points of a stay are final: the programme's own level multiplier is
   * not applied to them again, so a level's rate here is what its members earn.
   */
  levels: Record<string, HotelLevelTerms>;
}

const LOCAL_TIME = '^([01][0-9]|2[0-3]):[0-5][0-9]$';

export const hotelSettingsSchema = {
  type: 'object',
  properties: {
    earnBasis: { enum: ['night', 'amount'], default: 'night', description: 'Stays earn per night stayed, or per yuan of the folio' },
    pointsPerNight: { type: 'integer', minimum: 0, maximum: 100_000, default: 100, description: 'Points a night (levels without their own rate)' },
    pointsPerYuan: { type: 'integer', minimum: 0, maximum: 1_000, default: 1, description: 'Points a yuan of the folio, before the level multiplier' },
    checkoutTime: { type: 'string', pattern: LOCAL_TIME, default: '12:00', description: 'Standard check-out time, HH:MM' },
    levels: {
      type: 'object',
      description: 'Terms by level code: points a night or amount multiplier, late checkout, room upgrade, breakfast',
      propertyNames: { pattern: '^[A-Z][A-Z0-9_]{0,31}$' },
      maxProperties: 20,
      additionalProperties: {
        type: 'object',
        properties: {
          pointsPerNight: { type: 'integer', minimum: 0, maximum: 100_000 },
          amountMultiplierPermille: { type: 'integer', minimum: 1_000, maximum: 10_000 },
          lateCheckoutUntil: { type: 'string', pattern: LOCAL_TIME },
          roomUpgrade: { type: 'boolean' },
          breakfastsPerNight: { type: 'integer', minimum: 0, maximum: 10 },
        },
        additionalProperties: false,
      },
      // The product's example levels (银卡/金卡/钻石); 普通 earns the base rate.
      default: {
        SILVER: { pointsPerNight: 120, amountMultiplierPermille: 1_200, breakfastsPerNight: 1 },
        GOLD: { pointsPerNight: 150, amountMultiplierPermille: 1_500, lateCheckoutUntil: '14:00', breakfastsPerNight: 2 },
        DIAMOND: { pointsPerNight: 200, amountMultiplierPermille: 2_000, lateCheckoutUntil: '16:00', roomUpgrade: true, breakfastsPerNight: 2 },
      },
    },
  },
  additionalProperties: false,
};

/** The settings fields' names in the console. */
export const hotelSettingsLabels = {
  earnBasis: { 'zh-CN': '积分方式', en: 'Earn basis' },
  'earnBasis.night': { 'zh-CN': '按入住晚数', en: 'By nights' },
  'earnBasis.amount': { 'zh-CN': '按账单金额', en: 'By folio amount' },
  pointsPerNight: { 'zh-CN': '每晚积分', en: 'Points a night' },
  pointsPerYuan: { 'zh-CN': '每元积分', en: 'Points a yuan' },
  checkoutTime: { 'zh-CN': '标准退房时间', en: 'Check-out time' },
  levels: { 'zh-CN': '等级权益', en: 'Terms by level' },
  'levels.*.pointsPerNight': { 'zh-CN': '每晚积分', en: 'Points a night' },
  'levels.*.amountMultiplierPermille': { 'zh-CN': '金额积分倍数（‰）', en: 'Amount multiplier (‰)' },
  'levels.*.lateCheckoutUntil': { 'zh-CN': '延迟退房至', en: 'Late checkout until' },
  'levels.*.roomUpgrade': { 'zh-CN': '免费升房', en: 'Room upgrade' },
  'levels.*.breakfastsPerNight': { 'zh-CN': '每晚早餐份数', en: 'Breakfasts a night' },
};
