import { Inject, Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { LedgerService, TRANSFER_KINDS } from '@loyalty/ledger';
import { systemContext, TenantScopedJob } from '@loyalty/shared';
import { StoredValueService } from './stored-value.service';

export const BONUS_RELEASE_INTERVAL_MS = Symbol('BONUS_RELEASE_INTERVAL_MS');

const RELEASE_BATCH = 500;

/**
 * 按月返还: releases the monthly parts of recharge bonuses that have fallen due into the members'
 * bonus balances. Safe with several instances (SKIP LOCKED); each part is released once.
 */
@Injectable()
export class StoredValueBonusScheduler extends TenantScopedJob<number> {
  constructor(
    private readonly db: Db,
    private readonly ledger: LedgerService,
    private readonly storedValue: StoredValueService,
    @Inject(BONUS_RELEASE_INTERVAL_MS) intervalMs: number,
  ) {
    super(intervalMs);
  }

  /** Releases every part due by `asOf` (of `tenantIds` only, when given); returns the 分 released. */
  protected async passFor(asOf: Date, tenantIds?: readonly string[]): Promise<number> {
    const tenants = tenantIds ? pgArray(tenantIds) : null;
    let total = 0;
    for (;;) {
      const released = await this.db.asSystem(async (tx) => {
        const due = await tx.execute<{ id: string; tenantId: string; merchantId: string; storeId: string; memberId: string; amountFen: number; transferId: string; orderNo: string }[]>(
          `select r.id, r.tenant_id as "tenantId", r.merchant_id as "merchantId", r.store_id as "storeId", r.member_id as "memberId",
                  r.amount_fen as "amountFen", r.transfer_id as "transferId", c.order_no as "orderNo"
           from stored_value_bonus_release r join stored_value_recharge c on c.id = r.recharge_id
           where r.status = 'SCHEDULED' and r.due_at <= ? and (?::uuid[] is null or r.tenant_id = any(?::uuid[]))
           order by r.due_at limit ${RELEASE_BATCH} for update of r skip locked`,
          [asOf, tenants, tenants],
        );
        for (const part of due) {
          const ctx = { ...systemContext(`bonus-release-${asOf.toISOString()}`), tenantId: part.tenantId, merchantId: part.merchantId, storeId: part.storeId };
          const accounts = await this.storedValue.accounts(tx, ctx, part.memberId);
          await this.ledger.createTransfer(tx, ctx, {
            id: part.transferId,
            debitAccountId: accounts.bonusIssuance,
            creditAccountId: accounts.bonus,
            amount: part.amountFen,
            kind: TRANSFER_KINDS.SV_BONUS,
            merchantId: part.merchantId,
            storeId: part.storeId,
            memberId: part.memberId,
            reference: part.orderNo,
          });
          await tx.execute(`update stored_value_bonus_release set status = 'RELEASED', released_at = ? where id = ?`, [asOf, part.id]);
          await this.storedValue.changed(tx, ctx, accounts, { memberId: part.memberId, kind: 'bonus_release', orderNo: part.orderNo, principalDeltaFen: 0, bonusDeltaFen: part.amountFen });
          total += part.amountFen;
        }
        return due.length;
      });
      if (released < RELEASE_BATCH) break;
    }
    if (total > 0) this.logger.log({ fen: total }, 'recharge bonus parts released');
    return total;
  }
}
