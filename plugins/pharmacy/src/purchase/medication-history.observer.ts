import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { PluginPurchase, PluginScope, PurchaseObserver } from '@loyalty/plugin-sdk';
import { daysOfSupply, type MedicationFacts, medicationFactsOf, refillDates } from '../domain/medication-line';
import type { PharmacySettings } from '../domain/pharmacy-settings';

const COLUMNS: [name: string, cast: string][] = [
  ['id', 'uuid'], ['tenant_id', 'uuid'], ['merchant_id', 'uuid'], ['store_id', 'uuid'], ['member_id', 'uuid'], ['purchase_id', 'uuid'], ['order_no', 'text'],
  ['line_no', 'int'], ['sku', 'text'], ['name', 'text'], ['category', 'text'], ['quantity', 'numeric'], ['amount_fen', 'int8'], ['insurance_paid_fen', 'int8'],
  ['earning_fen', 'int8'], ['daily_dose', 'numeric'], ['units_per_pack', 'int'], ['occurred_at', 'timestamptz'], ['runs_out_on', 'date'], ['refill_due_on', 'date'],
  ['refill_status', 'text'],
];

/**
 * 用药记录: every line of a member's purchase at the pharmacy, in the purchase's transaction. A line
 * with a daily dose gets its refill dates; a refill still pending for the same medication is
 * superseded by the new purchase.
 */
@Injectable()
export class MedicationHistoryObserver implements PurchaseObserver {
  async afterPurchases(scope: PluginScope<PharmacySettings>, purchases: readonly (PluginPurchase & { purchaseId: string })[]): Promise<void> {
    const timeZone = await scope.timeZone();
    const rows = purchases.flatMap((purchase) =>
      purchase.lines.map((line, lineNo) => {
        // The enricher refused purchases whose attributes it cannot use, so these are facts.
        const facts = medicationFactsOf(line, lineNo) as MedicationFacts;
        const supply = daysOfSupply(line.quantity, facts);
        const dates = supply === null ? null : refillDates(purchase.occurredAt, timeZone, supply, scope.settings.refillLeadDays);
        return {
          memberId: purchase.memberId,
          sku: line.sku,
          occurredAt: purchase.occurredAt,
          pending: dates !== null,
          values: [
            randomUUID(), scope.tenantId, scope.merchantId, purchase.storeId, purchase.memberId, purchase.purchaseId, purchase.orderNo,
            lineNo, line.sku, line.name ?? null, line.category ?? null, line.quantity, line.amountFen, facts.insurancePaidFen,
            Number(line.attributes.pharmacyEarningFen ?? line.amountFen), facts.dailyDose, facts.unitsPerPack, purchase.occurredAt,
            dates?.runsOutOn ?? null, dates?.refillDueOn ?? null, dates ? 'pending' : 'none',
          ],
        };
      }),
    );
    if (rows.length === 0) return;
    // Bought again: the member's earlier reminders for the medication give way to this purchase's.
    for (const row of rows.filter((r) => r.pending)) {
      await scope.query("update pharmacy_medication_purchase set refill_status = 'superseded' where member_id = ? and sku = ? and refill_status = 'pending' and occurred_at <= ?", [
        row.memberId,
        row.sku,
        row.occurredAt,
      ]);
    }
    const tuple = `(${COLUMNS.map(([, cast]) => `?::${cast}`).join(', ')})`;
    await scope.query(
      `insert into pharmacy_medication_purchase (${COLUMNS.map(([name]) => name).join(', ')}) values ${rows.map(() => tuple).join(', ')}`,
      rows.flatMap((r) => r.values),
    );
  }
}
