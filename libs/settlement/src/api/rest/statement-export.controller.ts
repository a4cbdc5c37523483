import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { badRequest, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { GetStatementQuery, type StatementDetail } from '../../application/queries/settlement.queries';
import { statementCsv, statementJson } from '../../domain/statement';

/** Statement downloads for a party's accounting: `GET /api/settlement/v1/statements/:id/export?format=csv|json`, staff token. */
@ApiExcludeController()
@Controller('api/settlement/v1/statements')
@UseGuards(StaffAuthGuard)
export class StatementExportController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/export')
  @Header('cache-control', 'no-store')
  async export(@Ctx() ctx: RequestContext, @Param('id') id: string, @Query('format') format: string | undefined, @Res() reply: FastifyReply) {
    const statementId = parseInput(uuidSchema, id);
    if (format !== 'csv' && format !== 'json') throw badRequest('VALIDATION_FAILED', 'format must be csv or json');
    const statement: StatementDetail = await this.queries.execute(new GetStatementQuery(ctx, statementId));
    const file = `statement-${statement.id}.${format}`;
    void reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(format === 'csv' ? statementCsv(statement) : JSON.stringify(statementJson(statement), null, 2));
  }
}
