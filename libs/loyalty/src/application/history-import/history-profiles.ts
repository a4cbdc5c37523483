import { localDateOf, phoneSchema } from '@loyalty/shared';
import { calendarDate, EMPTY_CELL } from './csv';
import type { HistoryColumn } from './history-columns';

/** What a history file gives of a customer's profile, for a member made or still without it. */
export interface CustomerProfile {
  name?: string;
  gender?: 'male' | 'female';
  /** YYYY-MM-DD. */
  birthday?: string;
}

type ProfileField = keyof CustomerProfile;
const FIELDS: ProfileField[] = ['name', 'gender', 'birthday'];

/** Names tills and apps put in for a customer who gave none. */
const NO_NAME = new Set(['微信用户', '匿名', '散客', '顾客', '会员', '0']);

const GENDERS = new Map<string, 'male' | 'female'>([
  ['男', 'male'],
  ['男性', 'male'],
  ['男士', 'male'],
  ['先生', 'male'],
  ['m', 'male'],
  ['male', 'male'],
  ['女', 'female'],
  ['女性', 'female'],
  ['女士', 'female'],
  ['f', 'female'],
  ['female', 'female'],
]);
/** A gender cell that says nothing (保密: not told). */
const NO_GENDER = new Set(['未知', '保密', '不详', 'unknown', 'u']);

/**
 * Birthdays systems write for none: any day up to 1900-01-01 (Excel's day zero, the first day a
 * date field takes, 0001-01-01) and the Unix epoch. Whoever was born on one goes without it, rather
 * than every customer of such a system getting birthday care on it.
 */
const NO_BIRTHDAY_UNTIL = '1900-01-01';
const EPOCH = '1970-01-01';

/**
 * A value more customers than this give, and more than this share of those giving one, is a system's
 * or a column's placeholder, not theirs: a default birthday, or the cashier's 姓名. A real name or
 * birthday is not that common in a merchant's customers.
 */
const PLACEHOLDER = { customers: 10, share: { name: 0.02, birthday: 0.01 } };

/** A field's cell as a value: undefined for one that cannot be read, null for one that gives none. */
type Reader = (cell: string) => string | null | undefined;

/**
 * Collects customers' profiles from the rows of a history file with a name, gender or birthday
 * column: each field from the first of a customer's rows whose cell for it can be read (a cell that
 * gives none, -, 无, 保密, a placeholder, is passed over). What cannot be read for a customer is
 * left out and reported, a report per field for all customers; their sales are imported all the same.
 */
export class ProfileCells {
  private readonly columns: ProfileField[];
  private readonly readers: Record<ProfileField, { read: Reader; expected: string }>;
  private readonly profiles = new Map<string, CustomerProfile & { line: number }>();
  /** Per field, the customers none of whose cells could be read so far, each with their first cell and its line. */
  private readonly unreadable: Record<ProfileField, Map<string, { cell: string; line: number }>> = { name: new Map(), gender: new Map(), birthday: new Map() };
  /** Each distinct cell's value, per field: a customer's rows repeat their cells. */
  private readonly values: Record<ProfileField, Map<string, string | null | undefined>> = { name: new Map(), gender: new Map(), birthday: new Map() };

  constructor(index: Record<HistoryColumn, number | undefined>, timeZone: string) {
    this.columns = FIELDS.filter((field) => index[field] !== undefined);
    const today = localDateOf(new Date(), timeZone);
    this.readers = {
      name: {
        // A phone is what a till writes for a customer who gave no name (their own number: note).
        read: (cell) => (NO_NAME.has(cell) || (/^[+\d]/.test(cell) && phoneSchema.safeParse(cell).success) ? null : cell.length <= 100 ? cell : undefined),
        expected: 'a name of up to 100 characters',
      },
      gender: {
        read: (cell) => {
          const key = cell.normalize('NFKC').toLowerCase();
          return NO_GENDER.has(key) ? null : GENDERS.get(key);
        },
        expected: '男 or 女 (male or female)',
      },
      birthday: {
        read: (cell) => {
          if (/^0{4}\D0{1,2}\D0{1,2}/.test(cell)) return null;
          const date = calendarDate(cell);
          return date === undefined || date > today ? undefined : date <= NO_BIRTHDAY_UNTIL || date === EPOCH ? null : date;
        },
        expected: 'a past date, year first (1990-05-12 or 1990/5/12)',
      },
    };
  }

  /** Whether the file has any of the profile's columns. */
  get hasColumns(): boolean {
    return this.columns.length > 0;
  }

  /** A row's cells for its customer (an interned number, kept as a key). */
  note(customerId: string, cell: (field: ProfileField) => string, line: number): void {
    let profile = this.profiles.get(customerId);
    for (const field of this.columns) {
      if (profile?.[field] !== undefined) continue;
      const text = cell(field);
      if (text === '' || EMPTY_CELL.has(text.toLowerCase()) || (field === 'name' && text === customerId)) continue;
      let value = this.values[field].get(text);
      if (value === undefined && !this.values[field].has(text)) {
        // A copy: the cell is a view of its row, which a kept value would keep whole.
        const own = ` ${text}`.slice(1);
        this.values[field].set(own, (value = this.readers[field].read(own)));
      }
      if (value === null) continue;
      if (value === undefined) {
        if (!this.unreadable[field].has(customerId)) this.unreadable[field].set(customerId, { cell: ` ${text.slice(0, 40)}`.slice(1), line });
        continue;
      }
      if (!profile) this.profiles.set(customerId, (profile = { line }));
      (profile as Record<ProfileField, string>)[field] = value;
      this.unreadable[field].delete(customerId);
    }
  }

  /** The profiles read, by customer number, each with the line first giving it; and the reports of what was left out. */
  finish(): { profiles: Map<string, CustomerProfile & { line: number }>; reports: { line: number; reason: string }[] } {
    const reports: { line: number; reason: string }[] = [];
    for (const field of this.columns) {
      const left = [...this.unreadable[field].values()];
      if (left.length === 0) continue;
      const examples = left.slice(0, 3).map(({ cell, line }) => `${cell} (line ${line})`);
      reports.push({
        line: left[0].line,
        reason: `${left.length === 1 ? "1 customer's" : `${left.length} customers'`} ${field} cells are not ${this.readers[field].expected}, e.g. ${examples.join(', ')}: left out`,
      });
    }
    for (const field of ['name', 'birthday'] as const) {
      if (!this.columns.includes(field)) continue;
      const customersOf = new Map<string, string[]>();
      for (const [customerId, profile] of this.profiles) {
        const value = profile[field];
        if (value === undefined) continue;
        const customers = customersOf.get(value);
        if (customers) customers.push(customerId);
        else customersOf.set(value, [customerId]);
      }
      const giving = [...customersOf.values()].reduce((sum, customers) => sum + customers.length, 0);
      for (const [value, customers] of customersOf) {
        if (customers.length <= PLACEHOLDER.customers || customers.length <= giving * PLACEHOLDER.share[field]) continue;
        let line = Infinity;
        for (const customerId of customers) {
          const profile = this.profiles.get(customerId)!;
          line = Math.min(line, profile.line);
          delete profile[field];
        }
        reports.push({ line, reason: `The ${field} ${value} is given by ${customers.length} of ${giving} customers: a placeholder, not theirs? Left out for all of them` });
      }
    }
    return { profiles: this.profiles, reports };
  }
}
