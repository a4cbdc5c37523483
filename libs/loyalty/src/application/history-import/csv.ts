import { isoDateSchema, localTimeToUtc } from '@loyalty/shared';

/** What exports write in a cell they have nothing for (#N/A: a spreadsheet's failed look-up). */
export const EMPTY_CELL = new Set(['-', '--', '—', '/', '无', '空', 'null', 'none', 'n/a', '#n/a']);

/** Splits one CSV line (RFC 4180: quoted fields, "" for a quote inside); undefined if malformed. */
export function parseCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) return undefined;
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return undefined;
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma === -1) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/**
 * Numbers as a spreadsheet saved as CSV may write them: digits, or in groups of three after commas
 * (1,200), as Excel writes a cell formatted with thousands separators; a whole number perhaps as a
 * float (12.0, as pandas writes one); an amount perhaps with the yuan sign (¥12.80, -¥1.50, ¥-1.50,
 * as a currency-formatted cell is saved; another currency's sign is not taken for yuan).
 */
const WHOLE_NUMBER = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$/;
const DECIMAL = /^(-?)[¥￥]?(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** A whole number (-12, 1,200, 12.0); undefined for anything else (1.5, 1e3, 0x10, an empty field). */
export function wholeNumber(value: string): number | undefined {
  const match = WHOLE_NUMBER.exec(value.trim());
  if (!match) return undefined;
  const magnitude = Number(match[2].replaceAll(',', ''));
  if (!Number.isSafeInteger(magnitude)) return undefined;
  return match[1] ? -magnitude : magnitude;
}

/** A decimal amount as an integer number of 1/100 of its unit (yuan → 分), rounded half up. */
export function decimalToHundredths(value: string): number | undefined {
  const match = DECIMAL.exec(value.trim());
  if (!match) return undefined;
  const [, signBefore, signAfter, whole, fraction = ''] = match;
  if (signBefore && signAfter) return undefined;
  const padded = (fraction + '000').slice(0, 3);
  const thousandths = Number(whole.replaceAll(',', '')) * 1000 + Number(padded);
  if (!Number.isSafeInteger(thousandths)) return undefined;
  const hundredths = Math.floor((thousandths + 5) / 10);
  return signBefore || signAfter ? -hundredths : hundredths;
}

/**
 * A date and time (InvoiceDate) as exports write it, year first, with dashes, slashes or dots:
 * 2011-10-06 16:20:00, 2011/10/6 16:20 as Excel on Chinese Windows saves one, 2011.10.06, or with
 * a fraction of a second SQL Server writes (16:20:00.000, dropped); a date alone is its day's start
 * (an export with no times, or its time in a column apart, joined before this).
 * Day-first and month-first dates (6/10/2011) cannot be told apart and are not taken.
 */
const LOCAL_DATE_TIME = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?$/;
export const INVOICE_DATE_MALFORMED = 'InvoiceDate is not a date (and time), year first (2011-10-06 16:20, 2011/10/6 16:20 or 2011-10-06)';

/** The instant of such a local date and time in the merchant's zone (through localTimeToUtc's checks of the day and time), or undefined. */
export function localDateTimeToUtc(text: string, timeZone: string): Date | undefined {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, , month, day, hour = '0', minute = '00', second = '00'] = match;
  const padded = (digits: string) => digits.padStart(2, '0');
  return localTimeToUtc(`${year}-${padded(month)}-${padded(day)} ${padded(hour)}:${minute}:${second}`, timeZone);
}

/**
 * A calendar date (a birthday) as exports write one, year first (1990-05-12, 1990/5/12, or with a
 * midnight time as databases export a date), as YYYY-MM-DD; undefined for anything else, a day that
 * does not exist included.
 */
export function calendarDate(text: string): string | undefined {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, year, , month, day, hour = '0', minute = '00', second = '00'] = match;
  if (Number(hour) !== 0 || minute !== '00' || second !== '00') return undefined;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isoDateSchema.safeParse(date).success ? date : undefined;
}
