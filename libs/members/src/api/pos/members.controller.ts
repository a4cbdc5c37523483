import { Body, Controller, Headers, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { replyWith, type WriteOutcome } from '@loyalty/database';
import { openApiSchemaOf, requireIdempotencyKey, type RequestContext } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { RegisterMemberCommand, registerMemberInput } from '../../application/commands/register-member.command';
import { UpdateMemberProfileCommand, updateMemberProfileInput } from '../../application/commands/update-member-profile.command';
import type { MemberView } from '../../application/member-view';
import { memberViewJsonSchema } from './member.schemas';

@ApiTags('members')
@ApiSecurity('posApiKey')
@Controller('api/pos/v1/members')
@UseGuards(PosApiKeyGuard)
export class MembersPosController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a member by phone (200 with the existing member when the phone is known, or with the member brought over under externalId without a phone, now given it)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: openApiSchemaOf(registerMemberInput) })
  @ApiResponse({ status: 201, description: 'Registered', schema: memberViewJsonSchema })
  @ApiResponse({ status: 200, description: 'Already registered, or brought over without a phone and given this one', schema: memberViewJsonSchema })
  async register(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberView> {
    const outcome: WriteOutcome<MemberView> = await this.commands.execute(new RegisterMemberCommand(ctx, body, requireIdempotencyKey(key)));
    return replyWith(reply, outcome);
  }

  @Post('profile')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct a member’s name, gender or birthday (the fields given; null clears a name or a birthday)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: openApiSchemaOf(updateMemberProfileInput) })
  @ApiResponse({ status: 200, description: 'The member, as corrected', schema: memberViewJsonSchema })
  async updateProfile(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MemberView> {
    const outcome: WriteOutcome<MemberView> = await this.commands.execute(new UpdateMemberProfileCommand(ctx, body, requireIdempotencyKey(key)));
    return replyWith(reply, outcome);
  }
}
