import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { LedgerService, standardAccounts, type TransferRequest } from '@loyalty/ledger';
import { conflict, type RequestContext } from '@loyalty/shared';
import { type StoredValuePlan, StoredValuePlanSchema } from '../domain/stored-value-plan.entity';

/** A member's stored value, principal and bonus apart. */
export interface StoredValueBalances {
  principalBalanceFen: number;
  bonusBalanceFen: number;
  balanceFen: number;
}

export interface StoredValueAccounts {
  principal: string;
  bonus: string;
  issuance: string;
  bonusIssuance: string;
  redemption: string;
}

/** What every stored-value use case shares: the plan, the accounts, balances, order numbers. */
@Injectable()
export class StoredValueService {
  constructor(private readonly ledger: LedgerService) {}

  plan(tx: Tx, merchantId: string): Promise<StoredValuePlan | null> {
    return tx.findOne(StoredValuePlanSchema, { merchantId });
  }

  async accounts(tx: Tx, ctx: RequestContext, memberId: string): Promise<StoredValueAccounts> {
    const tenantId = ctx.tenantId!;
    const merchantId = ctx.merchantId!;
    const [principal, bonus, issuance, bonusIssuance, redemption] = await this.ledger.accountIdsFor(tx, [
      standardAccounts.memberStoredValue(tenantId, memberId),
      standardAccounts.memberStoredValueBonus(tenantId, memberId),
      standardAccounts.merchantStoredValueIssuance(tenantId, merchantId),
      standardAccounts.merchantStoredValueBonusIssuance(tenantId, merchantId),
      standardAccounts.merchantStoredValueRedemption(tenantId, merchantId),
    ]);
    return { principal, bonus, issuance, bonusIssuance, redemption };
  }

  /** Locks the member's two stored-value accounts (with `alsoLock`) and answers their balances. */
  async lockBalances(tx: Tx, ctx: RequestContext, accounts: StoredValueAccounts, alsoLock: string[]): Promise<StoredValueBalances> {
    await this.ledger.lockSpendable(tx, ctx, accounts.principal, { alsoLock: [accounts.bonus, ...alsoLock] });
    return this.balances(tx, accounts);
  }

  async balances(tx: Tx, accounts: Pick<StoredValueAccounts, 'principal' | 'bonus'>): Promise<StoredValueBalances> {
    const available = await this.ledger.availableOf(tx, [accounts.principal, accounts.bonus]);
    const principalBalanceFen = available.get(accounts.principal) ?? 0;
    const bonusBalanceFen = available.get(accounts.bonus) ?? 0;
    return { principalBalanceFen, bonusBalanceFen, balanceFen: principalBalanceFen + bonusBalanceFen };
  }

  /** Applies the transfers that move something (zero parts are left out); any refusal fails the write. */
  async transfer(tx: Tx, ctx: RequestContext, transfers: TransferRequest[]): Promise<void> {
    for (const outcome of await this.ledger.createTransfers(tx, ctx, transfers.filter((t) => t.amount > 0))) if (!outcome.ok) throw outcome.error;
  }

  /**
   * Records an order row (recharge or payment) unless its number was recorded at the store already:
   * `insert … on conflict (store_id, order_no) do nothing returning id`.
   */
  async insertOrder(tx: Tx, sql: string, params: unknown[], orderNo: string): Promise<void> {
    const inserted = await tx.execute<{ id: string }[]>(`${sql} on conflict (store_id, order_no) do nothing returning id`, params);
    if (inserted.length === 0) throw conflict('DUPLICATE_ORDER', `Order ${orderNo} was already recorded at this store`);
  }
}
