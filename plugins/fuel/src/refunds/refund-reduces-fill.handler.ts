import { Injectable } from '@nestjs/common';
import { type IntegrationEvent, orderRefunds, type PluginEventHandler, type PluginScope } from '@loyalty/plugin-sdk';

/** A refund of a fill-up's order (`points.reversed.v1`, reason refund) takes its share out of what level rules count. */
@Injectable()
export class RefundReducesFillHandler implements PluginEventHandler {
  async handle(scope: PluginScope, events: readonly IntegrationEvent[]): Promise<void> {
    for (const refund of orderRefunds(events)) {
      await scope.query('update fuel_qualifying_fill set refunded_fen = least(amount_fen, refunded_fen + ?) where merchant_id = ? and store_id = ? and order_no = ?', [
        refund.amountFen,
        scope.merchantId,
        refund.storeId,
        refund.orderNo,
      ]);
    }
  }
}
