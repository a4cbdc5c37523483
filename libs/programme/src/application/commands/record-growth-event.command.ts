import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { derivedId, notFound, type RequestContext } from '@loyalty/shared';
import { GrowthService } from '../growth.service';
import { LevelEngine } from '../level-engine';
import { type RecordGrowthEventInput, recordGrowthEventInput } from '../programme-inputs';

export class RecordGrowthEventCommand extends PosWriteCommand {}

export interface GrowthEventResult {
  growthAwarded: number;
  growthBalance: number;
  levelCode: string;
}

/**
 * A behaviour that earns growth value (签到 check-in, review, share, registration) reported by the
 * till: awarded by the scheme's rule within its daily cap, and the member upgraded at once when
 * the growth value makes a level.
 */
@CommandHandler(RecordGrowthEventCommand)
export class RecordGrowthEventHandler extends PosWriteEachInSavepoint<typeof recordGrowthEventInput, GrowthEventResult> {
  protected readonly endpoint = 'POST /api/pos/v1/growth-events';
  protected readonly schema = recordGrowthEventInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly levels: LevelEngine,
    private readonly growth: GrowthService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RecordGrowthEventInput, idempotencyKey: string): Promise<WriteOutcome<GrowthEventResult>> {
    const member = await this.members.resolve(tx, data);
    const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, ctx.merchantId);
    if (!scheme) throw notFound('LEVEL_SCHEME_NOT_FOUND', 'No level scheme is configured here');
    const now = new Date();
    const [awarded] = await this.growth.award(tx, scheme, [
      { ctx, memberId: member.id, behaviour: data.behaviour, units: 1, transferId: derivedId(ctx.storeId!, idempotencyKey, 'growth'), reference: data.reference ?? null, occurredAt: now },
    ]);
    await this.levels.upgrade(tx, ctx, scheme, [member.id], now);
    const level = (await this.levels.levelsOf(tx, scheme, [member.id])).get(member.id)!;
    const metrics = await this.growth.balanceOf(tx, scheme.tenantId, member.id);
    return { status: 201, body: { growthAwarded: awarded, growthBalance: metrics, levelCode: level.level.code } };
  }
}
