import { Injectable } from '@nestjs/common';
import { type IntegrationEvent, orderRefunds, type PluginEventHandler, type PluginScope } from '@loyalty/plugin-sdk';

/** A refunded order (`points.reversed.v1`, reason refund) calls for no refill: its pending reminders are cancelled. */
@Injectable()
export class RefundCancelsRefillHandler implements PluginEventHandler {
  async handle(scope: PluginScope, events: readonly IntegrationEvent[]): Promise<void> {
    for (const refund of orderRefunds(events)) {
      await scope.query("update pharmacy_medication_purchase set refill_status = 'cancelled' where store_id = ? and order_no = ? and refill_status = 'pending'", [
        refund.storeId,
        refund.orderNo,
      ]);
    }
  }
}
