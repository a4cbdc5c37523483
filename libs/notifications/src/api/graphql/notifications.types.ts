import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLSafeInt } from '@loyalty/shared';
import { ANOMALY_RULES, type AnomalyRule } from '../../domain/anomaly';

/** What templates name a trigger by: a name, not an enum, since the loaded plugins add theirs (`notificationTriggers` lists them). */
const TRIGGER_DESCRIPTION = "A trigger's name: the core's (purchase, birthday…) or a loaded plugin's (pharmacy_refill…), as notificationTriggers lists them";

export enum TriggerAudienceGql {
  member = 'member',
  staff = 'staff',
}
registerEnumType(TriggerAudienceGql, { name: 'NotificationAudience', description: "Members (opt-outs and quiet hours apply), or the merchant's staff" });

@ObjectType('NotificationTriggerInfo', { description: 'A trigger a template may name' })
export class NotificationTriggerInfoGql {
  @Field() name!: string;
  @Field(() => TriggerAudienceGql) audience!: TriggerAudienceGql;
  @Field({ description: "The e-mail subject, after the merchant's name" }) subject!: string;
  @Field(() => [String], { description: 'The {{variables}} a template may use' }) variables!: string[];
}

export const AnomalyRuleGql = Object.fromEntries(ANOMALY_RULES.map((r) => [r, r])) as { [K in AnomalyRule]: K };
export type AnomalyRuleGql = AnomalyRule;
registerEnumType(AnomalyRuleGql, { name: 'AnomalyRule' });

export enum NotificationChannelGql {
  sms = 'sms',
  email = 'email',
  webhook = 'webhook',
}
registerEnumType(NotificationChannelGql, { name: 'NotificationChannel' });

export enum MemberChannelGql {
  sms = 'sms',
  email = 'email',
}
registerEnumType(MemberChannelGql, { name: 'MemberNotificationChannel', description: 'Channels a member may opt out of' });

export enum MessageStatusGql {
  pending = 'pending',
  sent = 'sent',
  failed = 'failed',
  skipped = 'skipped',
}
registerEnumType(MessageStatusGql, { name: 'NotificationStatus' });

@ObjectType('NotificationTemplate')
export class NotificationTemplateGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field({ description: TRIGGER_DESCRIPTION }) trigger!: string;
  @Field(() => NotificationChannelGql) channel!: NotificationChannelGql;
  @Field({ description: 'Text with {{variables}} of its trigger' }) body!: string;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

@ObjectType('NotificationSettings')
export class NotificationSettingsGql {
  @Field(() => ID) merchantId!: string;
  @Field() timeZone!: string;
  @Field(() => String, { nullable: true, description: 'HH:mm local; members get nothing from then…' }) quietHoursStart!: string | null;
  @Field(() => String, { nullable: true, description: '…until then (may wrap midnight)' }) quietHoursEnd!: string | null;
  @Field(() => String, { nullable: true }) webhookUrl!: string | null;
  @Field() webhookSigned!: boolean;
  @Field(() => Int) expiryReminderDays!: number;
  @Field(() => String, { nullable: true, description: 'Where staff alerts go by e-mail' }) staffEmail!: string | null;
  @Field(() => [NotificationTemplateGql]) templates!: NotificationTemplateGql[];
}

@ObjectType('MemberNotificationPreferences')
export class MemberPreferencesGql {
  @Field(() => ID) memberId!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => [MemberChannelGql]) optOut!: MemberChannelGql[];
}

@ObjectType('NotificationMessage')
export class NotificationMessageGql {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) memberId!: string | null;
  @Field({ description: TRIGGER_DESCRIPTION }) trigger!: string;
  @Field(() => NotificationChannelGql) channel!: NotificationChannelGql;
  @Field(() => String, { nullable: true }) recipient!: string | null;
  @Field() body!: string;
  @Field(() => MessageStatusGql) status!: MessageStatusGql;
  @Field(() => String, { nullable: true, description: 'opted_out, no_address or trigger_off (a plugin turned off before it fell due)' }) skipReason!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => GraphQLISODateTime, { description: 'Held until then (quiet hours, retry backoff)' }) notBefore!: Date;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) sentAt!: Date | null;
}

@InputType()
export class NotificationTemplateInput {
  @Field(() => ID, { nullable: true, description: 'Operator: the merchant' }) merchantId?: string;
  @Field({ description: TRIGGER_DESCRIPTION }) trigger!: string;
  @Field(() => NotificationChannelGql) channel!: NotificationChannelGql;
  @Field() body!: string;
}

@InputType()
export class NotificationSettingsInput {
  @Field(() => ID, { nullable: true, description: 'Operator: the merchant' }) merchantId?: string;
  @Field({ nullable: true }) quietHoursStart?: string;
  @Field({ nullable: true }) quietHoursEnd?: string;
  @Field({ nullable: true }) webhookUrl?: string;
  @Field({ nullable: true, description: 'HMAC key the deliveries are signed with, ≥ 16 characters' }) webhookSecret?: string;
  @Field(() => Int, { nullable: true }) expiryReminderDays?: number;
  @Field({ nullable: true, description: 'Where staff alerts (anomalies) go by e-mail' }) staffEmail?: string;
}

@ObjectType('AnomalyRules', { description: '异常监控: each rule is off while null' })
export class AnomalyRulesGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'A purchase of at least this (分)' }) largeAmountFen!: number | null;
  @Field(() => Int, { nullable: true, description: 'At least this many purchases of one member…' }) frequencyCount!: number | null;
  @Field(() => Int, { nullable: true, description: '…within this many minutes' }) frequencyWindowMinutes!: number | null;
  @Field(() => Int, { nullable: true, description: 'At least this many purchases at one store (its till), whoever the members…' }) storeFrequencyCount!: number | null;
  @Field(() => Int, { nullable: true, description: '…within this many minutes' }) storeFrequencyWindowMinutes!: number | null;
  @Field(() => String, { nullable: true, description: 'HH:mm local, inclusive' }) oddHoursStart!: string | null;
  @Field(() => String, { nullable: true, description: 'HH:mm local, exclusive' }) oddHoursEnd!: string | null;
  @Field(() => Int, { nullable: true, description: 'A redemption within this many minutes after earning' }) redeemAfterEarnMinutes!: number | null;
  @Field(() => [AnomalyRuleGql], { description: "Hits of these rules hold the member's redemptions at the merchant until staff release them" })
  holdRedemptionsOn!: AnomalyRule[];
}

@ObjectType('Anomaly')
export class AnomalyGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field(() => AnomalyRuleGql) rule!: AnomalyRuleGql;
  @Field() detail!: string;
  @Field({ description: "Whether it held the member's redemptions at the merchant (see redemptionHolds)" }) held!: boolean;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@InputType()
export class AnomalyRulesInput {
  @Field(() => ID, { nullable: true, description: 'Operator: the merchant' }) merchantId?: string;
  @Field(() => GraphQLSafeInt, { nullable: true }) largeAmountFen?: number;
  @Field(() => Int, { nullable: true }) frequencyCount?: number;
  @Field(() => Int, { nullable: true }) frequencyWindowMinutes?: number;
  @Field(() => Int, { nullable: true }) storeFrequencyCount?: number;
  @Field(() => Int, { nullable: true }) storeFrequencyWindowMinutes?: number;
  @Field({ nullable: true }) oddHoursStart?: string;
  @Field({ nullable: true }) oddHoursEnd?: string;
  @Field(() => Int, { nullable: true }) redeemAfterEarnMinutes?: number;
  @Field(() => [AnomalyRuleGql], { nullable: true, description: "Hits of these rules hold the member's redemptions at the merchant pending review" })
  holdRedemptionsOn?: AnomalyRule[];
}

@InputType()
export class MemberPreferencesInput {
  @Field(() => ID) memberId!: string;
  @Field({ nullable: true }) email?: string;
  @Field(() => [MemberChannelGql], { nullable: true, description: 'Replaces the opt-outs recorded before' }) optOut?: MemberChannelGql[];
}

@ObjectType('StoreReportSettings', { description: '门店日报: where a store’s daily report goes' })
export class StoreReportSettingsGql {
  @Field(() => ID) storeId!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'The store’s report address (its manager’s); none: the store gets no report' }) reportEmail!: string | null;
}
