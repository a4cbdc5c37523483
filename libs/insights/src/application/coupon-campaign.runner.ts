import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Db, type Tx, unnestRows } from '@loyalty/database';
import { type CampaignCouponOutcome, IssueCampaignCouponsCommand } from '@loyalty/programme';
import { DomainError } from '@loyalty/shared';
import { CAMPAIGN_COLUMNS, campaignContext, type CampaignRow } from './coupon-campaigns';

/** Members given to the programme at once: one of its transactions each. */
export const CAMPAIGN_CHUNK = 200;

/**
 * Works a campaign through its audience: chunk by chunk, the members not yet done are locked
 * (SKIP LOCKED: several runners share a campaign), issued their coupon by the programme's
 * IssueCampaignCouponsCommand, and their outcomes recorded; the campaign is done when every member
 * has one. A chunk the programme refuses as a whole (the template expired) records that code for
 * its members. Interrupted work is taken up again by the scheduler: the programme issues a member
 * a campaign's coupon once, however often asked.
 */
@Injectable()
export class CouponCampaignRunner {
  private readonly logger = new Logger(CouponCampaignRunner.name);

  constructor(
    private readonly db: Db,
    private readonly commands: CommandBus,
  ) {}

  /** Runs it in the background, logging a failure (the scheduler resumes it). */
  start(campaignId: string): void {
    void this.run(campaignId).catch((error) => this.logger.error({ err: error, campaignId }, 'coupon campaign interrupted'));
  }

  /** Works the campaign until no member is left to this runner. */
  async run(campaignId: string): Promise<void> {
    while (await this.db.asSystem((tx) => this.chunk(tx, campaignId))) {
      // next chunk
    }
  }

  /** Resumes every running campaign; returns how many. */
  async resume(): Promise<number> {
    const running = await this.db.asSystem((tx) => tx.execute<{ id: string }[]>(`select id from insights.coupon_campaign where status = 'running' order by created_at`));
    for (const { id } of running) await this.run(id);
    return running.length;
  }

  private async chunk(tx: Tx, campaignId: string): Promise<boolean> {
    const [campaign] = await tx.execute<CampaignRow[]>(`select ${CAMPAIGN_COLUMNS} from insights.coupon_campaign where id = ? and status = 'running'`, [campaignId]);
    if (!campaign) return false;
    const pending = await tx.execute<{ memberId: string }[]>(
      `select member_id as "memberId" from insights.coupon_campaign_member where campaign_id = ? and outcome is null
       order by member_id limit ${CAMPAIGN_CHUNK} for update skip locked`,
      [campaignId],
    );
    if (pending.length === 0) {
      await tx.execute(
        `update insights.coupon_campaign set status = 'done', finished_at = now()
         where id = ? and not exists (select 1 from insights.coupon_campaign_member where campaign_id = ? and outcome is null)`,
        [campaignId, campaignId],
      );
      return false;
    }
    const memberIds = pending.map((p) => p.memberId);
    let outcomes: CampaignCouponOutcome[];
    try {
      outcomes = await this.commands.execute(
        new IssueCampaignCouponsCommand(campaignContext(campaign), { campaignId, templateId: campaign.couponTemplateId, memberIds }),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes = memberIds.map((memberId) => ({ memberId, outcome: 'refused', code: error.code }));
    }
    const values = unnestRows(
      outcomes.map((o) => [o.memberId, o.outcome, o.outcome === 'refused' ? o.code : null]),
      ['uuid', 'text', 'text'],
    );
    await tx.execute(
      `update insights.coupon_campaign_member m set outcome = v.outcome, refusal_code = v.code
       from (${values.sql}) as v (member_id, outcome, code) where m.campaign_id = ? and m.member_id = v.member_id`,
      [...values.params, campaignId],
    );
    return true;
  }
}
