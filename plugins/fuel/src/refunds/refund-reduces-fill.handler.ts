import { Injectable } from '@nestjs/common';
import type { IntegrationEvent, PluginEventHandler, PluginScope, PointsReversedV1 } from '@loyalty/plugin-sdk';

/** A refund of a fill-up's order (`points.reversed.v1`, reason refund) takes its share out of what level rules count. */
@Injectable()
export class RefundReducesFillHandler implements PluginEventHandler {
  async handle(scope: PluginScope, events: readonly IntegrationEvent[]): Promise<void> {
    for (const event of events) {
      const reversal = event.payload as unknown as PointsReversedV1;
      if (reversal.reason !== 'refund' || !reversal.orderNo) continue;
      await scope.query('update fuel_qualifying_fill set refunded_fen = least(amount_fen, refunded_fen + ?) where merchant_id = ? and store_id = ? and order_no = ?', [
        reversal.amountFen,
        scope.merchantId,
        reversal.storeId,
        reversal.orderNo,
      ]);
    }
  }
}
