import type { Tx } from '@loyalty/database';
import { conflict } from '@loyalty/shared';

/**
 * Refuses a redemption while the member's redemptions at the merchant are held pending review
 * (an anomaly rule the merchant set to hold): one look-up of the open-holds index, in the
 * redemption's own transaction.
 */
export async function assertRedemptionsNotHeld(tx: Tx, merchantId: string, memberId: string): Promise<void> {
  const [hold] = await tx.execute<{ id: string; rule: string }[]>(
    'select id, rule from redemption_hold where merchant_id = ? and member_id = ? and released_at is null limit 1',
    [merchantId, memberId],
  );
  if (hold) throw conflict('REDEMPTIONS_HELD', "The member's redemptions at this merchant are held pending review of an anomaly", { holdId: hold.id, rule: hold.rule });
}
