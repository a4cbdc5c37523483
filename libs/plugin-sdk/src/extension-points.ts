import type { IntegrationEvent } from '@loyalty/events';
import type { PurchaseResult, RecordPurchaseInput, RefundResult } from '@loyalty/loyalty';
import type { BalancePaymentInput, BalancePaymentResult, IssuedCoupon, SellVisitCardInput, SoldVisitCard, UseVisitCardInput, VisitCardView } from '@loyalty/programme';
import type { DomainError, RequestContext } from '@loyalty/shared';
import type { LevelInclusivePoints } from './level-inclusive-points';

/** Scalar values a purchase line carries for plugins: what the till sent, and what enrichers add. */
export type LineAttributes = Record<string, string | number | boolean>;

/** A line of a purchase as plugins see it. Amounts in 分. */
export interface PluginPurchaseLine {
  readonly sku: string;
  readonly name?: string;
  readonly category?: string;
  readonly quantity: number;
  readonly amountFen: number;
  readonly attributes: Readonly<LineAttributes>;
}

/** A purchase of the batch being recorded (all of one merchant). */
export interface PluginPurchase {
  readonly memberId: string;
  readonly storeId: string;
  readonly orderNo: string;
  readonly amountFen: number;
  readonly occurredAt: Date;
  readonly lines: readonly PluginPurchaseLine[];
}

/** One of the merchant's stores (门店). */
export interface PluginStore {
  readonly id: string;
  readonly name: string;
}

/** A member as the core knows it. */
export interface PluginMember {
  id: string;
  phone: string | null;
  name: string | null;
  registeredMerchantId: string;
}

/** A member's level in the merchant's scheme (会员等级), or null without a scheme or level. */
export interface PluginMemberLevel {
  code: string;
  name: string;
  /** 0 for the entry level, rising. */
  rank: number;
}

/** What `recordPurchase` takes and answers, and what `refundPurchase` answers: the POS API's purchase and refund. */
export type { RecordPurchaseInput as PluginPurchaseInput, PurchaseResult as PluginPurchaseResult, RefundResult as PluginRefundResult } from '@loyalty/loyalty';

/** What `sellVisitCard` and `useVisitCard` take and answer: the POS API's visit-card sale and use (`POST /visit-cards`, `/visit-cards/uses`). */
export type {
  SellVisitCardInput as PluginVisitCardSaleInput,
  SoldVisitCard as PluginSoldVisitCard,
  UseVisitCardInput as PluginVisitCardUseInput,
  VisitCardView as PluginVisitCard,
} from '@loyalty/programme';

/** What `issueCoupon` answers: the coupon given. */
export type { IssuedCoupon as PluginIssuedCoupon } from '@loyalty/programme';

/** What `payFromStoredValue` takes and answers: the POS API's balance payment (`POST /stored-value/payments`). */
export type { BalancePaymentInput as PluginStoredValuePaymentInput, BalancePaymentResult as PluginStoredValuePaymentResult } from '@loyalty/programme';

/**
 * One transaction inside one merchant's tenant, under row-level security: what every extension point
 * is handed, and the facade of the core operations plugins may use in it.
 */
export interface PluginScope<TSettings = Record<string, unknown>> {
  readonly ctx: RequestContext;
  readonly tenantId: string;
  readonly merchantId: string;
  /** The merchant's settings of this plugin, validated against its JSON schema, defaults applied. */
  readonly settings: TSettings;
  /** The merchant's IANA time zone (Asia/Shanghai by default): for local dates. */
  timeZone(): Promise<string>;
  /** SQL in this transaction, as the tenant (`?` placeholders). Reach only your own tables and the published views. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** MEMBER_NOT_FOUND (404) when the tenant has no such member. */
  findMember(ref: { memberId?: string; phone?: string }): Promise<PluginMember>;
  /** One of the merchant's stores (its name for a message or a receipt); STORE_NOT_FOUND (404) otherwise. */
  store(storeId: string): Promise<PluginStore>;
  /** Members' levels in the merchant's scheme, null for members without one. */
  memberLevels(memberIds: readonly string[]): Promise<Map<string, PluginMemberLevel | null>>;
  /**
   * Records a purchase through the loyalty core's use case, in this transaction (at a store: POS
   * endpoints only); points are earned by the earn rules, plugins' included. `key` makes it idempotent
   * within the store together with the POS write's own key.
   */
  recordPurchase(input: RecordPurchaseInput, key: string): Promise<PurchaseResult>;
  /** Refunds (all or part of) an order recorded at this store, reversing its points. */
  refundPurchase(input: { orderNo: string; amountFen?: number }, key: string): Promise<RefundResult>;
  /** Writes an integration event of this plugin (type `<plugin id>.<name>.v<n>`) to the outbox, in this transaction. */
  publish(type: string, key: string, payload: object): Promise<void>;
  /** FORBIDDEN (403) unless the acting staff member was granted this plugin permission. */
  requirePermission(permission: string): Promise<void>;
  /**
   * 余额支付: pays an order at this store from a member's stored value (储值), in this transaction (POS
   * endpoints only), through the programme's balance payment: principal and bonus in the merchant's
   * spend order, moved in the ledger, stored_value.changed.v1 written. The member's accounts are
   * locked first, so concurrent payments never overdraw them; INSUFFICIENT_BALANCE (422) when short.
   * `key` makes it idempotent within the store together with the POS write's own key.
   */
  payFromStoredValue(input: BalancePaymentInput, key: string): Promise<BalancePaymentResult>;
  /**
   * 次卡: sells a member a visit card of one of the merchant's visit-card products, paid at the till
   * or from stored value, in this transaction (POS endpoints only), through the programme's sale:
   * VISIT_CARD_PRODUCT_NOT_FOUND (404), INSUFFICIENT_BALANCE (422). `key` as for `recordPurchase`.
   */
  sellVisitCard(input: SellVisitCardInput, key: string): Promise<SoldVisitCard>;
  /**
   * 次卡核销: takes uses off one of the merchant's visit cards (POS endpoints only), never below zero
   * nor after it expired, concurrent uses of the last one: one wins. VISIT_CARD_NOT_FOUND (404),
   * VISIT_CARD_EXPIRED, VISIT_CARD_USED_UP (422).
   */
  useVisitCard(input: UseVisitCardInput, key: string): Promise<VisitCardView>;
  /**
   * 发券: gives a member a coupon of one of the merchant's templates, within its total and per-member
   * limits, with a reason (coupon.issued.v1 follows): COUPON_TEMPLATE_NOT_FOUND (404),
   * COUPON_LIMIT_REACHED, COUPON_MEMBER_LIMIT_REACHED, COUPON_TEMPLATE_EXPIRED (422).
   */
  issueCoupon(input: { templateId: string; memberId: string; reason: string }): Promise<IssuedCoupon>;
}

/** 交易明细增强: adds attributes to purchase lines before the purchases are recorded (they are stored with the lines). */
export interface LineEnricher {
  /**
   * Per purchase, in order: the attributes to add to each of its lines (in order), or a DomainError
   * that refuses that purchase (nothing of it is recorded, its Idempotency-Key stays free).
   */
  enrich(scope: PluginScope<any>, purchases: readonly PluginPurchase[]): Promise<(LineAttributes[] | DomainError)[]>;
}

/** 积分规则: the points base of purchases (before level multipliers), batch-shaped. */
export interface EarnRuleStrategy {
  /**
   * Per purchase, in order: its points base, given `points` (the merchant's rule, or the previous
   * strategy's); or `includingLevel(points)` for points that already include the member's level.
   */
  points(scope: PluginScope<any>, purchases: readonly (PluginPurchase & { points: number })[]): Promise<(number | LevelInclusivePoints)[]>;
}

/** Work after purchases are recorded, in their transaction. */
export interface PurchaseObserver {
  afterPurchases(scope: PluginScope<any>, purchases: readonly (PluginPurchase & { purchaseId: string })[]): Promise<void>;
}

/** Integration events of one merchant, each delivered once (the inbox), in the tenant's transaction. */
export interface PluginEventHandler {
  handle(scope: PluginScope<any>, events: readonly IntegrationEvent[]): Promise<void>;
}

/** A scheduled pass for one merchant that has the plugin enabled. */
export interface PluginJob {
  run(scope: PluginScope<any>, asOf: Date): Promise<void>;
}

/** A POS write: validated input, applied once per Idempotency-Key in the store's transaction. */
export interface PosWriteEndpoint<TInput = any, TResult = unknown> {
  apply(scope: PluginScope<any>, input: TInput, idempotencyKey: string): Promise<{ status: 200 | 201; body: TResult }>;
}

/** Loads a member-profile extension (pets, vehicles, a health profile) for many members at once. */
export interface MemberProfileLoader<TValue = unknown> {
  load(scope: PluginScope<any>, memberIds: readonly string[]): Promise<Map<string, TValue>>;
}

export type { IntegrationEvent };
