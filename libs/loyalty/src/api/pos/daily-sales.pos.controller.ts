import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { replyWith, type WriteOutcome } from '@loyalty/database';
import { requireIdempotencyKey, type RequestContext } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { ReportDailySalesCommand, reportDailySalesInput } from '../../application/commands/report-daily-sales.command';
import { write } from './loyalty-pos.controller';
import { errorSchema } from './pos.schemas';

const dailySalesResultSchema = {
  type: 'object',
  required: ['storeId', 'day', 'salesFen', 'orders', 'corrected'],
  properties: {
    storeId: { type: 'string', format: 'uuid' },
    day: { type: 'string', format: 'date' },
    salesFen: { type: 'integer' },
    orders: { type: 'integer' },
    corrected: { type: 'boolean', description: 'An earlier report of the day was replaced' },
  },
};

/** POS API v1: the store's day closed at the till (日结), walk-in sales included. */
@ApiTags('loyalty')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class DailySalesPosController {
  constructor(private readonly commands: CommandBus) {}

  @Post('daily-sales')
  @HttpCode(201)
  @write(reportDailySalesInput, "Report the store's total sales of a local day, members' and walk-ins' (a later report of the day replaces it)", dailySalesResultSchema)
  @ApiResponse({ status: 422, description: 'DAY_NOT_STARTED: the day has not begun in the merchant’s time zone', schema: errorSchema })
  async report(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome: WriteOutcome = await this.commands.execute(new ReportDailySalesCommand(ctx, body, requireIdempotencyKey(key)));
    return replyWith(reply, outcome);
  }
}
