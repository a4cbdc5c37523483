import { ageOn, birthdayIn, birthdayMonthDaysWithin, followUpDueOn } from '../pet-dates';

describe('pet dates', () => {
  it('dates a follow-up on the day asked for, or days after the service, the default when neither', () => {
    expect(followUpDueOn('2026-03-30', { inDays: 3 }, 7)).toBe('2026-04-02');
    expect(followUpDueOn('2026-03-30', { on: '2026-04-10' }, 7)).toBe('2026-04-10');
    expect(followUpDueOn('2026-12-30', {}, 3)).toBe('2027-01-02');
  });

  it('keeps a 29 February birthday on the 28th in other years', () => {
    expect(birthdayIn('2024-02-29', 2026)).toBe('2026-02-28');
    expect(birthdayIn('2024-02-29', 2028)).toBe('2028-02-29');
    expect(birthdayIn('2020-07-15', 2026)).toBe('2026-07-15');
    expect(birthdayMonthDaysWithin('2026-02-28', 1).sort()).toEqual(['02-28', '02-29']);
    expect(birthdayMonthDaysWithin('2028-02-28', 1)).toEqual(['02-28']);
  });

  it('looks back a few days for gifts missed, never into last year', () => {
    expect(birthdayMonthDaysWithin('2026-03-02', 3)).toEqual(['03-02', '03-01', '02-28', '02-29']);
    expect(birthdayMonthDaysWithin('2026-01-01', 3)).toEqual(['01-01']);
  });

  it('counts whole years of age on a day', () => {
    expect(ageOn('2020-07-15', '2026-07-15')).toBe(6);
    expect(ageOn('2020-07-15', '2026-07-14')).toBe(5);
    expect(ageOn('2024-02-29', '2026-02-28')).toBe(2);
  });
});
