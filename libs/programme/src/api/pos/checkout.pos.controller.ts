import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import { MAX_PAGE_SIZE, parseInput, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { CommitCheckoutCommand } from '../../application/commands/commit-checkout.command';
import { CreateQuoteCommand } from '../../application/commands/create-quote.command';
import { RedeemCouponsCommand } from '../../application/commands/redeem-coupons.command';
import { checkoutInput, createQuoteInput, redeemCouponsInput } from '../../application/programme-inputs';
import { ListMemberCouponsQuery } from '../../application/queries/coupon.queries';
import { checkoutResultSchema, quoteResultSchema, couponRedemptionResultSchema, memberCouponsSchema } from './programme-pos.schemas';
import { ProgrammePosController } from './programme-pos.controller';

/** POS API v1, membership programme: coupons and checkout (结算). Every write needs an Idempotency-Key. */
@ApiTags('programme')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class CheckoutPosController extends ProgrammePosController {
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
  @posWriteDocs(
    createQuoteInput,
    'Price an order for a member (报价): the combination of promotions, member prices or level discount, and coupons (named, or chosen for the member) that leaves least to pay; then points as money, stored value, cash; explained per line',
    quoteResultSchema,
  )
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
}
