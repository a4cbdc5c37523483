import { localDaysBetween } from '@loyalty/plugin-sdk';
import type { HotelSettings } from './hotel-settings';

/** The benefits (会员权益) a member's level gives a stay, recorded on it at check-in and shown to staff. */
export interface StayBenefits {
  /** 延迟退房: the local time (HH:MM) the member may check out until; null: the standard time. */
  lateCheckoutUntil: string | null;
  /** 升房: a better room when one is free. */
  roomUpgrade: boolean;
  /** 早餐: breakfasts included a night. */
  breakfastsPerNight: number;
}

/**
 * The points a stay earns, final (the level's rate is in them: the programme does not multiply
 * them again). Night basis: nights × the level's rate a night (or the base rate). Amount basis:
 * whole yuan of `amountFen` × points a yuan × the level's multiplier (permille), rounded down.
 * Nothing paid (a complimentary stay, 免费房) earns nothing.
 */
export function stayPoints(settings: HotelSettings, levelCode: string | null, nights: number, amountFen: number): number {
  if (amountFen === 0) return 0;
  const terms = levelCode === null ? undefined : settings.levels[levelCode];
  if (settings.earnBasis === 'night') return nights * (terms?.pointsPerNight ?? settings.pointsPerNight);
  const yuan = BigInt(Math.floor(amountFen / 100));
  return Number((yuan * BigInt(settings.pointsPerYuan) * BigInt(terms?.amountMultiplierPermille ?? 1_000)) / 1_000n);
}

/** The benefits of a level at the hotel (none for a level without terms, or a member without a level). */
export function stayBenefits(settings: HotelSettings, levelCode: string | null): StayBenefits {
  const terms = levelCode === null ? undefined : settings.levels[levelCode];
  return { lateCheckoutUntil: terms?.lateCheckoutUntil ?? null, roomUpgrade: terms?.roomUpgrade ?? false, breakfastsPerNight: terms?.breakfastsPerNight ?? 0 };
}

/** Nights a stay counts: calendar days from the check-in date to the check-out date, at least one (a day use). */
export function nightsStayed(checkedInOn: string, checkedOutOn: string): number {
  return Math.max(1, localDaysBetween(checkedInOn, checkedOutOn));
}
