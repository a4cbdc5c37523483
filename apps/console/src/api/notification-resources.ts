import type { ResourceDef } from './resource-def';
import { mutate, pick, uncounted } from './lists';

export const NOTIFICATION_FIELDS = {
  template: 'id merchantId trigger channel body updatedAt',
  settings: 'merchantId timeZone quietHoursStart quietHoursEnd expiryReminderDays staffEmail webhookUrl webhookSigned',
  message: 'id memberId trigger channel recipient body status skipReason attempts lastError notBefore sentAt createdAt',
  anomaly: 'id memberId rule detail occurredAt createdAt',
  anomalyRules: 'merchantId largeAmountFen oddHoursStart oddHoursEnd frequencyCount frequencyWindowMinutes redeemAfterEarnMinutes',
};
const N = NOTIFICATION_FIELDS;

/** A template is named by merchant, trigger and channel (how the API sets and deletes it). */
const templateId = (t: Record<string, unknown>) => `${t.merchantId}:${t.trigger}:${t.channel}`;

/**
 * A merchant's settings as one record whose id is the merchant's: read by `field`, replaced whole
 * by `mutation` (what the form leaves empty is off).
 */
function merchantSettings(field: string, selection: string, mutation: string, inputType: string, keys: string[]): ResourceDef {
  return {
    one: async (gql, merchantId) => ({
      ...(await gql<Record<string, Record<string, unknown>>>(`query($merchantId: UUID) { ${field}(merchantId: $merchantId) { ${selection} } }`, { merchantId }))[field],
      id: merchantId,
    }),
    update: async (gql, id, data) => ({ ...(await mutate(gql, mutation, inputType, { merchantId: id, ...pick(data, keys) }, selection)), id }),
  };
}

export const notificationResources: Record<string, ResourceDef> = {
  notificationSettings: merchantSettings('notificationSettings', N.settings, 'setNotificationSettings', 'NotificationSettingsInput', [
    'quietHoursStart', 'quietHoursEnd', 'expiryReminderDays', 'staffEmail', 'webhookUrl', 'webhookSecret',
  ]),
  // The core's triggers and the loaded plugins', with the variables their templates may use.
  notificationTriggers: {
    all: async (gql) =>
      (await gql<{ notificationTriggers: { name: string }[] }>('{ notificationTriggers { name audience subject variables } }')).notificationTriggers.map((t) => ({ ...t, id: t.name })),
  },
  notificationTemplates: {
    all: async (gql, filter) => {
      const { notificationSettings } = await gql<{ notificationSettings: { templates: Record<string, unknown>[] } }>(
        `query($merchantId: UUID) { notificationSettings(merchantId: $merchantId) { templates { ${N.template} } } }`,
        pick(filter, ['merchantId']),
      );
      return notificationSettings.templates.map((t) => ({ ...t, id: templateId(t) }));
    },
    create: async (gql, data) => {
      const template = await mutate(gql, 'setNotificationTemplate', 'NotificationTemplateInput', pick(data, ['merchantId', 'trigger', 'channel', 'body']), N.template);
      return { ...template, id: templateId(template) };
    },
    // Deleting a template turns its trigger off on that channel.
    delete: async (gql, id) => {
      const [merchantId, trigger, channel] = id.split(':');
      await gql(`mutation($merchantId: UUID, $trigger: String!, $channel: NotificationChannel!) { deleteNotificationTemplate(merchantId: $merchantId, trigger: $trigger, channel: $channel) }`, {
        merchantId,
        trigger,
        channel,
      });
      return { id, merchantId, trigger, channel };
    },
  },
  notificationMessages: { uncounted: true, page: uncounted('notificationMessages', N.message, { merchantId: 'UUID', memberId: 'UUID', status: 'NotificationStatus' }) },
  anomalies: { uncounted: true, page: uncounted('anomalies', N.anomaly, { merchantId: 'UUID', memberId: 'UUID' }) },
  anomalyRules: merchantSettings('anomalyRules', N.anomalyRules, 'setAnomalyRules', 'AnomalyRulesInput', [
    'largeAmountFen', 'oddHoursStart', 'oddHoursEnd', 'frequencyCount', 'frequencyWindowMinutes', 'redeemAfterEarnMinutes',
  ]),
};
