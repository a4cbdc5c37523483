import { Injectable } from '@nestjs/common';
import { badRequest, type DomainError, type LineAttributes, type LineEnricher, type PluginPurchase, type PluginScope } from '@loyalty/plugin-sdk';
import { CHARGE_ATTRIBUTE } from '../stays/stay-charges';

/** The attribute the enricher puts on a stay charge's line: the points it earns, final. */
export const POINTS_ATTRIBUTE = 'hotelPoints';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Recognises the purchases the hotel's stay endpoints record: a line naming a stay charge being
 * recorded (by this order number) gets the charge's points (`hotelPoints`). The two attributes are
 * the endpoints' alone: a purchase from the till carrying either is refused (400
 * VALIDATION_FAILED), so nobody earns a stay's points with an ordinary purchase. One query a batch.
 */
@Injectable()
export class StayChargeEnricher implements LineEnricher {
  async enrich(scope: PluginScope, purchases: readonly PluginPurchase[]): Promise<(LineAttributes[] | DomainError)[]> {
    const ids = purchases.flatMap((p) => p.lines.map((l) => l.attributes[CHARGE_ATTRIBUTE]).filter((id): id is string => typeof id === 'string' && UUID.test(id)));
    const pending =
      ids.length === 0
        ? new Map<string, { orderNo: string; amountFen: number; points: number }>()
        : new Map(
            (
              await scope.query<{ id: string; orderNo: string; amountFen: number; points: number }>(
                'select id, order_no as "orderNo", amount_fen as "amountFen", points from hotel_stay_charge where id = any(?::uuid[]) and purchase_id is null',
                [`{${ids.join(',')}}`],
              )
            ).map(({ id, ...charge }) => [id, charge]),
          );
    return purchases.map((purchase) => {
      const problems: { path: string; message: string }[] = [];
      const lines = purchase.lines.map((line, i): LineAttributes => {
        const at = (name: string) => `lines.${i}.attributes.${name}`;
        if (line.attributes[POINTS_ATTRIBUTE] !== undefined) problems.push({ path: at(POINTS_ATTRIBUTE), message: 'is set by the hotel plugin, not the till' });
        const chargeId = line.attributes[CHARGE_ATTRIBUTE];
        if (chargeId === undefined) return {};
        const charge = typeof chargeId === 'string' ? pending.get(chargeId) : undefined;
        if (!charge || charge.orderNo !== purchase.orderNo || charge.amountFen !== purchase.amountFen || purchase.lines.length !== 1) {
          problems.push({ path: at(CHARGE_ATTRIBUTE), message: 'is set by the hotel’s stay endpoints only (check-outs, bookings, cancellations)' });
          return {};
        }
        return { [POINTS_ATTRIBUTE]: charge.points };
      });
      if (problems.length > 0) return badRequest('VALIDATION_FAILED', `Invalid hotel line attributes: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
      return lines;
    });
  }
}
