import { ClearingScheduler } from '../application/clearing.scheduler';
import {
  bootTestPlatform,
  createTenant,
  drainOutbox,
  gql,
  posPost,
  systemQuery,
  type MerchantFixture,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';

/**
 * Clearing and settlement end to end in the all-in-one platform (in-process events, real
 * PostgreSQL): points earned at A, redeemed at B and expired at C become money owed and paid, to the 分.
 */
describe('clearing and settlement (end to end)', () => {
  let platform: TestPlatform;
  let alliance: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  let c: MerchantFixture;
  let operator: string;
  let schemeId: string;
  let runId: string;

  const ok = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(platform, token, query, variables);
    if (res.body.errors) throw new Error(`${res.status} ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  };
  const fails = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(platform, token, query, variables);
    expect(res.body.errors).toBeDefined();
    return { status: res.status, code: res.body.errors[0].extensions.code as string, details: res.body.errors[0].extensions.details };
  };

  const RUN = `mutation($input: RunClearingInput!) { runClearing(input: $input) {
    id periodStart periodEnd totalFen
    positions { participantId participantName pointsIssued pointsReversed pointsRedeemed pointsExpired netFen lines { item adjustment points amountFen } }
  } }`;
  const TERMS = `mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { id issuePricePerPoint effectiveTo } }`;
  const terms = (participantId: string, issue: string, redeem: string, commissionBps: number, breakageShareBps: number, effectiveFrom = '2025-01-01') => ({
    schemeId,
    participantId,
    effectiveFrom,
    issuePricePerPoint: issue,
    redemptionRatePerPoint: redeem,
    commissionBps,
    breakageShareBps,
  });
  interface Position {
    participantId: string | null;
    netFen: number;
    lines: unknown[];
  }
  const position = (run: { positions: Position[] }, participantId: string | null) => run.positions.find((p) => p.participantId === participantId)!;

  beforeAll(async () => {
    platform = await bootTestPlatform({ CLEARING_SCHEDULE_MS: '0' });
    alliance = await createTenant(platform.app, { merchants: 3 });
    [a, b, c] = alliance.merchants;
    operator = alliance.operatorToken!;
    // The clearing service learns the merchants from the tenancy context's events.
    await drainOutbox(platform);

    const member = (await posPost(platform, c.posKeys[0], '/members', { phone: uniquePhone() })).body;
    // C issues 200 points in October 2025; they expire unused in October 2026 (12 months).
    expect((await posPost(platform, c.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'C-1', amountFen: 200_00, occurredAt: '2025-10-05T10:00:00+08:00' })).status).toBe(201);
    // A issues 1000 points, then takes 100 back for goods returned without the order.
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'A-1', amountFen: 1000_00, occurredAt: '2026-10-10T10:00:00+08:00' })).status).toBe(201);
    expect((await posPost(platform, a.posKeys[0], '/returns', { memberId: member.id, amountFen: 100_00, occurredAt: '2026-10-12T10:00:00+08:00' })).status).toBe(201);
    // B takes 300 points as payment (the till uploads it later); C's lot expires first.
    const redeemed = await posPost(platform, b.posKeys[0], '/redemptions', { memberId: member.id, points: 300, orderNo: 'B-1', occurredAt: '2026-10-20T10:00:00+08:00' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.pointsBalance).toBe(600);
    await drainOutbox(platform);

    schemeId = (await ok(operator, `mutation { createClearingScheme(input: { name: "联盟清算", participantKind: merchant, operatorName: "示范联盟" }) { id timeZone } }`))
      .createClearingScheme.id;
    await ok(operator, TERMS, { input: terms(a.merchant.id, '0.5125', '0.4', 1000, 5000) });
    await ok(operator, TERMS, { input: terms(b.merchant.id, '0.5', '0.4', 1000, 5000) });
    await ok(operator, TERMS, { input: terms(c.merchant.id, '0.75', '0.4', 1000, 5000) });
  });
  afterAll(() => platform?.close());

  it('clears a closed period into positions that sum to zero, valued by each participant’s terms', async () => {
    const run = (await ok(operator, RUN, { input: { schemeId, periodStart: '2025-10-01', periodEnd: '2026-11-01' } })).runClearing;
    runId = run.id;
    expect(run.periodStart).toBe('2025-09-30T16:00:00.000Z'); // local midnight, Asia/Shanghai
    // A: pays 1000 × 0.5125 = 512.5 → 512 分, is refunded 100 × 0.5125 = 51.25 → 51 分.
    expect(position(run, a.merchant.id)).toMatchObject({ pointsIssued: 1000, pointsReversed: 100, netFen: -461 });
    // B: reimbursed 300 × 0.4 = 120 分, less 10 % commission.
    expect(position(run, b.merchant.id)).toMatchObject({ pointsRedeemed: 300, netFen: 108 });
    // C: pays 200 × 0.75 = 150 分, gets half of its expired points' value back.
    expect(position(run, c.merchant.id)).toMatchObject({ pointsIssued: 200, pointsExpired: 200, netFen: -75 });
    expect(position(run, null)).toMatchObject({ participantName: '示范联盟', netFen: 428 });
    expect(run.totalFen).toBe(0);
    const [sum] = await systemQuery<{ total: number; lines: number }>(platform, 'select sum(amount_fen)::int8 as total, count(*)::int8 as lines from clearing.run_line where run_id = ?', [runId]);
    // Two lines each for A, B and C; the operator's five items mirror them.
    expect(sum).toEqual({ total: 0, lines: 11 });
  });

  it('returns the same run for the same period, and refuses gaps, open periods and changed terms inside it', async () => {
    const again = (await ok(operator, RUN, { input: { schemeId, periodStart: '2025-10-01', periodEnd: '2026-11-01' } })).runClearing;
    expect(again.id).toBe(runId);
    const [{ runs }] = await systemQuery<{ runs: number }>(platform, 'select count(*)::int8 as runs from clearing.run where scheme_id = ?', [schemeId]);
    expect(runs).toBe(1);
    expect(await fails(operator, RUN, { input: { schemeId, periodStart: '2026-11-02', periodEnd: '2026-11-03' } })).toMatchObject({ status: 409, code: 'PERIOD_NOT_CONTIGUOUS' });
    expect(await fails(operator, RUN, { input: { schemeId, periodStart: '2026-11-01', periodEnd: '2099-01-01' } })).toMatchObject({ status: 422, code: 'PERIOD_NOT_CLOSED' });
    expect(await fails(operator, TERMS, { input: terms(a.merchant.id, '1', '1', 0, 0, '2026-06-01') })).toMatchObject({ status: 409, code: 'PERIOD_CLOSED' });
  });

  it('lands late activity of a closed period in the next run as an adjustment', async () => {
    // A sale of mid-October reaches the platform after October was cleared.
    const member = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body;
    await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'A-late', amountFen: 40_00, occurredAt: '2026-10-15T12:00:00+08:00' });
    // And a tenth of October's order A-1 is refunded today: it corrects October, at October's price.
    expect((await posPost(platform, a.posKeys[0], '/refunds', { orderNo: 'A-1', amountFen: 100_00 })).body.pointsReversed).toBe(100);
    await drainOutbox(platform);
    const next = (await ok(operator, RUN, { input: { schemeId, periodStart: '2026-11-01', periodEnd: '2026-11-08' } })).runClearing;
    expect(position(next, a.merchant.id).lines).toEqual(
      expect.arrayContaining([
        { item: 'ISSUANCE', adjustment: true, points: 40, amountFen: -20 },
        { item: 'ISSUANCE_REVERSAL', adjustment: true, points: 100, amountFen: 51 },
      ]),
    );
    expect(position(next, a.merchant.id)).toMatchObject({ netFen: 31, lines: { length: 2 } });
    expect(position(next, null).netFen).toBe(-31);
    expect(next.totalFen).toBe(0);
    // The closed run did not change.
    const first = (await ok(operator, `query($id: UUID!) { clearingRun(id: $id) { positions { participantId netFen } } }`, { id: runId })).clearingRun;
    expect(position(first, a.merchant.id).netFen).toBe(-461);
  });

  it('turns the run into statements and payment instructions, confirms payments and reconciles', async () => {
    await drainOutbox(platform); // clearing.run-closed.v1 → settlement
    // Written as drafts: nobody is asked to pay before the operator issues them.
    const drafts = (await ok(operator, `query($runId: UUID!) { settlementStatements(runId: $runId) { partyId netFen status } }`, { runId })).settlementStatements as { status: string }[];
    expect(drafts.map((d) => d.status)).toEqual(['draft', 'draft', 'draft', 'draft']);
    const statements = (
      await ok(operator, `mutation($runId: UUID!) { issueStatements(runId: $runId) { id partyId partyName netFen status } }`, { runId })
    ).issueStatements as { id: string; partyId: string | null; netFen: number; status: string }[];
    expect(statements.map((s) => [s.partyId, s.netFen, s.status]).sort()).toEqual(
      [
        [a.merchant.id, -461, 'issued'],
        [b.merchant.id, 108, 'issued'],
        [c.merchant.id, -75, 'issued'],
        [null, 428, 'issued'],
      ].sort(),
    );
    const statementOf = (id: string | null) => statements.find((s) => s.partyId === id)!.id;
    const DETAIL = `query($id: UUID!) { settlementStatement(id: $id) { status instruction { id payerName payeeName partyPays amountFen confirmedFen outstandingFen } } }`;
    const aDetail = (await ok(operator, DETAIL, { id: statementOf(a.merchant.id) })).settlementStatement;
    expect(aDetail.instruction).toMatchObject({ partyPays: true, payeeName: '示范联盟', amountFen: 461, outstandingFen: 461 });
    const bDetail = (await ok(operator, DETAIL, { id: statementOf(b.merchant.id) })).settlementStatement;
    expect(bDetail.instruction).toMatchObject({ partyPays: false, payerName: '示范联盟', amountFen: 108 });

    const CONFIRM = `mutation($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id amountFen } }`;
    const pay = (amountFen: number, reference: string) => ({ input: { instructionId: aDetail.instruction.id, amountFen, reference, paidAt: '2026-11-05T10:00:00+08:00', source: 'api' } });
    const first = (await ok(operator, CONFIRM, pay(400, 'BANK-1'))).confirmPayment;
    expect((await ok(operator, CONFIRM, pay(400, 'BANK-1'))).confirmPayment.id).toBe(first.id);
    expect(await fails(operator, CONFIRM, pay(300, 'BANK-1'))).toMatchObject({ status: 409, code: 'CONFIRMATION_CONFLICT' });
    expect(await fails(operator, CONFIRM, pay(62, 'BANK-2'))).toMatchObject({ status: 422, code: 'OVERPAYMENT', details: { outstandingFen: 61 } });
    expect((await ok(operator, DETAIL, { id: statementOf(a.merchant.id) })).settlementStatement.status).toBe('partially_paid');
    await ok(operator, CONFIRM, pay(61, 'BANK-2'));
    expect((await ok(operator, DETAIL, { id: statementOf(a.merchant.id) })).settlementStatement.status).toBe('paid');

    const RECONCILE = `mutation($id: UUID!) { reconcileStatement(statementId: $id) { status } }`;
    expect((await ok(operator, RECONCILE, { id: statementOf(a.merchant.id) })).reconcileStatement.status).toBe('reconciled');
    expect(await fails(operator, RECONCILE, { id: statementOf(c.merchant.id) })).toMatchObject({ status: 409, code: 'PAYMENTS_OUTSTANDING', details: { outstandingFen: 75 } });

    const recon = (await ok(operator, `query($runId: UUID!) { reconciliation(runId: $runId) { partyName status owedFen confirmedFen outstandingFen } }`, { runId })).reconciliation;
    expect(recon.find((r: { partyName: string }) => r.partyName === '示范联盟')).toMatchObject({ status: 'partially_paid', owedFen: 461 + 108 + 75, confirmedFen: 461, outstandingFen: 183 });
  });

  it('lets a participant dispute its statement, and only the operator resolve it', async () => {
    const [statement] = (await ok(b.adminToken, `query($runId: UUID!) { settlementStatements(runId: $runId) { id partyId status } }`, { runId }))
      .settlementStatements;
    expect(statement.partyId).toBe(b.merchant.id);
    // B sees only its own statements.
    expect((await ok(b.adminToken, `query { settlementStatements { partyId } }`)).settlementStatements.every((s: { partyId: string }) => s.partyId === b.merchant.id)).toBe(true);
    const disputed = (await ok(b.adminToken, `mutation($id: ID!) { disputeStatement(input: { statementId: $id, reason: "核对积分数量", amountFen: 12 }) { status } }`, { id: statement.id }))
      .disputeStatement;
    expect(disputed.status).toBe('disputed');
    const detail = (await ok(operator, `query($id: UUID!) { settlementStatement(id: $id) { disputes { id status } } }`, { id: statement.id })).settlementStatement;
    // Reconciliation shows what is in dispute, on B's statement only.
    const RECONCILIATION = `query($runId: UUID!) { reconciliation(runId: $runId) { statementId status disputedFen openDispute } }`;
    const disputes = async () =>
      Object.fromEntries(
        ((await ok(operator, RECONCILIATION, { runId })).reconciliation as { statementId: string; status: string; disputedFen: number | null; openDispute: boolean }[]).map(
          ({ statementId, ...rest }) => [statementId === statement.id ? 'b' : statementId, rest],
        ),
      );
    const during = await disputes();
    expect(during.b).toEqual({ status: 'disputed', disputedFen: 12, openDispute: true });
    expect(Object.entries(during).filter(([id, line]) => id !== 'b' && (line.openDispute || line.disputedFen !== null))).toEqual([]);
    const RESOLVE = `mutation($id: ID!) { resolveDispute(input: { disputeId: $id, resolution: "数量无误" }) { status } }`;
    expect(await fails(b.adminToken, RESOLVE, { id: detail.disputes[0].id })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await ok(operator, RESOLVE, { id: detail.disputes[0].id })).resolveDispute.status).toBe('issued');
    expect((await disputes()).b).toEqual({ status: 'issued', disputedFen: null, openDispute: false });
  });

  it('exports a statement as CSV and JSON for the party', async () => {
    const [statement] = (await ok(a.adminToken, `query($runId: UUID!) { settlementStatements(runId: $runId) { id partyId } }`, { runId })).settlementStatements;
    expect(statement.partyId).toBe(a.merchant.id);
    const csv = await platform.http.get(`/api/settlement/v1/statements/${statement.id}/export?format=csv`).set('authorization', `Bearer ${a.adminToken}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(rows[0]).toBe('statement_id,run_id,scheme,party,period_start,period_end,item,adjustment,points,amount_fen,amount_cny');
    expect(rows.at(-1)).toMatch(/,NET,,,-461,-4\.61$/);
    expect(rows.some((row) => row.endsWith(',ISSUANCE,false,1000,-512,-5.12'))).toBe(true);
    const json = await platform.http.get(`/api/settlement/v1/statements/${statement.id}/export?format=json`).set('authorization', `Bearer ${a.adminToken}`);
    expect(JSON.parse(json.text)).toMatchObject({ statementId: statement.id, netFen: -461, party: { id: a.merchant.id, role: 'participant' }, status: 'reconciled' });
    // Another merchant's staff cannot download it; bad formats are refused.
    expect((await platform.http.get(`/api/settlement/v1/statements/${statement.id}/export?format=csv`).set('authorization', `Bearer ${b.adminToken}`)).status).toBe(404);
    expect((await platform.http.get(`/api/settlement/v1/statements/${statement.id}/export?format=xls`).set('authorization', `Bearer ${a.adminToken}`)).status).toBe(400);
  });

  it('answers bad settlement input with a 4xx and a code, changing nothing', async () => {
    const CONFIRM = `mutation($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id } }`;
    const [statement] = (await ok(operator, `query($runId: UUID!) { settlementStatements(runId: $runId) { id partyId } }`, { runId })).settlementStatements.filter(
      (s: { partyId: string }) => s.partyId === c.merchant.id,
    );
    const detail = (await ok(operator, `query($id: UUID!) { settlementStatement(id: $id) { status instruction { id confirmedFen } } }`, { id: statement.id }))
      .settlementStatement;
    const payment = (input: Record<string, unknown>) => ({ input: { instructionId: detail.instruction.id, amountFen: 10, reference: 'R', paidAt: '2026-11-05T10:00:00+08:00', ...input } });
    expect(await fails(operator, CONFIRM, payment({ amountFen: 0 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, CONFIRM, payment({ amountFen: -5 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, CONFIRM, payment({ paidAt: 'yesterday' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, CONFIRM, payment({ reference: '  ' }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, CONFIRM, payment({ instructionId: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ status: 404, code: 'PAYMENT_INSTRUCTION_NOT_FOUND' });
    expect(await fails(operator, CONFIRM, payment({ instructionId: 'not-a-uuid' }))).toMatchObject({ status: 400 });
    // Only the operator confirms payments; the participant may not mark itself paid.
    expect(await fails(c.adminToken, CONFIRM, payment({}))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await fails(c.adminToken, `mutation($id: ID!) { disputeStatement(input: { statementId: $id, reason: "" }) { status } }`, { id: statement.id })).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await fails(operator, `mutation { issueStatements(runId: "00000000-0000-4000-8000-000000000000") { id } }`)).toMatchObject({ status: 404, code: 'STATEMENTS_NOT_FOUND' });
    const after = (await ok(operator, `query($id: UUID!) { settlementStatement(id: $id) { status instruction { confirmedFen } disputes { id } } }`, { id: statement.id }))
      .settlementStatement;
    expect(after).toEqual({ status: detail.status, instruction: { confirmedFen: 0 }, disputes: [] });
  });

  it('turns scheduled runs on and off', async () => {
    const SCHEDULE = `mutation($id: UUID!, $schedule: ClearingSchedule) { setClearingSchedule(schemeId: $id, schedule: $schedule) { schedule } }`;
    expect((await ok(operator, SCHEDULE, { id: schemeId, schedule: 'monthly' })).setClearingSchedule.schedule).toBe('monthly');
    expect((await ok(operator, SCHEDULE, { id: schemeId, schedule: null })).setClearingSchedule.schedule).toBeNull();
    expect(await fails(a.adminToken, SCHEDULE, { id: schemeId, schedule: 'daily' })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await fails(operator, SCHEDULE, { id: schemeId, schedule: 'hourly' })).toMatchObject({ status: 400 });
  });

  it('answers bad clearing input with a 4xx and a code, writing nothing', async () => {
    const before = await systemQuery<{ n: number }>(platform, 'select count(*)::int8 as n from clearing.contract_term where scheme_id = ?', [schemeId]);
    expect(await fails(operator, TERMS, { input: terms(a.merchant.id, '0.12345', '1', 0, 0, '2027-01-01') })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, TERMS, { input: terms(a.merchant.id, '1', '1', -5, 0, '2027-01-01') })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, TERMS, { input: terms(a.merchant.id, '1', '1', 0, 10_001, '2027-01-01') })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, TERMS, { input: terms('00000000-0000-4000-8000-000000000000', '1', '1', 0, 0, '2027-01-01') })).toMatchObject({ status: 404, code: 'PARTICIPANT_NOT_FOUND' });
    // New terms from 2027 close the current ones there; terms starting before those are refused.
    expect((await ok(operator, TERMS, { input: terms(b.merchant.id, '0.6', '0.4', 1000, 5000, '2027-01-01') })).setContractTerms.effectiveTo).toBeNull();
    expect(await fails(operator, TERMS, { input: terms(b.merchant.id, '0.7', '0.4', 1000, 5000, '2026-12-15') })).toMatchObject({ status: 409, code: 'CONTRACT_TERMS_OVERLAP' });
    expect(await fails(operator, RUN, { input: { schemeId, periodStart: '2026-11-08', periodEnd: '2026-11-08' } })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(operator, RUN, { input: { schemeId, periodStart: '2026-11-08', periodEnd: '2026-02-30' } })).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, RUN, { input: { schemeId, periodStart: '2026-11-08', periodEnd: '2026-11-09' } })).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await fails(operator, `mutation { createClearingScheme(input: { name: "联盟清算", participantKind: merchant, operatorName: "x" }) { id } }`)).toMatchObject({
      status: 409,
      code: 'CLEARING_SCHEME_EXISTS',
    });
    expect(
      await fails(operator, `mutation { createClearingScheme(input: { name: "tz", participantKind: merchant, operatorName: "x", timeZone: "Mars/Olympus" }) { id } }`),
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const after = await systemQuery<{ n: number }>(platform, 'select count(*)::int8 as n from clearing.contract_term where scheme_id = ?', [schemeId]);
    expect(after[0].n).toBe(before[0].n + 1);
  });

  it('clears activity a participant reports in its own points currency at the agreed rate, once per reference', async () => {
    // From 8 November C counts in its own points: 10 of them are one alliance point.
    await ok(operator, TERMS, { input: { ...terms(c.merchant.id, '0.75', '0.4', 1000, 5000, '2026-11-08'), ownPointsPerUnit: 10, alliancePointsPerUnit: 1 } });
    const REPORT = `mutation($input: RecordParticipantActivityInput!) { recordParticipantActivity(input: $input) { id points ownPoints } }`;
    const report = (points: number, reference = 'C-OWN-1') => ({
      input: { schemeId, participantId: c.merchant.id, kind: 'ISSUED', points, ownCurrency: true, occurredAt: '2026-11-10T09:00:00+08:00', reference },
    });
    const recorded = (await ok(operator, REPORT, report(1005))).recordParticipantActivity;
    expect(recorded).toMatchObject({ points: 100, ownPoints: 1005 });
    expect((await ok(operator, REPORT, report(1005))).recordParticipantActivity.id).toBe(recorded.id);
    expect(await fails(operator, REPORT, report(1006))).toMatchObject({ status: 409, code: 'ACTIVITY_REFERENCE_CONFLICT' });
    expect(await fails(operator, REPORT, report(9, 'C-OWN-2'))).toMatchObject({ status: 422, code: 'BELOW_EXCHANGE_UNIT' });
    const run = (await ok(operator, RUN, { input: { schemeId, periodStart: '2026-11-08', periodEnd: '2026-11-15' } })).runClearing;
    expect(position(run, c.merchant.id).lines).toEqual([{ item: 'ISSUANCE', adjustment: false, points: 100, amountFen: -75 }]);
  });

  it('refuses a run when a participant with activity has no terms, and writes nothing', async () => {
    const other = await createTenant(platform.app, { merchants: 2 });
    await drainOutbox(platform);
    const member = (await posPost(platform, other.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body;
    await posPost(platform, other.merchants[0].posKeys[0], '/purchases', { memberId: member.id, orderNo: 'X-1', amountFen: 10_00, occurredAt: '2026-11-02T09:00:00+08:00' });
    await drainOutbox(platform);
    const token = other.operatorToken!;
    const id = (await ok(token, `mutation { createClearingScheme(input: { name: "s", participantKind: merchant, operatorName: "o" }) { id } }`)).createClearingScheme.id;
    const refused = await fails(token, RUN, { input: { schemeId: id, periodStart: '2026-11-01', periodEnd: '2026-11-08' } });
    expect(refused).toMatchObject({ status: 422, code: 'CONTRACT_TERMS_MISSING', details: [{ participantId: other.merchants[0].merchant.id }] });
    expect(await systemQuery(platform, 'select id from clearing.run where scheme_id = ?', [id])).toEqual([]);
    // Another alliance's operator sees none of this alliance's schemes.
    expect((await ok(token, `query { clearingSchemes { id } }`)).clearingSchemes).toEqual([{ id }]);
  });

  it('clears a franchise chain’s stores with HQ as operator', async () => {
    const chain = await createTenant(platform.app, { alliance: false });
    const hq = chain.merchants[0];
    await drainOutbox(platform);
    const member = (await posPost(platform, hq.posKeys[0], '/members', { phone: uniquePhone() })).body;
    await posPost(platform, hq.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'S1', amountFen: 500_00, occurredAt: '2026-11-03T09:00:00+08:00' });
    await posPost(platform, hq.posKeys[1], '/redemptions', { memberId: member.id, points: 200, orderNo: 'S2', occurredAt: '2026-11-04T09:00:00+08:00' });
    await posPost(platform, hq.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'S3', amountFen: 100_00, occurredAt: '2026-11-06T09:00:00+08:00' });
    await drainOutbox(platform);
    const id = (await ok(hq.adminToken, `mutation { createClearingScheme(input: { name: "加盟店结算", participantKind: store, operatorName: "总部" }) { id operatorMerchantId } }`))
      .createClearingScheme.id;
    for (const store of hq.stores) {
      await ok(hq.adminToken, TERMS, { input: { ...terms(store.id, '1', '0.8', 500, 0), schemeId: id } });
    }
    // The direct store's issue price doubles from 5 November, in the middle of the period.
    await ok(hq.adminToken, TERMS, { input: { ...terms(hq.stores[0].id, '2', '0.8', 500, 0, '2026-11-05'), schemeId: id } });
    const run = (await ok(hq.adminToken, RUN, { input: { schemeId: id, periodStart: '2026-11-01', periodEnd: '2026-11-08' } })).runClearing;
    // 500 points at 1 分 before, 100 at 2 分 after.
    expect(position(run, hq.stores[0].id)).toMatchObject({ pointsIssued: 600, netFen: -700 });
    // Franchise store: 200 × 0.8 = 160, less 5 % = 8.
    expect(position(run, hq.stores[1].id)).toMatchObject({ pointsRedeemed: 200, netFen: 152 });
    expect(position(run, null)).toMatchObject({ participantName: '总部', netFen: 548 });
  });

  it('runs weekly and monthly schedules end to end: each closed period cleared once by the scheduler, with its own activity, each run after the last', async () => {
    const chain = await createTenant(platform.app, { merchants: 1 });
    const shop = chain.merchants[0];
    await drainOutbox(platform);
    const member = (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone() })).body;
    // One purchase in each of three weeks of November 2026 (local time), and one in December.
    for (const [orderNo, amountFen, occurredAt] of [
      ['W-1', 100_00, '2026-11-04T10:00:00+08:00'],
      ['W-2', 50_00, '2026-11-10T10:00:00+08:00'],
      ['W-3', 30_00, '2026-11-22T23:30:00+08:00'],
      ['M-12', 20_00, '2026-12-02T10:00:00+08:00'],
    ] as const) {
      expect((await posPost(platform, shop.posKeys[0], '/purchases', { memberId: member.id, orderNo, amountFen, occurredAt })).status).toBe(201);
    }
    await drainOutbox(platform);
    const token = chain.operatorToken!;
    const scheme = async (name: string, schedule: string) => {
      const id = (await ok(token, `mutation($s: ClearingSchedule) { createClearingScheme(input: { name: "${name}", participantKind: merchant, operatorName: "联盟", schedule: $s }) { id } }`, { s: schedule }))
        .createClearingScheme.id as string;
      await ok(token, TERMS, { input: { ...terms(shop.merchant.id, '1', '1', 0, 0), schemeId: id } });
      return id;
    };
    const weekly = await scheme('每周清算', 'weekly');
    const monthly = await scheme('每月清算', 'monthly');
    const runs = async (schemeId: string) =>
      ((await ok(token, `query($id: UUID!) { clearingRuns(schemeId: $id) { periodStart periodEnd trigger totalFen positions { participantId pointsIssued netFen } } }`, { id: schemeId }))
        .clearingRuns as { periodStart: string; periodEnd: string; trigger: string; positions: { participantId: string | null; pointsIssued: number; netFen: number }[] }[])
        .reverse()
        .map((run) => ({ from: run.periodStart, to: run.periodEnd, trigger: run.trigger, issued: run.positions.find((p) => p.participantId === shop.merchant.id)?.pointsIssued ?? 0 }));
    const scheduler = platform.app.get(ClearingScheduler);

    // A Thursday: each scheme's first run clears its last closed period — the week from Monday 2 November
    // (local), and October, when nothing was bought.
    expect(await scheduler.runForTenants(new Date('2026-11-12T12:00:00+08:00'), [chain.tenantId])).toBe(2);
    expect(await runs(weekly)).toEqual([{ from: '2026-11-01T16:00:00.000Z', to: '2026-11-08T16:00:00.000Z', trigger: 'scheduled', issued: 100 }]);
    expect(await runs(monthly)).toEqual([{ from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', trigger: 'scheduled', issued: 0 }]);
    // Two weeks on: the two weeks since, one run each; W-3 (Sunday 23:30 local) in the week it was bought.
    expect(await scheduler.runForTenants(new Date('2026-11-25T12:00:00+08:00'), [chain.tenantId])).toBe(2);
    expect((await runs(weekly)).slice(1)).toEqual([
      { from: '2026-11-08T16:00:00.000Z', to: '2026-11-15T16:00:00.000Z', trigger: 'scheduled', issued: 50 },
      { from: '2026-11-15T16:00:00.000Z', to: '2026-11-22T16:00:00.000Z', trigger: 'scheduled', issued: 30 },
    ]);
    // In December, November closes: the monthly scheme clears it whole; the weekly one the week to 30 November.
    expect(await scheduler.runForTenants(new Date('2026-12-03T12:00:00+08:00'), [chain.tenantId])).toBe(2);
    expect((await runs(monthly)).at(-1)).toEqual({ from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', trigger: 'scheduled', issued: 180 });
    expect((await runs(weekly)).at(-1)).toEqual({ from: '2026-11-22T16:00:00.000Z', to: '2026-11-29T16:00:00.000Z', trigger: 'scheduled', issued: 0 });
    // Nothing new is due at the same moment: each period was cleared once.
    expect(await scheduler.runForTenants(new Date('2026-12-03T12:00:00+08:00'), [chain.tenantId])).toBe(0);
    expect((await runs(weekly)).length).toBe(4);
    expect((await runs(monthly)).length).toBe(2);
    for (const id of [weekly, monthly]) await ok(token, `mutation($id: UUID!) { setClearingSchedule(schemeId: $id, schedule: null) { schedule } }`, { id });
  });
});
