import { definePlugin, POINTS_REVERSED_V1 } from '@loyalty/plugin-sdk';
import { FOLLOW_UP, HEALTH_PROFILE, PharmacyResolver } from './api/pharmacy.resolver';
import { HealthProfileGql, MedicationPurchaseGql } from './api/pharmacy.types';
import { pharmacySettingsLabels, pharmacySettingsSchema } from './domain/pharmacy-settings';
import { HealthProfileLoader } from './health/health-profile.loader';
import { MedicationsLoader } from './health/medications.loader';
import { pharmacyMigrations } from './pharmacy.migrations';
import { MedicationHistoryObserver } from './purchase/medication-history.observer';
import { PharmacyEarnRule } from './purchase/pharmacy.earn-rule';
import { PharmacyLineEnricher } from './purchase/pharmacy-line.enricher';
import { RefillReminderJob } from './refills/refill-reminder.job';
import { refillReminderNotification } from './refills/refill-reminder.notification';
import { RefundCancelsRefillHandler } from './refills/refund-cancels-refill.handler';

/**
 * 药店: member health profiles (sensitive), medication history, refill reminders from quantity and
 * daily dose, categories and the 医保-paid part excluded from earning, pharmacists' follow-up tasks.
 */
export const pharmacyPlugin = definePlugin({
  id: 'pharmacy',
  name: { 'zh-CN': '药店', en: 'Pharmacy' },
  description: 'Health profiles, medication history, refill reminders, earning exclusions (prescription drugs, 医保) and pharmacist follow-ups',
  version: '1.0.0',
  compatibility: '^1.0.0',
  migrations: pharmacyMigrations,
  settings: { schema: pharmacySettingsSchema, labels: pharmacySettingsLabels },
  permissions: [
    { code: HEALTH_PROFILE, label: { 'zh-CN': '健康档案与用药记录', en: 'Health profiles and medication history' } },
    { code: FOLLOW_UP, label: { 'zh-CN': '药师随访', en: 'Pharmacist follow-ups' } },
  ],
  enrichers: [PharmacyLineEnricher],
  earnRules: [PharmacyEarnRule],
  purchaseObservers: [MedicationHistoryObserver],
  events: [{ name: 'refunds', types: [POINTS_REVERSED_V1], handler: RefundCancelsRefillHandler }],
  jobs: [{ name: 'refill-reminders', intervalMs: 3_600_000, handler: RefillReminderJob }],
  notifications: [refillReminderNotification],
  resolvers: [PharmacyResolver],
  memberProfile: [
    { field: 'pharmacyHealthProfile', type: () => HealthProfileGql, description: '健康档案: chronic conditions and allergies', loader: HealthProfileLoader, permission: HEALTH_PROFILE },
    { field: 'pharmacyMedications', type: () => [MedicationPurchaseGql], description: '用药记录: medication bought, newest first', loader: MedicationsLoader, permission: HEALTH_PROFILE },
  ],
  console: [
    {
      name: 'health-profile',
      placement: 'member-tab',
      label: { 'zh-CN': '健康档案', en: 'Health profile' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { pharmacyHealthProfile { chronicConditions allergies notes updatedAt } } } }',
      fields: [
        { path: 'member.member.pharmacyHealthProfile.chronicConditions', label: { 'zh-CN': '慢性病', en: 'Chronic conditions' }, format: 'list' },
        { path: 'member.member.pharmacyHealthProfile.allergies', label: { 'zh-CN': '过敏', en: 'Allergies' }, format: 'list' },
        { path: 'member.member.pharmacyHealthProfile.notes', label: { 'zh-CN': '备注', en: 'Notes' } },
        { path: 'member.member.pharmacyHealthProfile.updatedAt', label: { 'zh-CN': '更新时间', en: 'Updated' }, format: 'datetime' },
      ],
      permission: HEALTH_PROFILE,
    },
    {
      name: 'medications',
      placement: 'member-tab',
      label: { 'zh-CN': '用药记录', en: 'Medications' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { pharmacyMedications { occurredAt name sku quantity dailyDose amountFen insurancePaidFen runsOutOn refillDueOn refillStatus } } } }',
      fields: [
        { path: 'occurredAt', label: { 'zh-CN': '购买时间', en: 'Bought' }, format: 'datetime' },
        { path: 'name', label: { 'zh-CN': '药品', en: 'Medication' } },
        { path: 'quantity', label: { 'zh-CN': '数量', en: 'Quantity' }, format: 'number' },
        { path: 'dailyDose', label: { 'zh-CN': '日用量', en: 'Daily dose' }, format: 'number' },
        { path: 'amountFen', label: { 'zh-CN': '金额', en: 'Amount' }, format: 'fen' },
        { path: 'insurancePaidFen', label: { 'zh-CN': '医保支付', en: 'Paid by insurance' }, format: 'fen' },
        { path: 'runsOutOn', label: { 'zh-CN': '预计用完', en: 'Runs out' }, format: 'date' },
        { path: 'refillDueOn', label: { 'zh-CN': '续药提醒', en: 'Refill reminder' }, format: 'date' },
      ],
      permission: HEALTH_PROFILE,
    },
    {
      name: 'follow-up-tasks',
      placement: 'page',
      label: { 'zh-CN': '药师随访', en: 'Follow-ups' },
      query: 'query { pharmacyFollowUpTasks(status: "open") { id memberId kind dueOn note status } }',
      fields: [
        { path: 'dueOn', label: { 'zh-CN': '到期', en: 'Due' }, format: 'date' },
        { path: 'kind', label: { 'zh-CN': '类型', en: 'Kind' } },
        { path: 'note', label: { 'zh-CN': '内容', en: 'Note' } },
      ],
      permission: FOLLOW_UP,
    },
  ],
});
