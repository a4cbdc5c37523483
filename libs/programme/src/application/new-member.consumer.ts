import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Db, type Tx } from '@loyalty/database';
import { applyOnce, CORE_INBOX_TABLE, type Delivery, EventTransport, type IntegrationEvent, MEMBER_REGISTERED_V1, type MemberRegisteredV1 } from '@loyalty/events';
import { derivedId, type RequestContext } from '@loyalty/shared';
import { CouponRuleService } from './coupon-rule.service';
import { GrowthService } from './growth.service';
import { LevelEngine } from './level-engine';

export const NEW_MEMBER_CONSUMER = 'programme.new-member';
const INBOX = { table: CORE_INBOX_TABLE, consumer: NEW_MEMBER_CONSUMER };

/**
 * A member registered at a merchant (member.registered.v1, once per event through the inbox): the
 * merchant's new-member gift pack (新人大礼包) and the registration's growth value. Members brought
 * over from a merchant's old system (imported, or without a phone in events before that field) are
 * not new and get neither, nor when they give a phone later (member.profile-updated.v1).
 */
@Injectable()
export class NewMemberConsumer implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly couponRules: CouponRuleService,
    private readonly levels: LevelEngine,
    private readonly growth: GrowthService,
  ) {}

  onModuleInit(): void {
    this.transport.subscribe(INBOX, [MEMBER_REGISTERED_V1], (events, delivery) => this.handle(events, delivery));
  }

  /** A delivered batch in one transaction: the inbox claims, then each new registration inside its tenant. */
  handle(events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    // The inbox is the platform's own bookkeeping; the work itself runs inside each tenant.
    return applyOnce(this.db, INBOX, events, delivery, async (tx, fresh) => {
      for (const event of fresh) await this.welcome(tx, event);
    });
  }

  private async welcome(tx: Tx, event: IntegrationEvent): Promise<void> {
    const payload = event.payload as unknown as MemberRegisteredV1;
    if (payload.phone === null || payload.imported) return;
    const ctx: RequestContext = {
      tenantId: event.tenantId,
      merchantId: payload.merchantId,
      storeId: payload.storeId,
      actorId: NEW_MEMBER_CONSUMER,
      roles: ['POS'],
      correlationId: event.correlationId,
    };
    await this.db.enterTenant(tx, ctx);
    await this.couponRules.issue(tx, ctx, 'NEW_MEMBER', payload.merchantId, [{ memberId: payload.memberId, key: 'registration' }]);
    const scheme = await this.levels.schemeFor(tx, event.tenantId, payload.merchantId);
    if (!scheme) return;
    const at = new Date(payload.registeredAt);
    await this.growth.award(tx, scheme, [
      { ctx, memberId: payload.memberId, behaviour: 'REGISTRATION', units: 1, transferId: derivedId(event.id, 'growth'), reference: 'registration', occurredAt: at },
    ]);
    await this.levels.upgrade(tx, ctx, scheme, [payload.memberId], new Date());
  }
}
