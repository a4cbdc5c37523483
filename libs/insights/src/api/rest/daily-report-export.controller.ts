import { Controller, Get, Header, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { badRequest, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { dailyReportCsv, type DailyReport, GetDailyReportQuery } from '../../application/queries/daily-report.query';

/** The daily report for spreadsheets: `GET /api/insights/v1/reports/daily?from=&to=[&merchantId=&storeId=&timeZone=]&format=csv|json`, staff token. */
@ApiExcludeController()
@Controller('api/insights/v1/reports')
@UseGuards(StaffAuthGuard)
export class DailyReportExportController {
  constructor(private readonly queries: QueryBus) {}

  @Get('daily')
  @Header('cache-control', 'no-store')
  async export(@Ctx() ctx: RequestContext, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const format = query.format ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw badRequest('VALIDATION_FAILED', 'format must be csv or json');
    const report: DailyReport = await this.queries.execute(
      new GetDailyReportQuery(ctx, { from: query.from, to: query.to, merchantId: query.merchantId, storeId: query.storeId, timeZone: query.timeZone }),
    );
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="daily-report-${query.from}-${query.to}.${format}"`)
      .send(format === 'csv' ? dailyReportCsv(report) : JSON.stringify(report, null, 2));
  }
}
