import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { DeleteNotificationTemplateCommand } from '../../application/commands/delete-notification-template.command';
import { SetMemberNotificationPreferencesCommand } from '../../application/commands/set-member-notification-preferences.command';
import { SetNotificationSettingsCommand } from '../../application/commands/set-notification-settings.command';
import { SetNotificationTemplateCommand } from '../../application/commands/set-notification-template.command';
import { ListStoreReportSettingsQuery, SetStoreReportEmailCommand } from '../../application/commands/set-store-report-email.command';
import { SetAnomalyRulesCommand } from '../../application/commands/set-anomaly-rules.command';
import { GetAnomalyRulesQuery, ListAnomaliesQuery } from '../../application/queries/anomalies.queries';
import { GetNotificationSettingsQuery, ListNotificationMessagesQuery, ListNotificationTriggersQuery } from '../../application/queries/notifications.queries';
import {
  AnomalyGql,
  AnomalyRulesGql,
  AnomalyRulesInput,
  MemberPreferencesGql,
  MemberPreferencesInput,
  MessageStatusGql,
  NotificationChannelGql,
  NotificationMessageGql,
  NotificationSettingsGql,
  NotificationSettingsInput,
  NotificationTemplateGql,
  NotificationTemplateInput,
  NotificationTriggerInfoGql,
  StoreReportSettingsGql,
} from './notifications.types';

const merchantArg = { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' } as const;

@Resolver()
@UseGuards(StaffAuthGuard)
export class NotificationsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => NotificationSettingsGql, { description: "A merchant's notification settings and templates" })
  async notificationSettings(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    const { settings, templates } = await this.queries.execute(new GetNotificationSettingsQuery(ctx, merchantId));
    return { ...settings, templates };
  }

  @Query(() => [NotificationMessageGql], { description: "A merchant's messages, newest first" })
  notificationMessages(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', merchantArg) merchantId?: string,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
    @Args('status', { type: () => MessageStatusGql, nullable: true }) status?: MessageStatusGql,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset?: number,
    @Args('limit', { type: () => Int, defaultValue: 50, description: 'At most 200' }) limit?: number,
  ) {
    return this.queries.execute(new ListNotificationMessagesQuery(ctx, { merchantId, memberId, status, offset, limit }));
  }

  @Query(() => [NotificationTriggerInfoGql], { description: "The triggers templates may name: the core's and the loaded plugins'" })
  notificationTriggers() {
    return this.queries.execute(new ListNotificationTriggersQuery());
  }

  @Query(() => AnomalyRulesGql)
  anomalyRules(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new GetAnomalyRulesQuery(ctx, merchantId));
  }

  @Query(() => [AnomalyGql], { description: 'Anomalies recorded for a merchant, latest first' })
  anomalies(
    @Ctx() ctx: RequestContext,
    @Args('merchantId', merchantArg) merchantId?: string,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset?: number,
    @Args('limit', { type: () => Int, defaultValue: 50, description: 'At most 200' }) limit?: number,
  ) {
    return this.queries.execute(new ListAnomaliesQuery(ctx, { merchantId, memberId, offset, limit }));
  }

  @Mutation(() => AnomalyRulesGql, { description: 'Sets the anomaly rules; a rule not given is off' })
  setAnomalyRules(@Ctx() ctx: RequestContext, @Args('input') input: AnomalyRulesInput) {
    return this.commands.execute(new SetAnomalyRulesCommand(ctx, input));
  }

  @Mutation(() => NotificationTemplateGql, { description: 'Sets the text of a trigger on a channel, turning it on' })
  setNotificationTemplate(@Ctx() ctx: RequestContext, @Args('input') input: NotificationTemplateInput) {
    return this.commands.execute(new SetNotificationTemplateCommand(ctx, input));
  }

  @Mutation(() => Boolean, { description: 'Turns a trigger off on a channel' })
  deleteNotificationTemplate(
    @Ctx() ctx: RequestContext,
    @Args('trigger') trigger: string,
    @Args('channel', { type: () => NotificationChannelGql }) channel: NotificationChannelGql,
    @Args('merchantId', merchantArg) merchantId?: string,
  ) {
    return this.commands.execute(new DeleteNotificationTemplateCommand(ctx, { merchantId, trigger, channel }));
  }

  @Mutation(() => NotificationSettingsGql, { description: 'Quiet hours, webhook and expiry reminder period; the whole set is replaced' })
  async setNotificationSettings(@Ctx() ctx: RequestContext, @Args('input') input: NotificationSettingsInput) {
    const settings = await this.commands.execute(new SetNotificationSettingsCommand(ctx, input));
    const { templates } = await this.queries.execute(new GetNotificationSettingsQuery(ctx, settings.merchantId));
    return { ...settings, templates };
  }

  @Query(() => [StoreReportSettingsGql], { description: "A merchant's stores and where each one's daily report goes by e-mail" })
  storeReportSettings(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    return this.queries.execute(new ListStoreReportSettingsQuery(ctx, merchantId));
  }

  @Mutation(() => StoreReportSettingsGql, { description: "Where a store's daily report goes by e-mail, with the day's CSV (merchant admins); null: nowhere" })
  setStoreReportEmail(@Ctx() ctx: RequestContext, @Args('storeId', { type: () => GraphQLUUID }) storeId: string, @Args('reportEmail', { type: () => String, nullable: true }) reportEmail?: string) {
    return this.commands.execute(new SetStoreReportEmailCommand(ctx, { storeId, reportEmail }));
  }

  @Mutation(() => MemberPreferencesGql, { description: "A member's e-mail for notifications and the channels they opted out of" })
  setMemberNotificationPreferences(@Ctx() ctx: RequestContext, @Args('input') input: MemberPreferencesInput) {
    return this.commands.execute(new SetMemberNotificationPreferencesCommand(ctx, input));
  }
}
