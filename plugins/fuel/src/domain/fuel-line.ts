import { badRequest, type DomainError, type LineAttributes, type PluginPurchaseLine } from '@loyalty/plugin-sdk';
import { FUEL_GRADES, isFuelGradeCode } from './fuel-grades';
import { gradePoints, quantityMilliOf } from './fuel-pricing';
import type { FuelSettings } from './fuel-settings';

/**
 * A fuel line is a purchase line with the attribute `fuelGrade` (92, 95, 98, 0, LNG, CNG) and its
 * quantity in the grade's unit. The plugin's POS endpoint writes such lines; a till may also send
 * them on the ordinary /purchases (with its own amount). Each gets `fuelQuantityMilli` and `fuelUnit`.
 */
export function enrichFuelLines(lines: readonly PluginPurchaseLine[], settings: FuelSettings): LineAttributes[] | DomainError {
  const problems: { path: string; message: string }[] = [];
  const enriched = lines.map((line, i): LineAttributes => {
    const grade = line.attributes.fuelGrade;
    if (grade === undefined) return {};
    if (!isFuelGradeCode(grade) || !settings.grades[grade]) {
      problems.push({ path: `lines.${i}.attributes.fuelGrade`, message: 'must be a grade the station sells' });
      return {};
    }
    const quantityMilli = quantityMilliOf(line.quantity);
    if (quantityMilli === null) {
      problems.push({ path: `lines.${i}.quantity`, message: `must be the ${FUEL_GRADES[grade].unit} sold, with at most three decimals` });
      return {};
    }
    return { fuelQuantityMilli: quantityMilli, fuelUnit: FUEL_GRADES[grade].unit };
  });
  if (problems.length > 0) return badRequest('VALIDATION_FAILED', `Invalid fuel lines: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
  return enriched;
}

/** Per line, the points its grade earns, or null for a line that earns by the merchant's rule (no fuel, or a grade without its own earning). */
export function gradePointsOfLines(lines: readonly PluginPurchaseLine[], settings: FuelSettings): (number | null)[] {
  return lines.map((line) => {
    const grade = line.attributes.fuelGrade;
    const earn = isFuelGradeCode(grade) ? settings.grades[grade]?.earn : undefined;
    return earn ? gradePoints(earn, Number(line.attributes.fuelQuantityMilli), line.amountFen) : null;
  });
}
