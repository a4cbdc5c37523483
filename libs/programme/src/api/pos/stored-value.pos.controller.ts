import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import { MAX_PAGE_SIZE, parseInput, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { PayFromBalanceCommand } from '../../application/commands/pay-from-balance.command';
import { RechargeStoredValueCommand } from '../../application/commands/recharge-stored-value.command';
import { RefundBalancePaymentCommand } from '../../application/commands/refund-balance-payment.command';
import { RefundRechargeCommand } from '../../application/commands/refund-recharge.command';
import { SellVisitCardCommand } from '../../application/commands/sell-visit-card.command';
import { UseVisitCardCommand } from '../../application/commands/use-visit-card.command';
import { balancePaymentInput, rechargeInput, sellVisitCardInput, storedValueRefundInput, useVisitCardInput } from '../../application/programme-inputs';
import { GetMemberStoredValueQuery, type MemberStoredValueView } from '../../application/queries/stored-value.queries';
import { ListMemberVisitCardsQuery } from '../../application/queries/visit-card.queries';
import {
  balancePaymentRefundResultSchema,
  memberVisitCardsSchema,
  balancePaymentResultSchema,
  memberStoredValueSchema,
  rechargeRefundResultSchema,
  rechargeResultSchema,
  soldVisitCardSchema,
  visitCardSchema,
} from './programme-pos.schemas';
import { ProgrammePosController } from './programme-pos.controller';

/** POS API v1, membership programme: stored value (储值) and visit cards (次卡). Every write needs an Idempotency-Key. */
@ApiTags('programme')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class StoredValuePosController extends ProgrammePosController {
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
  @ApiResponse({ status: 200, schema: memberVisitCardsSchema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  visitCards(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new ListMemberVisitCardsQuery(ctx, parseInput(uuidSchema, id), new Date(), 0, MAX_PAGE_SIZE));
  }
}
