import { Injectable } from '@nestjs/common';
import { type PluginScope, type PosWriteEndpoint, unprocessable, z } from '@loyalty/plugin-sdk';
import { exceededLimit } from '../domain/fleet-limits';
import { FUEL_GRADE_CODES, FUEL_GRADES, type FuelUnit } from '../domain/fuel-grades';
import { MAX_QUANTITY, priceFillUp, quantityMilliOf } from '../domain/fuel-pricing';
import type { FuelSettings } from '../domain/fuel-settings';
import { normalisePlate } from '../domain/plate';
import { lockFleetVehicle, vehicleSpend } from '../fleets/fleet-accounts';
import { FUEL_PURCHASED_V1, type FuelPurchasedV1 } from '../fuel-events.v1';
import { memberIdByPlate, plateInput } from '../vehicles/vehicle-registry';

export const fuelPurchaseInput = z
  .object({
    plate: plateInput.optional().describe('车牌: finds the member by vehicle'),
    memberId: z.uuid().optional(),
    phone: z.string().max(32).optional(),
    orderNo: z.string().trim().min(1).max(64),
    grade: z.enum(FUEL_GRADE_CODES).describe('92, 95, 98, 0 (0# diesel), LNG, CNG'),
    quantity: z
      .number()
      .refine((q) => quantityMilliOf(q) !== null, `must be above 0 and at most ${MAX_QUANTITY}, with at most three decimals`)
      .describe('Litres (kg for LNG, m³ for CNG), at most three decimals'),
    payment: z.enum(['fleet', 'other']).default('other').describe('fleet: charged to the fleet (车队) of the vehicle, from its shared stored value'),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => [v.plate, v.memberId, v.phone].filter((ref) => ref !== undefined).length === 1, { message: 'give exactly one of plate, memberId or phone', path: ['plate'] })
  .refine((v) => v.payment !== 'fleet' || v.plate !== undefined, { message: 'a fleet charge names the vehicle’s plate', path: ['payment'] });
type FuelPurchaseInput = z.infer<typeof fuelPurchaseInput>;

export interface FuelPurchaseResult {
  purchaseId: string;
  memberId: string;
  orderNo: string;
  plate: string | null;
  grade: string;
  unit: FuelUnit;
  quantityMilli: number;
  unitPriceFen: number;
  discountFenPerUnit: number;
  grossFen: number;
  discountFen: number;
  amountFen: number;
  pointsEarned: number;
  pointsBalance: number;
  /** The fleet charged and its shared balance after, or null. */
  fleet: { fleetId: string; paymentId: string | null; balanceFen: number | null } | null;
}

/**
 * POST /api/pos/v1/plugins/fuel/purchases: 加油/加气 — a fill-up of one grade, priced by the station
 * (quantity × list price, less the member's level discount per unit, each rounded half up to the
 * 分), recorded through the core (points by grade, then the level multiplier), and with `payment:
 * fleet` charged to the vehicle's fleet within its limits. Refusals write nothing.
 */
@Injectable()
export class FuelPurchaseEndpoint implements PosWriteEndpoint<FuelPurchaseInput, FuelPurchaseResult> {
  async apply(scope: PluginScope<FuelSettings>, input: FuelPurchaseInput, key: string) {
    const grade = FUEL_GRADES[input.grade];
    const sold = scope.settings.grades[grade.code];
    if (!sold) throw unprocessable('FUEL_GRADE_NOT_SOLD', `${grade.name} is not sold at this station`);
    const plate = input.plate === undefined ? null : normalisePlate(input.plate)!;
    const memberId = plate ? await memberIdByPlate(scope, plate) : (await scope.findMember({ memberId: input.memberId, phone: input.phone })).id;
    const fleet = input.payment === 'fleet' ? await lockFleetVehicle(scope, plate!) : null;
    const level = (await scope.memberLevels([memberId])).get(memberId);
    const quantityMilli = quantityMilliOf(input.quantity)!;
    const price = priceFillUp(quantityMilli, sold.priceFen, level ? (sold.levelDiscountsFen[level.code] ?? 0) : 0);
    const occurredAt = input.occurredAt ?? new Date().toISOString();
    const timeZone = await scope.timeZone();
    if (fleet) {
      const exceeded = exceededLimit(fleet, await vehicleSpend(scope, plate!, occurredAt, timeZone), { amountFen: price.amountFen, quantityMilli });
      if (exceeded) throw unprocessable('FUEL_VEHICLE_LIMIT_EXCEEDED', `The vehicle ${plate} would pass its ${exceeded.limit} of ${exceeded.limitValue}`, { plate, ...exceeded });
    }

    // Counted by level rules (fuel.litres, fuel.fills) before the purchase is recorded, so its level
    // evaluation raises the member at once; an order number already used is the core's to refuse.
    await scope.query(
      `insert into fuel_qualifying_fill (tenant_id, merchant_id, store_id, order_no, member_id, unit, quantity_milli, amount_fen, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz) on conflict do nothing`,
      [scope.tenantId, scope.merchantId, scope.ctx.storeId, input.orderNo, memberId, grade.unit, quantityMilli, price.amountFen, occurredAt],
    );
    const purchase = await scope.recordPurchase(
      {
        memberId,
        orderNo: input.orderNo,
        amountFen: price.amountFen,
        occurredAt,
        lines: [
          {
            sku: `FUEL-${grade.code}`,
            name: grade.name,
            category: 'fuel',
            quantity: quantityMilli / 1000,
            amountFen: price.amountFen,
            attributes: { fuelGrade: grade.code, fuelUnitPriceFen: sold.priceFen, fuelDiscountFen: price.discountFen, ...(plate ? { fuelPlate: plate } : {}) },
          },
        ],
      },
      key,
    );
    // A fill-up given away whole (a discount as large as the price) has nothing to pay.
    const payment = fleet && price.amountFen > 0 ? await scope.payFromStoredValue({ memberId: fleet.accountMemberId, orderNo: input.orderNo, amountFen: price.amountFen }, key) : null;

    await scope.query(
      `insert into fuel_purchase (purchase_id, tenant_id, merchant_id, store_id, member_id, order_no, plate, grade, unit, quantity_milli, unit_price_fen,
         discount_fen_per_unit, gross_fen, discount_fen, amount_fen, points_earned, fleet_id, stored_value_payment_id, occurred_at, local_date)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz, (?::timestamptz at time zone ?)::date)`,
      [
        purchase.purchaseId, scope.tenantId, scope.merchantId, scope.ctx.storeId, memberId, input.orderNo, plate, grade.code, grade.unit, quantityMilli, sold.priceFen,
        price.discountFenPerUnit, price.grossFen, price.discountFen, price.amountFen, purchase.pointsEarned, fleet?.fleetId ?? null, payment?.paymentId ?? null,
        occurredAt, occurredAt, timeZone,
      ],
    );
    const sale = {
      purchaseId: purchase.purchaseId,
      memberId,
      orderNo: input.orderNo,
      plate,
      grade: grade.code,
      unit: grade.unit,
      quantityMilli,
      unitPriceFen: sold.priceFen,
      discountFen: price.discountFen,
      amountFen: price.amountFen,
      pointsEarned: purchase.pointsEarned,
    };
    await scope.publish(FUEL_PURCHASED_V1, memberId, {
      ...sale,
      merchantId: scope.merchantId,
      storeId: scope.ctx.storeId!,
      fleetId: fleet?.fleetId ?? null,
      occurredAt: new Date(occurredAt).toISOString(),
    } satisfies FuelPurchasedV1);
    return {
      status: 201 as const,
      body: {
        ...sale,
        ...price,
        pointsBalance: purchase.pointsBalance,
        fleet: fleet ? { fleetId: fleet.fleetId, paymentId: payment?.paymentId ?? null, balanceFen: payment?.balanceFen ?? null } : null,
      },
    };
  }
}
