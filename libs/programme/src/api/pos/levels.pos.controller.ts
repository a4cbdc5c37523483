import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import { parseInput, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { RecordGrowthEventCommand } from '../../application/commands/record-growth-event.command';
import { recordGrowthEventInput } from '../../application/programme-inputs';
import { GetMemberLevelQuery, type MemberLevelView } from '../../application/queries/programme.queries';
import { growthEventResultSchema, memberLevelSchema } from './programme-pos.schemas';
import { ProgrammePosController } from './programme-pos.controller';

/** POS API v1, membership programme: levels and growth value. Every write needs an Idempotency-Key. */
@ApiTags('programme')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class LevelsPosController extends ProgrammePosController {
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
}
