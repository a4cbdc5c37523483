import { z } from 'zod';
import { MAX_AMOUNT, uuidSchema } from '@loyalty/shared';
import { ANOMALY_RULES } from '../domain/anomaly';
import { CHANNELS, unknownVariables } from '../domain/notification';
import type { NotificationTriggers } from './notification-triggers';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (00:00–23:59)');

/** A template's input, its trigger one the service knows and its variables the trigger's. */
export const setTemplateInput = (triggers: NotificationTriggers) =>
  z
    .object({
      merchantId: uuidSchema.nullish(),
      trigger: z.string().max(64),
      channel: z.enum(CHANNELS),
      body: z.string().trim().min(1, 'must not be empty').max(500),
    })
    .superRefine((v, issue) => {
      // An unknown trigger is refused after parsing, with its own code.
      const trigger = triggers.find(v.trigger);
      if (!trigger) return;
      const unknown = unknownVariables(trigger, v.body);
      if (unknown.length > 0) issue.addIssue({ code: 'custom', path: ['body'], message: `unknown variables for ${v.trigger}: ${unknown.join(', ')}` });
    });

export const deleteTemplateInput = z.object({ merchantId: uuidSchema.nullish(), trigger: z.string().max(64), channel: z.enum(CHANNELS) });

export const setSettingsInput = z
  .object({
    merchantId: uuidSchema.nullish(),
    quietHoursStart: clock.nullish(),
    quietHoursEnd: clock.nullish(),
    webhookUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000).nullish(),
    webhookSecret: z.string().min(16, 'must be at least 16 characters').max(200).nullish(),
    expiryReminderDays: z.number().int().min(1).max(90).default(7),
    /** Where staff alerts (anomalies) go by e-mail. */
    staffEmail: z.email('must be an e-mail address').max(320).nullish(),
  })
  .superRefine((v, issue) => {
    if (!v.quietHoursStart !== !v.quietHoursEnd) issue.addIssue({ code: 'custom', path: ['quietHoursEnd'], message: 'quiet hours need both a start and an end' });
    if (!v.webhookUrl !== !v.webhookSecret) issue.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'a webhook needs both a URL and a secret' });
  });

export const setPreferencesInput = z.object({
  memberId: uuidSchema,
  email: z.email('must be an e-mail address').max(320).nullish(),
  /** Channels the member does not want messages on; the list replaces the previous one. */
  optOut: z.array(z.enum(['sms', 'email'])).max(2).default([]),
});

export const listMessagesInput = z.object({
  merchantId: uuidSchema.nullish(),
  memberId: uuidSchema.nullish(),
  status: z.enum(['pending', 'sent', 'failed', 'skipped']).nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const minuteOf = (clockText: string) => Number(clockText.slice(0, 2)) * 60 + Number(clockText.slice(3, 5));

export const setAnomalyRulesInput = z
  .object({
    merchantId: uuidSchema.nullish(),
    largeAmountFen: z.number().int('must be whole 分').min(1).max(MAX_AMOUNT).nullish(),
    frequencyCount: z.number().int().min(2).max(1000).nullish(),
    frequencyWindowMinutes: z.number().int().min(1).max(7 * 24 * 60).nullish(),
    storeFrequencyCount: z.number().int().min(2).max(100_000).nullish(),
    storeFrequencyWindowMinutes: z.number().int().min(1).max(7 * 24 * 60).nullish(),
    oddHoursStart: clock.nullish(),
    oddHoursEnd: clock.nullish(),
    redeemAfterEarnMinutes: z.number().int().min(1).max(7 * 24 * 60).nullish(),
    /** Hits of these rules hold the member's redemptions at the merchant until staff release them. */
    holdRedemptionsOn: z.array(z.enum(ANOMALY_RULES)).max(ANOMALY_RULES.length).default([]),
  })
  .superRefine((v, issue) => {
    if (!v.frequencyCount !== !v.frequencyWindowMinutes) issue.addIssue({ code: 'custom', path: ['frequencyWindowMinutes'], message: 'high frequency needs a count and a window' });
    if (!v.storeFrequencyCount !== !v.storeFrequencyWindowMinutes) {
      issue.addIssue({ code: 'custom', path: ['storeFrequencyWindowMinutes'], message: 'high frequency at a store needs a count and a window' });
    }
    if (!v.oddHoursStart !== !v.oddHoursEnd) issue.addIssue({ code: 'custom', path: ['oddHoursEnd'], message: 'odd hours need a start and an end' });
  });

export const listAnomaliesInput = z.object({
  merchantId: uuidSchema.nullish(),
  memberId: uuidSchema.nullish(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

export const setStoreReportEmailInput = z.object({
  storeId: z.uuid(),
  reportEmail: z.email('must be an e-mail address').max(320).nullish(),
});
