import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { appendToOutbox } from '@loyalty/events';
import { newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { COUPON_ISSUED_V1, type CouponIssuedV1 } from '../contracts/programme-events.v1';

const DAY_MS = 86_400_000;

interface IssuingTemplate {
  id: string;
  merchantId: string;
  perMemberLimit: number | null;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
}

export interface IssuedCoupon {
  id: string;
  templateId: string;
  memberId: string;
  validFrom: Date;
  validUntil: Date;
}

/**
 * 发券: gives a member a coupon of a template, within its total and per-member limits. The total is
 * taken with the template's row locked, so concurrent issues never exceed it; when the coupon is
 * then refused, the count is given back, so a refusal leaves nothing behind even inside a larger
 * transaction (rules issuing many coupons at once). Every coupon issued is a coupon.issued.v1.
 */
@Injectable()
export class CouponIssuer {
  /** The coupon, or null when the rule already gave this member one for this occasion. */
  async issue(
    tx: Tx,
    ctx: RequestContext,
    request: { templateId: string; memberId: string; reason: string; rule?: { id: string; key: string } },
  ): Promise<IssuedCoupon | null> {
    const [template] = await tx.execute<IssuingTemplate[]>(
      `update coupon_template set issued_count = issued_count + 1 where id = ? and (total_limit is null or issued_count < total_limit)
       returning id, merchant_id as "merchantId", per_member_limit as "perMemberLimit", valid_from as "validFrom", valid_until as "validUntil", valid_days as "validDays"`,
      [request.templateId],
    );
    if (!template) {
      const [exists] = await tx.execute('select 1 from coupon_template where id = ?', [request.templateId]);
      if (!exists) throw notFound('COUPON_TEMPLATE_NOT_FOUND', 'No such coupon template');
      throw unprocessable('COUPON_LIMIT_REACHED', 'All coupons of this template have been issued');
    }
    const giveBack = () => tx.execute('update coupon_template set issued_count = issued_count - 1 where id = ?', [template.id]);
    const now = new Date();
    const validFrom = template.validFrom ? new Date(template.validFrom) : now;
    const validUntil = template.validUntil ? new Date(template.validUntil) : new Date(now.getTime() + template.validDays! * DAY_MS);
    if (validUntil <= now) {
      await giveBack();
      throw unprocessable('COUPON_TEMPLATE_EXPIRED', 'This coupon template’s validity has ended');
    }
    if (template.perMemberLimit !== null) {
      const [{ held }] = await tx.execute<{ held: number }[]>(`select count(*)::int as held from coupon where template_id = ? and member_id = ? and status <> 'REVOKED'`, [
        template.id,
        request.memberId,
      ]);
      if (held >= template.perMemberLimit) {
        await giveBack();
        throw unprocessable('COUPON_MEMBER_LIMIT_REACHED', `The member already holds ${held} of this coupon`);
      }
    }
    const id = newId();
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into coupon (id, tenant_id, merchant_id, template_id, member_id, status, valid_from, valid_until, issued_at, issued_by, issue_reason, rule_id, rule_key)
       values (?, ?, ?, ?, ?, 'ISSUED', ?, ?, ?, ?, ?, ?, ?) on conflict (rule_id, member_id, rule_key) do nothing returning id`,
      [id, ctx.tenantId, template.merchantId, template.id, request.memberId, validFrom, validUntil, now, ctx.actorId, request.reason, request.rule?.id ?? null, request.rule?.key ?? null],
    );
    if (inserted.length === 0) {
      await giveBack();
      return null;
    }
    await appendToOutbox(tx, ctx, [
      {
        type: COUPON_ISSUED_V1,
        key: request.memberId,
        payload: {
          couponId: id,
          templateId: template.id,
          merchantId: template.merchantId,
          storeId: ctx.storeId,
          memberId: request.memberId,
          ruleId: request.rule?.id ?? null,
          validUntil: validUntil.toISOString(),
          issuedAt: now.toISOString(),
        } satisfies CouponIssuedV1,
      },
    ]);
    return { id, templateId: template.id, memberId: request.memberId, validFrom, validUntil };
  }
}
