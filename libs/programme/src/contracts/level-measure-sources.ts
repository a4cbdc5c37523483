import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';

/** One provided measure a level evaluation needs: its name, from `since` (null: ever) to the moment of evaluation. */
export interface LevelMeasureQuery {
  measure: string;
  since: Date | null;
}

/** The members and scheme a level evaluation measures. */
export interface LevelMeasureRequest {
  tenantId: string;
  /** The scheme's merchant; null for a tenant-wide (alliance) scheme. */
  merchantId: string | null;
  memberIds: string[];
  asOf: Date;
  queries: LevelMeasureQuery[];
}

/**
 * Measures another context provides for level conditions (`MEASURE` with a name): the plugin host
 * answers its plugins' (visits, nights stayed…). Runs in the evaluation's transaction.
 */
export interface LevelMeasureSource {
  provides(measure: string): boolean;
  /** Per query, in order: each member's value (whole, ≥ 0); members left out are 0. */
  values(tx: Tx, request: LevelMeasureRequest): Promise<Map<string, number>[]>;
}

/** Where contexts built on the programme register the measures they provide (at module init). */
@Injectable()
export class LevelMeasureSources {
  private readonly sources: LevelMeasureSource[] = [];

  register(source: LevelMeasureSource): void {
    this.sources.push(source);
  }

  provides(measure: string): boolean {
    return this.sources.some((source) => source.provides(measure));
  }

  /** Per query, in order, each member's value; a measure nobody provides (any more) is 0. */
  async values(tx: Tx, request: LevelMeasureRequest): Promise<Map<string, number>[]> {
    const answers: Map<string, number>[] = request.queries.map(() => new Map());
    for (const source of this.sources) {
      const mine = request.queries.flatMap((query, index) => (source.provides(query.measure) ? [{ query, index }] : []));
      if (mine.length === 0) continue;
      const values = await source.values(tx, { ...request, queries: mine.map((m) => m.query) });
      mine.forEach((m, i) => (answers[m.index] = values[i]));
    }
    return answers;
  }
}
