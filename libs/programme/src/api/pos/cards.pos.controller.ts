import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import { MAX_PAGE_SIZE, parseInput, requireIdempotencyKey, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { RecordReferralCommand } from '../../application/commands/record-referral.command';
import { GetReferralCodeCommand } from '../../application/commands/referral-code.command';
import { TakeCardCommand } from '../../application/commands/take-card.command';
import { recordReferralInput, referralCodeInput, takeCardInput } from '../../application/programme-inputs';
import { ListMemberCardsQuery } from '../../application/queries/card.queries';
import { memberCardsSchema, referralCodeSchema, referralResultSchema, takenCardSchema } from './programme-pos.schemas';
import { ProgrammePosController } from './programme-pos.controller';

/** POS API v1, membership programme: member cards and referrals. Every write needs an Idempotency-Key. */
@ApiTags('programme')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1')
@UseGuards(PosApiKeyGuard)
export class CardsPosController extends ProgrammePosController {
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
  async cards(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const page: { items: unknown[] } = await this.queries.execute(new ListMemberCardsQuery(ctx, parseInput(uuidSchema, id), 0, MAX_PAGE_SIZE));
    return page.items;
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
}
