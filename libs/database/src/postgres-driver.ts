import { PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';

/**
 * MikroORM's PostgreSQL platform with a faster string literal escape. Every parameter of a raw
 * statement is inlined as a literal (`em.execute` has no bind parameters), and the stock escape
 * builds each literal a character at a time: on the batch statements of the POS write path and the
 * history import (megabytes of text per second) that, and flattening the strings it leaves, was
 * the largest single cost of the process. The result is the same text.
 */
export class LoyaltyPostgreSqlPlatform extends PostgreSqlPlatform {
  override escape(value: unknown): string {
    if (typeof value !== 'string') return super.escape(value);
    const quoted = `'${value.replaceAll("'", "''")}'`;
    // As libpq's PQescapeLiteral: with a backslash, the E'' form and every backslash doubled.
    return value.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
  }
}

export class LoyaltyPostgreSqlDriver extends PostgreSqlDriver {
  // Set once the base constructor has run; the configuration reads it from the driver after that.
  protected override readonly platform: PostgreSqlPlatform = new LoyaltyPostgreSqlPlatform();
}
