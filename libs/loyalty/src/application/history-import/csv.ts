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
 * (1,200), as Excel writes a cell formatted with thousands separators; an amount may carry its
 * currency sign too (¥12.80, -¥1.50, ¥-1.50, as a currency-formatted cell is saved).
 */
const WHOLE_NUMBER = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)$/;
const DECIMAL = /^(-?)[¥￥$£€]?(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** A whole number (-12, 1,200); undefined for anything else (1.5, 1e3, 0x10, an empty field). */
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
