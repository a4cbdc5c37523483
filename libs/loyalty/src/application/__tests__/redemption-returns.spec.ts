import { takeAfter } from '../redemption-returns';

describe('points given back by refunds, lot by lot', () => {
  const lots = [
    { lotId: 'late', amount: 300 },
    { lotId: 'early', amount: 500 },
  ];

  it('takes the first refund’s points from the latest-expiring lot, and later ones after what was given back', () => {
    expect(takeAfter(lots, 0, 200)).toEqual([{ lotId: 'late', amount: 200, from: 0 }]);
    expect(takeAfter(lots, 200, 250)).toEqual([
      { lotId: 'late', amount: 100, from: 200 },
      { lotId: 'early', amount: 150, from: 300 },
    ]);
    expect(takeAfter(lots, 450, 350)).toEqual([{ lotId: 'early', amount: 350, from: 450 }]);
  });

  it('never gives back more than the lots held', () => {
    expect(takeAfter(lots, 700, 500)).toEqual([{ lotId: 'early', amount: 100, from: 700 }]);
    expect(takeAfter(lots, 800, 1)).toEqual([]);
  });
});
