import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { LevelMeasureSources } from '../../contracts/level-measure-sources';
import { MemberMeasuresQuery } from '../../contracts/member-measures.query';

/** A provided measure's values for other contexts, through the same sources the level rules read. */
@QueryHandler(MemberMeasuresQuery)
export class MemberMeasuresHandler implements IQueryHandler<MemberMeasuresQuery, Map<string, number> | null> {
  constructor(
    private readonly db: Db,
    private readonly sources: LevelMeasureSources,
  ) {}

  async execute({ input }: MemberMeasuresQuery): Promise<Map<string, number> | null> {
    if (!this.sources.provides(input.measure)) return null;
    if (input.memberIds.length === 0) return new Map();
    const { measure, since, ...request } = input;
    const [values] = await this.db.asSystem((tx) => this.sources.values(tx, { ...request, memberIds: [...request.memberIds], queries: [{ measure, since }] }));
    return values;
  }
}
