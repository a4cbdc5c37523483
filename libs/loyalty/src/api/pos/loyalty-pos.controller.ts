import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { replyWith, type WriteOutcome } from '@loyalty/database';
import { openApiSchemaOf, parseInput, phoneSchema, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { z } from 'zod';
import { RecordPurchaseCommand } from '../../application/commands/record-purchase.command';
import { RecordReturnCommand } from '../../application/commands/record-return.command';
import { RedeemPointsCommand } from '../../application/commands/redeem-points.command';
import { RefundPurchaseCommand } from '../../application/commands/refund-purchase.command';
import { recordPurchaseInput, recordReturnInput, redeemPointsInput, refundPurchaseInput } from '../../application/pos-inputs';
import { GetMember360Query, type Member360 } from '../../application/queries/get-member-360.query';
import { errorSchema, member360Schema, purchaseResultSchema, redemptionResultSchema, refundResultSchema, returnResultSchema } from './pos.schemas';

const errors = [
  ApiResponse({ status: 400, description: 'VALIDATION_FAILED, IDEMPOTENCY_KEY_REQUIRED, MALFORMED_JSON', schema: errorSchema }),
  ApiResponse({ status: 401, description: 'UNAUTHENTICATED', schema: errorSchema }),
  ApiResponse({ status: 409, description: 'IDEMPOTENCY_CONFLICT', schema: errorSchema }),
];
/** OpenAPI of a POS write: summary, the Idempotency-Key header, body, 201 result and the common errors. */
export const write = (body: z.ZodType, summary: string, result: object) => (target: object, key: string, descriptor: PropertyDescriptor) => {
  for (const decorate of [
    ApiOperation({ summary }),
    ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Unique per write; a retry with the same key and body returns the first response' }),
    ApiBody({ schema: openApiSchemaOf(body) }),
    ApiResponse({ status: 201, schema: result }),
    ...errors,
  ]) {
    decorate(target, key, descriptor);
  }
};

/** POS API v1: what cashier software codes against. Every write needs an Idempotency-Key. */
@ApiTags('loyalty')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class LoyaltyPosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('purchases')
  @HttpCode(201)
  @write(recordPurchaseInput, 'Record a paid order and earn points (1 per whole yuan by default)', purchaseResultSchema)
  @ApiResponse({ status: 409, description: 'DUPLICATE_ORDER: the orderNo was recorded at this store already', schema: errorSchema })
  async purchase(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RecordPurchaseCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('redemptions')
  @HttpCode(201)
  @write(redeemPointsInput, 'Spend points at this store, earliest-expiring first', redemptionResultSchema)
  @ApiResponse({ status: 422, description: 'INSUFFICIENT_POINTS: nothing changed', schema: errorSchema })
  @ApiResponse({ status: 409, description: "REDEMPTIONS_HELD: the member's redemptions at this merchant are held pending review of an anomaly; nothing changed", schema: errorSchema })
  async redeem(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RedeemPointsCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('refunds')
  @HttpCode(201)
  @write(refundPurchaseInput, 'Refund an order recorded at this store (whole order when amountFen is omitted)', refundResultSchema)
  @ApiResponse({ status: 404, description: 'ORDER_NOT_FOUND', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'REFUND_EXCEEDS_PURCHASE, ORDER_ALREADY_REFUNDED', schema: errorSchema })
  async refund(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RefundPurchaseCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Post('returns')
  @HttpCode(201)
  @write(recordReturnInput, 'Goods returned without the original order: claw back points, at most what the member holds', returnResultSchema)
  async return(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.run(reply, new RecordReturnCommand(ctx, body, requireIdempotencyKey(key)));
  }

  @Get('members/:id')
  @ApiOperation({ summary: 'Member 360 view by id' })
  @ApiResponse({ status: 200, schema: member360Schema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  member(@Ctx() ctx: RequestContext, @Param('id') id: string): Promise<Member360> {
    return this.queries.execute(new GetMember360Query(ctx, { memberId: parseInput(uuidSchema, id) }));
  }

  @Get('members')
  @ApiOperation({ summary: 'Member 360 view by phone or by this merchant’s external id' })
  @ApiQuery({ name: 'phone', required: false })
  @ApiQuery({ name: 'externalId', required: false })
  @ApiResponse({ status: 200, schema: member360Schema })
  @ApiResponse({ status: 404, description: 'MEMBER_NOT_FOUND', schema: errorSchema })
  findMember(@Ctx() ctx: RequestContext, @Query('phone') phone?: string, @Query('externalId') externalId?: string): Promise<Member360> {
    const lookup = parseInput(
      z.object({ phone: phoneSchema.optional(), externalId: z.string().trim().min(1).max(64).optional() }),
      { phone, externalId },
    );
    return this.queries.execute(new GetMember360Query(ctx, lookup));
  }

  private async run(reply: FastifyReply, command: object): Promise<unknown> {
    const outcome: WriteOutcome = await this.commands.execute(command);
    return replyWith(reply, outcome);
  }
}
