import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@loyalty/shared';
import { BirthdayCareReminder } from './birthday-care.reminder';
import { NotificationDispatcher, NOTIFICATIONS_OPTIONS, type NotificationsOptions } from './notification-dispatcher';
import { PointsExpiringReminder } from './points-expiring.reminder';

/**
 * The service's scheduled work, every poll interval: the points-expiry reminders and birthday
 * greetings due, then every message due for delivery (held by quiet hours, a retry's backoff, a
 * reminder's time).
 */
@Injectable()
export class NotificationsScheduler extends IntervalJob<number> {
  constructor(
    private readonly expiring: PointsExpiringReminder,
    private readonly birthdays: BirthdayCareReminder,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(NOTIFICATIONS_OPTIONS) options: NotificationsOptions,
  ) {
    super(options.pollMs);
  }

  /** Returns how many reminders and greetings it composed. */
  protected async pass(now: Date): Promise<number> {
    const composed = (await this.expiring.remind(now)) + (await this.birthdays.greet(now));
    await this.dispatcher.deliverDue();
    return composed;
  }
}
