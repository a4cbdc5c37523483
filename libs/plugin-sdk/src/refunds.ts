import type { IntegrationEvent } from '@loyalty/events';
import { POINTS_REVERSED_V1, type PointsReversedV1 } from './contracts';

/**
 * The refunds of known orders among delivered events (`points.reversed.v1` with reason refund):
 * what a plugin's handler of refunds looks at. Returns without their order are left out.
 */
export function orderRefunds(events: readonly IntegrationEvent[]): (PointsReversedV1 & { orderNo: string })[] {
  return events
    .filter((event) => event.type === POINTS_REVERSED_V1)
    .map((event) => event.payload as unknown as PointsReversedV1)
    .filter((reversal): reversal is PointsReversedV1 & { orderNo: string } => reversal.reason === 'refund' && reversal.orderNo !== null);
}
