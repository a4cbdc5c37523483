import { formatYuan, localDateTimeOf } from '@loyalty/shared';
import { deliverableAt } from '../quiet-hours';
import { CORE_TRIGGERS, render, unknownVariables } from '../notification';
import { signWebhook, verifyWebhook } from '../webhook-signature';

describe('quiet hours', () => {
  const quiet = { startMinute: 22 * 60, endMinute: 8 * 60, timeZone: 'Asia/Shanghai' };
  const at = (local: string) => new Date(`${local}+08:00`);

  it('lets a message through outside quiet hours and up to the minute before they start', () => {
    expect(deliverableAt(at('2026-11-22T21:59:00'), quiet)).toEqual(at('2026-11-22T21:59:00'));
    expect(deliverableAt(at('2026-11-22T08:00:00'), quiet)).toEqual(at('2026-11-22T08:00:00'));
  });

  it('holds a message from the start of quiet hours until they end, across midnight', () => {
    expect(deliverableAt(at('2026-11-22T22:00:00'), quiet)).toEqual(at('2026-11-23T08:00:00'));
    expect(deliverableAt(at('2026-11-23T07:59:00'), quiet)).toEqual(at('2026-11-23T08:00:00'));
    expect(localDateTimeOf(deliverableAt(at('2026-12-31T23:30:00'), quiet), 'Asia/Shanghai')).toBe('2027-01-01 08:00');
  });

  it('handles quiet hours within one day, and none', () => {
    const lunch = { startMinute: 12 * 60, endMinute: 13 * 60, timeZone: 'Asia/Shanghai' };
    expect(deliverableAt(at('2026-11-22T12:30:00'), lunch)).toEqual(at('2026-11-22T13:00:00'));
    expect(deliverableAt(at('2026-11-22T13:00:00'), lunch)).toEqual(at('2026-11-22T13:00:00'));
    expect(deliverableAt(at('2026-11-22T23:00:00'), null)).toEqual(at('2026-11-22T23:00:00'));
  });
});

describe('templates', () => {
  it('fills in the variables of its trigger and names those it does not know', () => {
    expect(render('消费 {{amountYuan}} 元，积分余额 {{ balance }}', { amountYuan: formatYuan(12_805), balance: 1_028 })).toBe('消费 128.05 元，积分余额 1028');
    const trigger = (name: string) => CORE_TRIGGERS.find((t) => t.name === name)!;
    expect(unknownVariables(trigger('purchase'), '{{amountYuan}} {{expiresOn}} {{nope}}')).toEqual(['expiresOn', 'nope']);
    expect(unknownVariables(trigger('points_expiring'), '{{points}} 积分将于 {{expiresOn}} 到期')).toEqual([]);
  });
});

describe('webhook signature', () => {
  const now = new Date('2026-11-22T10:00:00Z');
  it('verifies with the secret and the exact body, and nothing else', () => {
    const header = signWebhook('s3cret', '{"a":1}', now);
    expect(verifyWebhook('s3cret', '{"a":1}', header, now)).toBe(true);
    expect(verifyWebhook('other', '{"a":1}', header, now)).toBe(false);
    expect(verifyWebhook('s3cret', '{"a":2}', header, now)).toBe(false);
    expect(verifyWebhook('s3cret', '{"a":1}', header, new Date(now.getTime() + 301_000))).toBe(false);
  });
});
