import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { replyWith, type WriteOutcome } from '@loyalty/database';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import { MAX_PAGE_SIZE, parseInput, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { CommitCheckoutCommand } from '../../application/commands/commit-checkout.command';
import { CreateQuoteCommand } from '../../application/commands/create-quote.command';
import { GetReferralCodeCommand } from '../../application/commands/referral-code.command';
import { RecordReferralCommand } from '../../application/commands/record-referral.command';
import { TakeCardCommand } from '../../application/commands/take-card.command';
import { SellVisitCardCommand } from '../../application/commands/sell-visit-card.command';
import { UseVisitCardCommand } from '../../application/commands/use-visit-card.command';
import { RedeemCouponsCommand } from '../../application/commands/redeem-coupons.command';
import { PayFromBalanceCommand } from '../../application/commands/pay-from-balance.command';
import { RechargeStoredValueCommand } from '../../application/commands/recharge-stored-value.command';
import { RecordGrowthEventCommand } from '../../application/commands/record-growth-event.command';
import { RefundBalancePaymentCommand } from '../../application/commands/refund-balance-payment.command';
import { RefundRechargeCommand } from '../../application/commands/refund-recharge.command';
import { balancePaymentInput, checkoutInput, createQuoteInput, rechargeInput, recordGrowthEventInput, recordReferralInput, redeemCouponsInput, referralCodeInput, sellVisitCardInput, storedValueRefundInput, takeCardInput, useVisitCardInput } from '../../application/programme-inputs';
import { ListMemberCardsQuery } from '../../application/queries/card.queries';
import { ListMemberVisitCardsQuery } from '../../application/queries/visit-card.queries';
import { ListMemberCouponsQuery } from '../../application/queries/coupon.queries';
import { GetMemberLevelQuery, type MemberLevelView } from '../../application/queries/programme.queries';
import { GetMemberStoredValueQuery, type MemberStoredValueView } from '../../application/queries/stored-value.queries';
import {
  balancePaymentRefundResultSchema,
  checkoutResultSchema,
  quoteResultSchema,
  couponRedemptionResultSchema,
  memberCardsSchema,
  memberCouponsSchema,
  balancePaymentResultSchema,
  growthEventResultSchema,
  memberLevelSchema,
  memberStoredValueSchema,
  rechargeRefundResultSchema,
  rechargeResultSchema,
  referralCodeSchema,
  referralResultSchema,
  soldVisitCardSchema,
  takenCardSchema,
  visitCardSchema,
} from './programme-pos.schemas';

/** POS API v1, membership programme: levels, growth value, cards, stored value, visit cards, coupons, checkout, referrals. Every write needs an Idempotency-Key. */
@ApiTags('programme')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class ProgrammePosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('growth-events')
  @HttpCode(201)
  @posWriteDocs(recordGrowthEventInput, 'A behaviour earning growth value (check-in, review, share, registration), within its daily cap', growthEventResultSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, LEVEL_SCHEME_NOT_FOUND', schema: errorSchema })
  async growthEvent(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RecordGrowthEventCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id/level')
  @ApiOperation({ summary: 'The member’s level at this merchant, its benefits (discount, points multiplier) and growth value' })
  @ApiResponse({ status: 200, schema: memberLevelSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  level(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<MemberLevelView> {
    return this.queries.execute(new GetMemberLevelQuery(ctx, { memberId: parseInput(uuidSchema, id) }));
  }

  @Post('stored-value/recharges')
  @HttpCode(201)
  @posWriteDocs(rechargeInput, 'Recharge stored value (充值); the merchant’s bonus tier is kept apart, released at once or monthly', rechargeResultSchema)
  @ApiResponse({ status: 409, description: 'DUPLICATE_ORDER', schema: errorSchema })
  async recharge(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RechargeStoredValueCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('stored-value/payments')
  @HttpCode(201)
  @posWriteDocs(balancePaymentInput, 'Pay an order from stored value (余额支付), principal and bonus in the merchant’s spend order', balancePaymentResultSchema)
  @ApiResponse({ status: 422, description: 'INSUFFICIENT_BALANCE: nothing changed', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'DUPLICATE_ORDER', schema: errorSchema })
  async payFromBalance(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new PayFromBalanceCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('stored-value/payment-refunds')
  @HttpCode(201)
  @posWriteDocs(storedValueRefundInput, 'Refund a balance payment made at this store: principal and bonus back in the payment’s proportion', balancePaymentRefundResultSchema)
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'REFUND_EXCEEDS_PAYMENT, ORDER_ALREADY_REFUNDED', schema: errorSchema })
  async refundBalancePayment(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RefundBalancePaymentCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('stored-value/recharge-refunds')
  @HttpCode(201)
  @posWriteDocs(storedValueRefundInput, 'Pay back a recharge made at this store (退储值); its bonus is forfeited in proportion', rechargeRefundResultSchema)
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'REFUND_EXCEEDS_RECHARGE, ORDER_ALREADY_REFUNDED, INSUFFICIENT_BALANCE', schema: errorSchema })
  async refundRecharge(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RefundRechargeCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id/stored-value')
  @ApiOperation({ summary: 'The member’s stored value: principal and bonus balances, bonus parts still to come' })
  @ApiResponse({ status: 200, schema: memberStoredValueSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  storedValue(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<MemberStoredValueView> {
    return this.queries.execute(new GetMemberStoredValueQuery(ctx, { memberId: parseInput(uuidSchema, id) }));
  }

  @Post('cards')
  @HttpCode(201)
  @posWriteDocs(takeCardInput, 'A member takes a free card, or buys or renews a paid (monthly/annual) card, at the till or from stored value', takenCardSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, CARD_TYPE_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'CARD_ALREADY_HELD (free cards), DUPLICATE_ORDER', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'CARD_HELD_BY_LEVEL, CARD_ISSUED_BY_STAFF, INSUFFICIENT_BALANCE: nothing changed', schema: errorSchema })
  async takeCard(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new TakeCardCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id/cards')
  @ApiOperation({ summary: 'The member’s cards at this merchant, level cards with the member’s level' })
  @ApiResponse({ status: 200, schema: memberCardsSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  cards(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new ListMemberCardsQuery(ctx, parseInput(uuidSchema, id)));
  }

  @Post('visit-cards')
  @HttpCode(201)
  @posWriteDocs(sellVisitCardInput, 'Sell a member a visit card (次卡) or time card (月卡/年卡), paid at the till or from stored value', soldVisitCardSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, VISIT_CARD_PRODUCT_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'DUPLICATE_ORDER', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'INSUFFICIENT_BALANCE: nothing changed', schema: errorSchema })
  async sellVisitCard(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new SellVisitCardCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('visit-cards/uses')
  @HttpCode(201)
  @posWriteDocs(useVisitCardInput, 'Use a visit card (次卡核销)', visitCardSchema)
  @ApiResponse({ status: 404, description: 'VISIT_CARD_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'VISIT_CARD_EXPIRED, VISIT_CARD_USED_UP: nothing changed', schema: errorSchema })
  async useVisitCard(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new UseVisitCardCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id/visit-cards')
  @ApiOperation({ summary: 'The member’s visit cards usable now at this merchant' })
  @ApiResponse({ status: 200, schema: memberCouponsSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  visitCards(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new ListMemberVisitCardsQuery(ctx, parseInput(uuidSchema, id), new Date(), 0, MAX_PAGE_SIZE));
  }

  @Post('coupons/redemptions')
  @HttpCode(201)
  @posWriteDocs(redeemCouponsInput, 'Use a member’s coupons on an order (核销): discounts by threshold, stacking rules', couponRedemptionResultSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, COUPON_NOT_FOUND', schema: errorSchema })
  @ApiResponse({
    status: 422,
    description: 'COUPON_NOT_AVAILABLE (used, expired or revoked), COUPON_EXPIRED, COUPON_NOT_YET_VALID, COUPON_THRESHOLD_NOT_MET, COUPON_NOT_STACKABLE: nothing changed',
    schema: errorSchema,
  })
  async redeemCoupons(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RedeemCouponsCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id/coupons')
  @ApiOperation({ summary: 'The member’s coupons usable now at this merchant' })
  @ApiResponse({ status: 200, schema: memberCouponsSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  coupons(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new ListMemberCouponsQuery(ctx, parseInput(uuidSchema, id), { usableAt: new Date() }, 0, MAX_PAGE_SIZE));
  }

  @Post('quotes')
  @HttpCode(201)
  @posWriteDocs(createQuoteInput, 'Price an order for a member (报价): level discount, chosen coupons, points as money, stored value, cash, per line', quoteResultSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, COUPON_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'COUPON_* (see coupons/redemptions), POINTS_DEDUCTION_EXCEEDED', schema: errorSchema })
  async quote(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new CreateQuoteCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('checkouts')
  @HttpCode(201)
  @posWriteDocs(checkoutInput, 'Commit a quote as an order, all or nothing (结算): purchase, coupons, points, stored value', checkoutResultSchema)
  @ApiResponse({ status: 404, description: 'QUOTE_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'QUOTE_CHANGED, QUOTE_ALREADY_COMMITTED, DUPLICATE_ORDER: nothing changed', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'QUOTE_EXPIRED, COUPON_NOT_AVAILABLE: nothing changed', schema: errorSchema })
  async checkout(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new CommitCheckoutCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('referral-codes')
  @HttpCode(201)
  @posWriteDocs(referralCodeInput, 'The member’s share code (分享码): 201 when made, 200 afterwards', referralCodeSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  async referralCode(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new GetReferralCodeCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('referrals')
  @HttpCode(201)
  @posWriteDocs(recordReferralInput, 'The member just registered came by a share code (邀请); both are rewarded by the merchant’s programme', referralResultSchema)
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND, REFERRAL_CODE_NOT_FOUND, REFERRAL_PROGRAM_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 409, description: 'REFERRAL_ALREADY_RECORDED', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'REFERRAL_SELF, REFERRAL_NOT_NEW, REFERRAL_TOO_LATE', schema: errorSchema })
  async referral(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RecordReferralCommand(ctx, body, requireIdempotencyKey(key)));
  }

  private async run(reply: FastifyReply, command: object): Promise<unknown> {
    const outcome: WriteOutcome = await this.commands.execute(command);
    return replyWith(reply, outcome);
  }
}
