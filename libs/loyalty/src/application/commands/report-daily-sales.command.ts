import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, STORE_DAILY_SALES_REPORTED_V1, type StoreDailySalesReportedV1 } from '@loyalty/events';
import { fenSchema, isoDateSchema, localDateOf, type RequestContext, unprocessable } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { z } from 'zod';
import { PosWriteCommand, PosWriteEachInSavepoint } from '../pos-write.handler';

export const reportDailySalesInput = z.object({
  /** The local date (YYYY-MM-DD, the merchant's time zone) the figures close. */
  day: isoDateSchema,
  /** Every sale of the day at this store, members' and walk-ins', net of the day's refunds (分). */
  salesFen: fenSchema,
  /** How many orders made it up. */
  orders: z.number().int().min(0).max(10_000_000),
});
export type ReportDailySalesInput = z.infer<typeof reportDailySalesInput>;

export class ReportDailySalesCommand extends PosWriteCommand {}

export interface DailySalesResult {
  storeId: string;
  day: string;
  salesFen: number;
  orders: number;
  /** Whether an earlier report of the day was replaced. */
  corrected: boolean;
}

/**
 * 日结: the till reports its store's total sales of a local day, walk-ins included, so reports can
 * set members' sales against all sales (member share). Reporting a day again corrects it; a day
 * that has not begun yet in the merchant's zone is refused.
 */
@CommandHandler(ReportDailySalesCommand)
export class ReportDailySalesHandler extends PosWriteEachInSavepoint<typeof reportDailySalesInput, DailySalesResult> {
  protected readonly endpoint = 'POST /api/pos/v1/daily-sales';
  protected readonly schema = reportDailySalesInput;

  constructor(
    batcher: WriteBatcher,
    private readonly merchants: MerchantDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: ReportDailySalesInput): Promise<WriteOutcome<DailySalesResult>> {
    const merchant = await this.merchants.get(tx, ctx.merchantId!);
    if (data.day > localDateOf(new Date(), merchant.timezone)) throw unprocessable('DAY_NOT_STARTED', `${data.day} has not begun in ${merchant.timezone}`);
    const reportedAt = new Date();
    const [row] = await tx.execute<{ corrected: boolean }[]>(
      `insert into store_daily_sales (store_id, day, tenant_id, merchant_id, sales_fen, orders, reported_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (store_id, day) do update set sales_fen = excluded.sales_fen, orders = excluded.orders, reported_at = excluded.reported_at
       returning (xmax <> 0) as corrected`,
      [ctx.storeId, data.day, ctx.tenantId, ctx.merchantId, data.salesFen, data.orders, reportedAt],
    );
    await appendToOutbox(tx, ctx, [
      {
        type: STORE_DAILY_SALES_REPORTED_V1,
        key: ctx.storeId!,
        payload: {
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId!,
          day: data.day,
          salesFen: data.salesFen,
          orders: data.orders,
          reportedAt: reportedAt.toISOString(),
        } satisfies StoreDailySalesReportedV1,
      },
    ]);
    return { status: 201, body: { storeId: ctx.storeId!, day: data.day, salesFen: data.salesFen, orders: data.orders, corrected: row.corrected } };
  }
}
