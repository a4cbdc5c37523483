import { localTimeToUtc } from '@loyalty/shared';
import { calendarDate, decimalToHundredths, localDateTimeToUtc, parseCsvLine, wholeNumber } from '../csv';

describe('CSV helpers', () => {
  it('splits quoted fields with commas and doubled quotes, and refuses broken quoting', () => {
    expect(parseCsvLine('536365,85123A,"WHITE HANGING HEART, T-LIGHT",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom')).toEqual([
      '536365', '85123A', 'WHITE HANGING HEART, T-LIGHT', '6', '2010-12-01 08:26:00', '2.55', '17850.0', 'United Kingdom',
    ]);
    expect(parseCsvLine('a,"say ""hi""",c')).toEqual(['a', 'say "hi"', 'c']);
    expect(parseCsvLine('a,,c,')).toEqual(['a', '', 'c', '']);
    expect(parseCsvLine('a,"unterminated')).toBeUndefined();
    expect(parseCsvLine('a,"x"y,c')).toBeUndefined();
  });

  it('turns decimal prices into 分 exactly, rounding half up past two places', () => {
    expect(decimalToHundredths('2.55')).toBe(255);
    expect(decimalToHundredths('0.1')).toBe(10);
    expect(decimalToHundredths('5942')).toBe(594_200);
    expect(decimalToHundredths('0.065')).toBe(7);
    expect(decimalToHundredths('-1.5')).toBe(-150);
    expect(decimalToHundredths('1e3')).toBeUndefined();
  });

  it('reads numbers as spreadsheets save them: thousands separators and a currency sign, nothing it would have to guess', () => {
    expect(decimalToHundredths('1,234.50')).toBe(123_450);
    expect(decimalToHundredths('¥12.80')).toBe(1280);
    expect(decimalToHundredths('￥1,200')).toBe(120_000);
    expect(decimalToHundredths('-¥1.50')).toBe(-150);
    expect(decimalToHundredths('$1.50')).toBeUndefined();
    expect(decimalToHundredths('¥-1.50')).toBe(-150);
    for (const text of ['-¥-1.50', '1,23.5', '12,3456', '1.234,50', '¥', '', '99999999999999999']) expect(decimalToHundredths(text)).toBeUndefined();
    expect(wholeNumber('12')).toBe(12);
    expect(wholeNumber('-6')).toBe(-6);
    expect(wholeNumber(' 1,200 ')).toBe(1200);
    expect(wholeNumber('12.0')).toBe(12);
    for (const text of ['1.5', '12.', '1e3', '0x10', '', ' ', '1,20', '+-1', '9007199254740993']) expect(wholeNumber(text)).toBeUndefined();
  });

  it('reads local wall-clock times in the merchant’s zone', () => {
    expect(localTimeToUtc('2011-10-06 16:20:00', 'Asia/Shanghai')?.toISOString()).toBe('2011-10-06T08:20:00.000Z');
    expect(localTimeToUtc('2011-07-01 12:00', 'Europe/London')?.toISOString()).toBe('2011-07-01T11:00:00.000Z');
    expect(localTimeToUtc('2011-02-30 10:00:00', 'Asia/Shanghai')).toBeUndefined();
    expect(localTimeToUtc('yesterday', 'Asia/Shanghai')).toBeUndefined();
  });

  it('reads a calendar date year first, with or without a midnight time, and no day that does not exist', () => {
    expect(['1990-05-12', '1990/5/12', '1990.5.12', '1990-05-12 00:00:00', '1990-05-12 00:00:00.000', '2024-02-29'].map(calendarDate)).toEqual([
      '1990-05-12',
      '1990-05-12',
      '1990-05-12',
      '1990-05-12',
      '1990-05-12',
      '2024-02-29',
    ]);
    expect(['1990-05-12 08:30', '2023-02-29', '1990-13-01', '12/05/1990', '12.05.1990', '1990-05/12', '05-12', '19900512', ''].map(calendarDate)).toEqual(Array(9).fill(undefined));
    // The same forms in an invoice's time: dots for dashes, SQL Server's fraction of a second dropped.
    expect(localDateTimeToUtc('2011.10.06 16:20:00.997', 'Asia/Shanghai')).toEqual(new Date('2011-10-06T08:20:00Z'));
  });
});
