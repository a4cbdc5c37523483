import { Injectable } from '@nestjs/common';
import type { MemberProfileLoader, PluginScope } from '@loyalty/plugin-sdk';
import type { MedicationPurchaseGql } from '../api/pharmacy.types';

/** Most lines shown per member, newest first. */
const LIMIT = 100;

/** Members' medication history at this pharmacy, newest first (health data: the health-profile permission). */
@Injectable()
export class MedicationsLoader implements MemberProfileLoader<MedicationPurchaseGql[]> {
  async load(scope: PluginScope, memberIds: readonly string[]): Promise<Map<string, MedicationPurchaseGql[]>> {
    const rows = await scope.query<MedicationPurchaseGql & { memberId: string }>(
      `select member_id as "memberId", order_no as "orderNo", sku, name, category, quantity::float8 as quantity, amount_fen as "amountFen",
              insurance_paid_fen as "insurancePaidFen", earning_fen as "earningFen", daily_dose::float8 as "dailyDose", occurred_at as "occurredAt",
              runs_out_on::text as "runsOutOn", refill_due_on::text as "refillDueOn", refill_status as "refillStatus"
       from (select *, row_number() over (partition by member_id order by occurred_at desc, line_no) as n
             from pharmacy_medication_purchase where member_id = any(?::uuid[])) m
       where n <= ${LIMIT} order by occurred_at desc, line_no`,
      [`{${memberIds.join(',')}}`],
    );
    const history = new Map<string, MedicationPurchaseGql[]>(memberIds.map((id) => [id, []]));
    for (const { memberId, ...line } of rows) history.get(memberId)!.push({ ...line, occurredAt: new Date(line.occurredAt), amountFen: Number(line.amountFen), insurancePaidFen: Number(line.insurancePaidFen), earningFen: Number(line.earningFen) });
    return history;
  }
}
