import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { afterCommit, Db, pgArray } from '@loyalty/database';
import { conflict, forbidden, newId, notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { LevelMeasureSources } from '../../contracts/level-measure-sources';
import { checkLevelScheme, levelSchemeInput, measuresOf } from '../../domain/level-rules';
import { type LevelScheme, LevelSchemeSchema } from '../../domain/level-scheme.entity';
import { LevelEngine } from '../level-engine';

export class ConfigureLevelSchemeCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * Sets a merchant's level scheme (merchant admins, for their own merchant) or the tenant-wide one
 * (alliance operators), replacing the previous configuration whole. Refused with a code when the
 * configuration cannot work, names a measure nothing provides, or drops a level members hold.
 */
@CommandHandler(ConfigureLevelSchemeCommand)
export class ConfigureLevelSchemeHandler implements ICommandHandler<ConfigureLevelSchemeCommand, LevelScheme> {
  constructor(
    private readonly db: Db,
    private readonly measureSources: LevelMeasureSources,
    private readonly levels: LevelEngine,
  ) {}

  async execute({ ctx, input }: ConfigureLevelSchemeCommand): Promise<LevelScheme> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(levelSchemeInput, input);
    checkLevelScheme(data);
    const unknown = [...new Set(measuresOf(data.levels).provided.map((p) => p.measure))].filter((measure) => !this.measureSources.provides(measure));
    if (unknown.length > 0) throw unprocessable('LEVEL_MEASURE_UNKNOWN', `No loaded plugin provides ${unknown.join(', ')}`, { measures: unknown });
    const merchantId = data.merchantId ?? null;
    if (ctx.merchantId && merchantId !== ctx.merchantId) throw forbidden('Merchant admins configure their own merchant’s levels only');
    return this.db.inTenant(ctx, async (tx) => {
      const tenantId = ctx.tenantId!;
      const [zone] = await tx.execute<{ timezone: string }[]>(
        merchantId ? 'select timezone from merchant where id = ?' : 'select timezone from alliance where id = ? union all select timezone from merchant where id = ?',
        merchantId ? [merchantId] : [tenantId, tenantId],
      );
      if (!zone) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const scopeId = merchantId ?? tenantId;
      let scheme = await tx.findOne(LevelSchemeSchema, { tenantId, scopeId });
      if (scheme) {
        const kept = new Set(data.levels.map((l) => l.code));
        const held = await tx.execute<{ levelCode: string }[]>(
          'select distinct level_code as "levelCode" from member_level where scheme_id = ? and level_code <> all(?::text[])',
          [scheme.id, pgArray([...kept])],
        );
        if (held.length > 0) {
          throw conflict('LEVEL_IN_USE', `Members hold level ${held.map((h) => h.levelCode).join(', ')}: keep it or move them first`);
        }
      } else {
        scheme = tx.create(LevelSchemeSchema, { id: newId(), tenantId, merchantId, scopeId, name: data.name, timezone: zone.timezone, validityMonths: null, levels: [], growthRules: [] });
      }
      Object.assign(scheme, { name: data.name, validityMonths: data.validityMonths, levels: data.levels, growthRules: data.growthRules, updatedAt: new Date() });
      await tx.flush();
      afterCommit(tx, () => this.levels.forgetSchemes());
      return scheme;
    });
  }
}
