import { addLocalDays, badRequest, type DomainError, type LineAttributes, localDateOf, type PluginPurchaseLine } from '@loyalty/plugin-sdk';
import type { PharmacySettings } from './pharmacy-settings';

/**
 * What the till tells the pharmacy about a line, in its attributes: `insurancePaidFen` (the part
 * paid by medical insurance 医保, 分), `dailyDose` (units taken a day) and `unitsPerPack` (units in
 * one of the quantity sold, 1 by default).
 */
export interface MedicationFacts {
  insurancePaidFen: number;
  dailyDose: number | null;
  unitsPerPack: number;
}

/** The line's medication facts, or the problems with them (path and message, as VALIDATION_FAILED details). */
export function medicationFactsOf(line: PluginPurchaseLine, index: number): MedicationFacts | { path: string; message: string }[] {
  const { insurancePaidFen = 0, dailyDose, unitsPerPack = 1 } = line.attributes;
  const problems: { path: string; message: string }[] = [];
  const at = (name: string) => `lines.${index}.attributes.${name}`;
  if (!Number.isSafeInteger(insurancePaidFen) || (insurancePaidFen as number) < 0 || (insurancePaidFen as number) > line.amountFen) {
    problems.push({ path: at('insurancePaidFen'), message: `must be a whole number of 分 from 0 to the line's amount (${line.amountFen})` });
  }
  if (dailyDose !== undefined && (typeof dailyDose !== 'number' || !(dailyDose > 0) || dailyDose > 1000)) {
    problems.push({ path: at('dailyDose'), message: 'must be a number of units a day above 0' });
  }
  if (!Number.isSafeInteger(unitsPerPack) || (unitsPerPack as number) < 1 || (unitsPerPack as number) > 100_000) {
    problems.push({ path: at('unitsPerPack'), message: 'must be a whole number of units of at least 1' });
  }
  if (problems.length > 0) return problems;
  return { insurancePaidFen: insurancePaidFen as number, dailyDose: (dailyDose as number | undefined) ?? null, unitsPerPack: unitsPerPack as number };
}

/** Of a line, the 分 that earn points: none of an excluded category, otherwise what medical insurance did not pay (if so set). */
export function earningFenOf(line: PluginPurchaseLine, facts: MedicationFacts, settings: PharmacySettings): number {
  if (line.category !== undefined && settings.excludedCategories.includes(line.category)) return 0;
  return settings.excludeInsurancePaid ? line.amountFen - facts.insurancePaidFen : line.amountFen;
}

/** The enrichment of a purchase's lines (`pharmacyEarningFen` each), or why it is refused. */
export function enrichLines(lines: readonly PluginPurchaseLine[], settings: PharmacySettings): LineAttributes[] | DomainError {
  const problems: { path: string; message: string }[] = [];
  const enriched = lines.map((line, i): LineAttributes => {
    const facts = medicationFactsOf(line, i);
    if (Array.isArray(facts)) {
      problems.push(...facts);
      return {};
    }
    return { pharmacyEarningFen: earningFenOf(line, facts, settings) };
  });
  if (problems.length > 0) return badRequest('VALIDATION_FAILED', `Invalid pharmacy line attributes: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  return enriched;
}

/**
 * Points of a purchase after the exclusions: the share of its points that its earning 分 are of its
 * amount, rounded down (the part not itemised in lines earns as before). A purchase without lines
 * keeps its points.
 */
export function pointsAfterExclusions(purchase: { amountFen: number; points: number; lines: readonly PluginPurchaseLine[] }): number {
  if (purchase.lines.length === 0 || purchase.amountFen === 0) return purchase.points;
  const excludedFen = purchase.lines.reduce((sum, line) => sum + (line.amountFen - Number(line.attributes.pharmacyEarningFen ?? line.amountFen)), 0);
  const earningFen = Math.max(0, purchase.amountFen - excludedFen);
  return Number((BigInt(purchase.points) * BigInt(earningFen)) / BigInt(purchase.amountFen));
}

/** Whole days one purchase of the line lasts: units bought over the daily dose, rounded down. */
export function daysOfSupply(quantity: number, facts: MedicationFacts): number | null {
  if (facts.dailyDose === null) return null;
  return Math.floor((quantity * facts.unitsPerPack) / facts.dailyDose + 1e-9);
}

/**
 * 续药提醒: when the medication bought runs out (the local purchase date plus the days of supply) and
 * when its refill reminder falls due (`leadDays` earlier, never before the purchase date).
 */
export function refillDates(occurredAt: Date, timeZone: string, supplyDays: number, leadDays: number): { runsOutOn: string; refillDueOn: string } {
  const bought = localDateOf(occurredAt, timeZone);
  return { runsOutOn: addLocalDays(bought, supplyDays), refillDueOn: addLocalDays(bought, Math.max(0, supplyDays - leadDays)) };
}
