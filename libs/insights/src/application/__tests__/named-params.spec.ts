import { named } from '../named-params';

describe('named SQL parameters', () => {
  it('turns each :name into a placeholder with its value, in order, leaving casts alone', () => {
    expect(named('select :a::int + :b, :a::text, now()::date', { a: 1, b: 2 })).toEqual({ sql: 'select ?::int + ?, ?::text, now()::date', params: [1, 2, 1] });
  });

  it('refuses a name without a value', () => {
    expect(() => named('select :missing', {})).toThrow('no value for :missing');
  });
});
