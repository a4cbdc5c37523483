import { Body, Controller, Headers, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainError, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { StartHistoryImportCommand } from '../../application/commands/start-history-import.command';
import type { HistoryImportView } from '../../application/queries/history-imports.query';

/** The charset parameter of a Content-Type header (`text/csv; charset=GBK`), if it has one. */
const charsetOf = (contentType: string | undefined) => /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];

/**
 * `POST /api/import/v1/history?storeId=…[&fileName=…]` with the CSV as the `text/csv` body (in
 * UTF-8 or GB18030/GBK, found from the bytes unless the Content-Type names a charset) and a
 * merchant admin's staff token: 202 with the import job, whose progress `historyImport(id)` answers.
 */
@ApiExcludeController()
@Controller('api/import/v1')
@UseGuards(StaffAuthGuard)
export class HistoryImportController {
  constructor(private readonly commands: CommandBus) {}

  @Post('history')
  @HttpCode(202)
  start(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, string | undefined>,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
  ): Promise<HistoryImportView> {
    // Only the CSV parser gives bytes: JSON (or nothing) is the wrong media type here.
    if (!Buffer.isBuffer(body)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv', 415);
    return this.commands.execute(new StartHistoryImportCommand(ctx, { storeId: query.storeId, fileName: query.fileName }, { bytes: body, charset: charsetOf(contentType) }));
  }
}
