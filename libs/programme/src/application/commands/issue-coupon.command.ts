import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { newId, notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type Coupon, CouponSchema } from '../../domain/coupon.entity';
import { issueCouponInput } from '../programme-inputs';

export class IssueCouponCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

const DAY_MS = 86_400_000;

interface IssuingTemplate {
  id: string;
  merchantId: string;
  perMemberLimit: number | null;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
}

/**
 * 发券: staff give a member a coupon of the merchant's template, with a reason. The template's
 * total limit is taken with its row locked, so concurrent issues never exceed it; the per-member
 * limit is counted under the same lock.
 */
@CommandHandler(IssueCouponCommand)
export class IssueCouponHandler implements ICommandHandler<IssueCouponCommand, Coupon> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
  ) {}

  async execute({ ctx, input }: IssueCouponCommand): Promise<Coupon> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF');
    const data = parseInput(issueCouponInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId: data.memberId });
      const [template] = await tx.execute<IssuingTemplate[]>(
        `update coupon_template set issued_count = issued_count + 1 where id = ? and (total_limit is null or issued_count < total_limit)
         returning id, merchant_id as "merchantId", per_member_limit as "perMemberLimit",
                   valid_from as "validFrom", valid_until as "validUntil", valid_days as "validDays"`,
        [data.templateId],
      );
      if (!template) {
        const [exists] = await tx.execute('select 1 from coupon_template where id = ?', [data.templateId]);
        if (!exists) throw notFound('COUPON_TEMPLATE_NOT_FOUND', 'No such coupon template');
        throw unprocessable('COUPON_LIMIT_REACHED', 'All coupons of this template have been issued');
      }
      if (template.perMemberLimit !== null) {
        const [{ held }] = await tx.execute<{ held: number }[]>(
          `select count(*)::int as held from coupon where template_id = ? and member_id = ? and status <> 'REVOKED'`,
          [template.id, data.memberId],
        );
        if (held >= template.perMemberLimit) throw unprocessable('COUPON_MEMBER_LIMIT_REACHED', `The member already holds ${held} of this coupon`);
      }
      const now = new Date();
      const validFrom = template.validFrom ? new Date(template.validFrom) : now;
      const validUntil = template.validUntil ? new Date(template.validUntil) : new Date(now.getTime() + template.validDays! * DAY_MS);
      if (validUntil <= now) throw unprocessable('COUPON_TEMPLATE_EXPIRED', 'This coupon template’s validity has ended');
      const coupon = tx.create(CouponSchema, {
        id: newId(),
        tenantId: ctx.tenantId!,
        merchantId: template.merchantId,
        templateId: template.id,
        memberId: data.memberId,
        status: 'ISSUED',
        validFrom,
        validUntil,
        issuedAt: now,
        issuedBy: ctx.actorId,
        issueReason: data.reason,
        usedAt: null,
        usedStoreId: null,
        usedOrderNo: null,
        discountFen: null,
        revokedAt: null,
        revokeReason: null,
      });
      await tx.flush();
      return coupon;
    });
  }
}
