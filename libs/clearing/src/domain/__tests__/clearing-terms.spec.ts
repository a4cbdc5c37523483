import { type ActivityKind, type ContractTerms, formatPricePerPoint, mergeLines, operatorLines, parsePricePerPoint, toAlliancePoints, valueActivity } from '../clearing-terms';

const terms: ContractTerms = {
  id: 't',
  participantId: 'p',
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  effectiveTo: null,
  issuePriceE4: parsePricePerPoint('issue', '0.0125'),
  redemptionRateE4: parsePricePerPoint('redeem', '0.01'),
  commissionBps: 1500,
  breakageShareBps: 3333,
  ownPointsPerUnit: 10,
  alliancePointsPerUnit: 1,
};
const total = (kind: ActivityKind, points: number) => ({ participantId: 'p', termId: 't', kind, adjustment: false, points });

describe('contract terms', () => {
  it('reads and writes fractional prices per point exactly, in 1/10000 分', () => {
    expect(parsePricePerPoint('x', '0.0125')).toBe(125);
    expect(parsePricePerPoint('x', '12')).toBe(120_000);
    expect(parsePricePerPoint('x', '3.5')).toBe(35_000);
    expect(formatPricePerPoint(125)).toBe('0.0125');
    expect(formatPricePerPoint(35_000)).toBe('3.5');
    expect(formatPricePerPoint(120_000)).toBe('12');
    for (const bad of ['0.00001', '-1', '1e3', '', ' 1', '1.', '.5', 'NaN']) expect(() => parsePricePerPoint('x', bad)).toThrow(/at most 4 decimals/);
  });

  it('values issuance, reversal, redemption with commission and breakage share, rounding each line down once', () => {
    // 1,000,001 points at 0.0125 分 = 12,500.0125 → 12,500 分 owed.
    expect(valueActivity(total('ISSUED', 1_000_001), terms)).toEqual([{ participantId: 'p', item: 'ISSUANCE', adjustment: false, points: 1_000_001, amountFen: -12_500 }]);
    expect(valueActivity(total('REVERSED', 80), terms)).toEqual([{ participantId: 'p', item: 'ISSUANCE_REVERSAL', adjustment: false, points: 80, amountFen: 1 }]);
    // 123,456 × 0.01 = 1,234.56 → 1,234; commission 15 % = 185.1 → 185.
    expect(valueActivity(total('REDEEMED', 123_456), terms)).toEqual([
      { participantId: 'p', item: 'REDEMPTION', adjustment: false, points: 123_456, amountFen: 1234 },
      { participantId: 'p', item: 'COMMISSION', adjustment: false, points: 123_456, amountFen: -185 },
    ]);
    // A redemption a refund gave back undoes both: the reimbursement back to the operator, the commission back to the merchant.
    expect(valueActivity(total('REDEMPTION_REVERSED', 123_456), terms)).toEqual([
      { participantId: 'p', item: 'REDEMPTION_REVERSAL', adjustment: false, points: 123_456, amountFen: -1234 },
      { participantId: 'p', item: 'COMMISSION', adjustment: false, points: -123_456, amountFen: 185 },
    ]);
    expect(mergeLines([...valueActivity(total('REDEEMED', 500), terms), ...valueActivity(total('REDEMPTION_REVERSED', 500), terms)]).filter((l) => l.item === 'COMMISSION')).toEqual([
      { participantId: 'p', item: 'COMMISSION', adjustment: false, points: 0, amountFen: 0 },
    ]);
    // 100,000 expired × 0.0125 = 1,250 分 of breakage, 33.33 % back = 416.625 → 416.
    expect(valueActivity(total('EXPIRED', 100_000), terms)).toEqual([{ participantId: 'p', item: 'BREAKAGE', adjustment: false, points: 100_000, amountFen: 416 }]);
  });

  it('exchanges own-currency points into alliance points at the agreed rate, rounding down', () => {
    // 10 own points = 1 alliance point.
    expect(toAlliancePoints(1_000_009, terms)).toBe(100_000);
    expect(toAlliancePoints(9, terms)).toBe(0);
    expect(toAlliancePoints(7, { ownPointsPerUnit: 2, alliancePointsPerUnit: 3 })).toBe(10);
  });

  it('gives the operator the negation of every item, so a run sums to zero', () => {
    const lines = mergeLines([
      ...valueActivity(total('ISSUED', 7777), terms),
      ...valueActivity({ ...total('ISSUED', 3333), participantId: 'q' }, terms),
      ...valueActivity(total('REDEEMED', 99_999), terms),
      ...valueActivity(total('ISSUED', 1), terms),
    ]);
    expect(lines.filter((l) => l.participantId === 'p' && l.item === 'ISSUANCE')).toEqual([{ participantId: 'p', item: 'ISSUANCE', adjustment: false, points: 7778, amountFen: -97 }]);
    const operator = operatorLines(lines);
    expect([...lines, ...operator].reduce((sum, line) => sum + line.amountFen, 0)).toBe(0);
    expect(operator.find((l) => l.item === 'ISSUANCE')).toEqual({ item: 'ISSUANCE', adjustment: false, points: 11_111, amountFen: 97 + 41 });
    expect(operatorLines([])).toEqual([]);
  });
});
