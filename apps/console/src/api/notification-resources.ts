import type { GraphQLClient } from '../graphql';
import type { ResourceDef } from './resource-def';
import { mutate, pick, uncounted } from './lists';

export const NOTIFICATION_FIELDS = {
  template: 'id merchantId trigger channel body updatedAt',
  settings: 'merchantId timeZone quietHoursStart quietHoursEnd expiryReminderDays staffEmail webhookUrl webhookSigned',
  message: 'id memberId trigger channel recipient body status skipReason attempts lastError notBefore sentAt createdAt',
  anomaly: 'id memberId rule detail occurredAt createdAt',
  storeReport: 'storeId merchantId name reportEmail',
  anomalyRules: 'merchantId largeAmountFen oddHoursStart oddHoursEnd frequencyCount frequencyWindowMinutes redeemAfterEarnMinutes',
};
const N = NOTIFICATION_FIELDS;

/** A template is named by merchant, trigger and channel (how the API sets and deletes it). */
const templateId = (t: Record<string, unknown>) => `${t.merchantId}:${t.trigger}:${t.channel}`;

/** A store's report address is named by merchant and store: a merchant's list is what the API reads. */
const storeReportId = (s: Record<string, unknown>) => `${s.merchantId}:${s.storeId}`;
const storeReportsOf = async (gql: GraphQLClient, merchantId: string | undefined) =>
  (await gql<{ storeReportSettings: Record<string, unknown>[] }>(`query($merchantId: UUID) { storeReportSettings(merchantId: $merchantId) { ${N.storeReport} } }`, { merchantId })).storeReportSettings.map(
    (s) => ({ ...s, id: storeReportId(s) }),
  );

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
  // 门店日报: where each store's daily report goes (with the day's CSV).
  storeReportSettings: {
    all: (gql, filter) => storeReportsOf(gql, typeof filter.merchantId === 'string' ? filter.merchantId : undefined),
    one: async (gql, id) => {
      const found = (await storeReportsOf(gql, id.split(':')[0])).find((s) => s.id === id);
      if (!found) throw Object.assign(new Error('ra.notification.item_doesnt_exist'), { status: 404 });
      return found;
    },
    update: async (gql, id, data) => {
      const { setStoreReportEmail } = await gql<{ setStoreReportEmail: Record<string, unknown> }>(
        `mutation($s: UUID!, $e: String) { setStoreReportEmail(storeId: $s, reportEmail: $e) { ${N.storeReport} } }`,
        { s: id.split(':')[1], e: data.reportEmail || null },
      );
      return { ...setStoreReportEmail, id };
    },
  },
  notificationMessages: { uncounted: true, page: uncounted('notificationMessages', N.message, { merchantId: 'UUID', memberId: 'UUID', status: 'NotificationStatus' }) },
  anomalies: { uncounted: true, page: uncounted('anomalies', N.anomaly, { merchantId: 'UUID', memberId: 'UUID' }) },
  anomalyRules: merchantSettings('anomalyRules', N.anomalyRules, 'setAnomalyRules', 'AnomalyRulesInput', [
    'largeAmountFen', 'oddHoursStart', 'oddHoursEnd', 'frequencyCount', 'frequencyWindowMinutes', 'redeemAfterEarnMinutes',
  ]),
};
