import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { appendToOutbox } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS, type TransferRequest } from '@loyalty/ledger';
import { conflict, derivedId, newId, type RequestContext } from '@loyalty/shared';
import { type StoredValuePlan, StoredValuePlanSchema } from '../domain/stored-value-plan.entity';
import { splitPayment } from '../domain/stored-value-rules';
import { STORED_VALUE_CHANGED_V1, type StoredValueChangedV1 } from '../contracts/programme-events.v1';

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

  /** The member's own two accounts: principal and bonus. */
  async memberAccounts(tx: Tx, tenantId: string, memberId: string): Promise<{ principal: string; bonus: string }> {
    const [principal, bonus] = await this.ledger.accountIdsFor(tx, [standardAccounts.memberStoredValue(tenantId, memberId), standardAccounts.memberStoredValueBonus(tenantId, memberId)]);
    return { principal, bonus };
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

  /**
   * For a payment of `amountFen` from the member's stored value: locks the accounts it moves and
   * splits it into principal and bonus by the merchant's spend order (INSUFFICIENT_BALANCE if short).
   */
  async lockAndSplit(tx: Tx, ctx: RequestContext, memberId: string, amountFen: number): Promise<{ accounts: StoredValueAccounts; principal: number; bonus: number }> {
    const accounts = await this.accounts(tx, ctx, memberId);
    const held = await this.lockBalances(tx, ctx, accounts, [accounts.redemption]);
    const plan = await this.plan(tx, ctx.merchantId!);
    return { accounts, ...splitPayment(amountFen, held.principalBalanceFen, held.bonusBalanceFen, plan?.spendOrder ?? 'PRINCIPAL_FIRST') };
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
   * The member's balances after a movement, with its stored_value.changed.v1 event written in the
   * same transaction.
   */
  async changed(
    tx: Tx,
    ctx: RequestContext,
    accounts: Pick<StoredValueAccounts, 'principal' | 'bonus'>,
    movement: { memberId: string; kind: StoredValueChangedV1['kind']; orderNo: string; principalDeltaFen: number; bonusDeltaFen: number },
  ): Promise<StoredValueBalances> {
    const after = await this.balances(tx, accounts);
    await appendToOutbox(tx, ctx, [
      {
        type: STORED_VALUE_CHANGED_V1,
        key: movement.memberId,
        payload: {
          ...movement,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId,
          principalBalanceAfter: after.principalBalanceFen,
          bonusBalanceAfter: after.bonusBalanceFen,
          occurredAt: new Date().toISOString(),
        } satisfies StoredValueChangedV1,
      },
    ]);
    return after;
  }

  /**
   * Records an order row (recharge or payment) unless its number was recorded at the store already:
   * `insert … on conflict (store_id, order_no) do nothing returning id`.
   */
  async insertOrder(tx: Tx, sql: string, params: unknown[], orderNo: string): Promise<void> {
    const inserted = await tx.execute<{ id: string }[]>(`${sql} on conflict (store_id, order_no) do nothing returning id`, params);
    if (inserted.length === 0) throw conflict('DUPLICATE_ORDER', `Order ${orderNo} was already recorded at this store`);
  }

  /**
   * 余额支付: records a payment from stored value of an order at this store, principal and bonus
   * as split, each its own transfer (ids derived from `idempotencyKey`), and its event. The caller
   * holds the locks.
   */
  async pay(
    tx: Tx,
    ctx: RequestContext,
    accounts: StoredValueAccounts,
    payment: { memberId: string; orderNo: string; principalFen: number; bonusFen: number; idempotencyKey: string },
  ): Promise<{ paymentId: string; balances: StoredValueBalances }> {
    const paymentId = newId();
    const now = new Date();
    await this.insertOrder(
      tx,
      `insert into stored_value_payment (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, principal_fen, bonus_fen, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [paymentId, ctx.tenantId, ctx.merchantId, ctx.storeId, payment.memberId, payment.orderNo, payment.principalFen + payment.bonusFen, payment.principalFen, payment.bonusFen, now],
      payment.orderNo,
    );
    const common = { merchantId: ctx.merchantId, storeId: ctx.storeId, memberId: payment.memberId, reference: payment.orderNo, occurredAt: now, kind: TRANSFER_KINDS.SV_PAYMENT };
    await this.transfer(tx, ctx, [
      { ...common, id: derivedId(ctx.storeId!, payment.idempotencyKey, 'sv-pay-principal'), debitAccountId: accounts.principal, creditAccountId: accounts.redemption, amount: payment.principalFen },
      { ...common, id: derivedId(ctx.storeId!, payment.idempotencyKey, 'sv-pay-bonus'), debitAccountId: accounts.bonus, creditAccountId: accounts.redemption, amount: payment.bonusFen },
    ]);
    const balances = await this.changed(tx, ctx, accounts, {
      memberId: payment.memberId,
      kind: 'payment',
      orderNo: payment.orderNo,
      principalDeltaFen: -payment.principalFen,
      bonusDeltaFen: -payment.bonusFen,
    });
    return { paymentId, balances };
  }
}
