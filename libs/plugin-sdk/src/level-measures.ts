import type { Type } from '@nestjs/common';

/**
 * Where a level measure reads: SQL in the level evaluation's transaction — a purchase's at any
 * merchant of the tenant, or the platform's retention review — so filter by `tenantId` and
 * `merchantIds` yourself, and keep the facts in a 'tenant'-scoped table (a tenant-wide scheme is
 * evaluated in other merchants' transactions, which a 'merchant'-scoped table hides).
 */
export interface LevelMeasureScope {
  readonly tenantId: string;
  /** Whose facts count: the scheme's merchant, or every merchant of the tenant that has the plugin on (a tenant-wide scheme). Never empty. */
  readonly merchantIds: readonly string[];
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/** 等级条件: a measure of members that level conditions may name (`MEASURE`, `<plugin id>.<name>`), batch-shaped. */
export interface LevelMeasureProvider {
  /** Each member's value from `since` (null: ever) to `asOf`, whole and ≥ 0; members left out count 0. */
  values(scope: LevelMeasureScope, request: { memberIds: readonly string[]; since: Date | null; asOf: Date }): Promise<Map<string, number>>;
}

/** A measure a plugin provides for the programme's level rules, e.g. the hotel's `nights` (`hotel.nights`). */
export interface LevelMeasureDeclaration {
  /** Kebab-case; level conditions name it `<plugin id>.<name>`. */
  name: string;
  description: string;
  provider: Type<LevelMeasureProvider>;
}
