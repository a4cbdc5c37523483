import { Module } from '@nestjs/common';
import type { AppConfig } from '@loyalty/shared';
import { StaffAuthModule } from '@loyalty/tenancy';
import { NotificationsResolver } from './api/graphql/notifications.resolver';
import { NOTIFICATION_CHANNELS, type NotificationChannels, RecordingChannel } from './application/channels/notification-channel';
import { SmsGatewayChannel } from './application/channels/sms-gateway.channel';
import { SmtpEmailChannel } from './application/channels/smtp-email.channel';
import { WebhookChannel } from './application/channels/webhook.channel';
import { AnomalyDetector } from './application/anomaly-detector';
import { SetAnomalyRulesHandler } from './application/commands/set-anomaly-rules.command';
import { GetAnomalyRulesHandler, ListAnomaliesHandler } from './application/queries/anomalies.queries';
import { DeleteNotificationTemplateHandler } from './application/commands/delete-notification-template.command';
import { SetMemberNotificationPreferencesHandler } from './application/commands/set-member-notification-preferences.command';
import { SetNotificationSettingsHandler } from './application/commands/set-notification-settings.command';
import { SetNotificationTemplateHandler } from './application/commands/set-notification-template.command';
import { NotifyOnEventsHandler } from './application/event-handlers/notify-on-events.handler';
import { MessageComposer } from './application/message-composer';
import { NotificationTriggers } from './application/notification-triggers';
import { NotificationDispatcher, NOTIFICATIONS_OPTIONS, type NotificationsOptions } from './application/notification-dispatcher';
import { PointsExpiringReminder } from './application/points-expiring.reminder';
import { BirthdayCareReminder } from './application/birthday-care.reminder';
import { NotificationsScheduler } from './application/notifications.scheduler';
import { ListStoreReportSettingsHandler, SetStoreReportEmailHandler } from './application/commands/set-store-report-email.command';
import { GetNotificationSettingsHandler, ListNotificationMessagesHandler, ListNotificationTriggersHandler } from './application/queries/notifications.queries';

/** The service's options from the validated environment. */
export function notificationsOptionsOf(config: AppConfig): NotificationsOptions {
  const smtp = config.SMTP_URL ? new URL(config.SMTP_URL) : null;
  return {
    pollMs: config.NOTIFY_POLL_MS,
    retryBaseMs: config.NOTIFY_RETRY_BASE_MS,
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    smsGateway: config.SMS_GATEWAY_URL ? { url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN } : undefined,
    smtp: smtp
      ? {
          host: smtp.hostname,
          port: Number(smtp.port || (smtp.protocol === 'smtps:' ? 465 : 25)),
          from: config.SMTP_FROM,
          tls: smtp.protocol === 'smtps:' ? 'implicit' : 'starttls',
          auth: smtp.username ? { user: decodeURIComponent(smtp.username), password: decodeURIComponent(smtp.password) } : undefined,
        }
      : undefined,
  };
}

/** The adapter behind each channel: the configured gateway and server, or the local recording doubles. */
export function channelsFor(options: NotificationsOptions): NotificationChannels {
  return {
    sms: options.smsGateway ? new SmsGatewayChannel(options.smsGateway.url, options.smsGateway.token) : new RecordingChannel(),
    email: options.smtp ? new SmtpEmailChannel(options.smtp) : new RecordingChannel(),
    webhook: new WebhookChannel(),
  };
}

/** 通知: transaction alerts (purchases, stored value), level changes, points-expiry reminders, birthday care, anomaly alerts and daily reports by SMS, e-mail and webhook, from the events. */
@Module({
  imports: [StaffAuthModule],
  providers: [
    { provide: NOTIFICATION_CHANNELS, inject: [NOTIFICATIONS_OPTIONS], useFactory: channelsFor },
    NotificationTriggers,
    MessageComposer,
    AnomalyDetector,
    NotificationDispatcher,
    PointsExpiringReminder,
    BirthdayCareReminder,
    NotificationsScheduler,
    NotifyOnEventsHandler,
    SetNotificationTemplateHandler,
    DeleteNotificationTemplateHandler,
    SetNotificationSettingsHandler,
    SetStoreReportEmailHandler,
    ListStoreReportSettingsHandler,
    SetMemberNotificationPreferencesHandler,
    GetNotificationSettingsHandler,
    ListNotificationMessagesHandler,
    ListNotificationTriggersHandler,
    SetAnomalyRulesHandler,
    GetAnomalyRulesHandler,
    ListAnomaliesHandler,
    NotificationsResolver,
  ],
  exports: [NotificationDispatcher, PointsExpiringReminder, BirthdayCareReminder, NOTIFICATION_CHANNELS, NotificationTriggers, NotifyOnEventsHandler],
})
export class NotificationsModule {}
