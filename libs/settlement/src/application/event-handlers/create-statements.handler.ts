import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, type Tx, unnestRows } from '@loyalty/database';
import { applyOnce, CLEARING_RUN_CLOSED_V1, type ClearingRunClosedV1, type Delivery, EventTransport, type IntegrationEvent } from '@loyalty/events';
import { newId } from '@loyalty/shared';

export const SETTLEMENT_INBOX = { table: 'settlement.inbox_event', consumer: 'settlement' };

/**
 * The settlement service's consumer: a closed clearing run becomes a draft statement per party and,
 * netted per participant, one payment instruction each (a participant with a negative net pays the
 * operator; the operator pays one with a positive net).
 */
@Injectable()
export class CreateStatementsHandler implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(SETTLEMENT_INBOX, [CLEARING_RUN_CLOSED_V1], (events, delivery) => this.handle(events, delivery));
  }

  handle(events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    return applyOnce(this.db, SETTLEMENT_INBOX, events, delivery, async (tx, fresh) => {
      for (const event of fresh) await this.createStatements(tx, event.tenantId, event.payload as unknown as ClearingRunClosedV1);
    });
  }

  private async createStatements(tx: Tx, tenantId: string, run: ClearingRunClosedV1): Promise<void> {
    const operator = run.positions.find((p) => p.participantId === null);
    const statements = run.positions.map((position) => ({ id: newId(), position }));
    const partyMerchantOf = (participantId: string | null) => (participantId === null ? null : run.participantKind === 'store' ? run.operatorMerchantId : participantId);
    const rows = statements.map(({ id, position }) => [
      id,
      tenantId,
      run.runId,
      run.schemeId,
      run.schemeName,
      position.participantId,
      position.participantName,
      partyMerchantOf(position.participantId),
      run.operatorMerchantId,
      run.periodStart,
      run.periodEnd,
      run.timeZone,
      position.netFen,
      JSON.stringify(position.lines),
    ]);
    const values = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'uuid', 'text', 'uuid', 'uuid', 'timestamptz', 'timestamptz', 'text', 'int8', 'jsonb']);
    await tx.execute(
      `insert into settlement.statement (id, tenant_id, run_id, scheme_id, scheme_name, party_id, party_name, party_merchant_id, operator_merchant_id,
         period_start, period_end, time_zone, net_fen, lines, status, created_at)
       select *, 'draft', now() from (${values.sql}) as v`,
      values.params,
    );
    const operatorName = operator?.participantName ?? run.schemeName;
    const instructions = statements
      .filter(({ position }) => position.participantId !== null && position.netFen !== 0)
      .map(({ id, position }) => {
        const partyPays = position.netFen < 0;
        return [
          newId(),
          tenantId,
          run.runId,
          id,
          partyMerchantOf(position.participantId),
          run.operatorMerchantId,
          partyPays ? position.participantName : operatorName,
          partyPays ? operatorName : position.participantName,
          partyPays,
          Math.abs(position.netFen),
        ];
      });
    if (instructions.length === 0) return;
    const instructionValues = unnestRows(instructions, ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'bool', 'int8']);
    await tx.execute(
      `insert into settlement.payment_instruction (id, tenant_id, run_id, statement_id, party_merchant_id, operator_merchant_id, payer_name, payee_name, party_pays, amount_fen, created_at)
       select *, now() from (${instructionValues.sql}) as v`,
      instructionValues.params,
    );
  }
}
