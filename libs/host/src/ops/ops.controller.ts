import { Controller, Get, Header, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Db } from '@loyalty/database';
import { Metrics } from './metrics';

@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {}

  /** Liveness and readiness: 200 when the database answers, 503 otherwise. */
  @Get('health')
  @HttpCode(200)
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.db.ping();
      return { status: 'ok', database: 'ok' };
    } catch {
      reply.status(503);
      return { status: 'unavailable', database: 'unreachable' };
    }
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
