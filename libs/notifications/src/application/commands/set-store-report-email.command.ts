import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { setStoreReportEmailInput } from '../notifications-inputs';

export interface StoreReportSettingsView {
  storeId: string;
  merchantId: string;
  name: string;
  reportEmail: string | null;
}

const STORE_COLUMNS = `id as "storeId", merchant_id as "merchantId", name, report_email as "reportEmail"`;

export class SetStoreReportEmailCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 门店日报: where a store's daily report goes by e-mail (its manager's address), set by the merchant's admin; none: nowhere. */
@CommandHandler(SetStoreReportEmailCommand)
export class SetStoreReportEmailHandler implements ICommandHandler<SetStoreReportEmailCommand, StoreReportSettingsView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetStoreReportEmailCommand): Promise<StoreReportSettingsView> {
    const data = parseInput(setStoreReportEmailInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const store = await storeOf(tx, data.storeId);
      await resolveMerchant(tx, ctx, store.merchantId);
      const [updated] = await tx.execute<StoreReportSettingsView[]>(`update notifications.store set report_email = ? where id = ? returning ${STORE_COLUMNS}`, [
        data.reportEmail ?? null,
        store.storeId,
      ]);
      return updated;
    });
  }
}

async function storeOf(tx: Tx, storeId: string): Promise<StoreReportSettingsView> {
  const [store] = await tx.execute<StoreReportSettingsView[]>(`select ${STORE_COLUMNS} from notifications.store where id = ?`, [storeId]);
  if (!store) throw notFound('STORE_NOT_FOUND', 'No such store');
  return store;
}

export class ListStoreReportSettingsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

/** A merchant's stores and where each one's daily report goes. */
@QueryHandler(ListStoreReportSettingsQuery)
export class ListStoreReportSettingsHandler implements IQueryHandler<ListStoreReportSettingsQuery, StoreReportSettingsView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: ListStoreReportSettingsQuery): Promise<StoreReportSettingsView[]> {
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, merchantId);
      return tx.execute<StoreReportSettingsView[]>(`select ${STORE_COLUMNS} from notifications.store where merchant_id = ? order by name, id`, [merchant.id]);
    });
  }
}
