export * from './notifications.module';
export { notificationsMigrations } from './migrations';
export { NOTIFICATIONS_OPTIONS, type NotificationsOptions, NotificationDispatcher } from './application/notification-dispatcher';
export { PointsExpiringReminder } from './application/points-expiring.reminder';
export { NOTIFICATION_CHANNELS, NotificationChannel, type NotificationChannels, type OutgoingMessage, RecordingChannel } from './application/channels/notification-channel';
export { NOTIFICATIONS_INBOX } from './application/event-handlers/notify-on-events.handler';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER } from './domain/webhook-signature';
