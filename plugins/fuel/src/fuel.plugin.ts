import { definePlugin, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';
import { FuelBonusEarnRule } from './fuel-bonus.earn-rule';
import { FuelVisitGql, FuelVisitsLoader } from './fuel-visits.loader';
import { FuelVisitsEndpoint, visitInput } from './fuel-visits.pos-endpoint';

/** The merchant's settings of the plugin (its JSON schema below). */
export interface FuelSettings {
  bonusPointsPerPurchase: number;
}

/** fuel: visits recorded at the till, shown with the member, and bonus points per purchase. */
export const fuelPlugin = definePlugin({
  id: 'fuel',
  name: { 'zh-CN': 'fuel', en: 'Fuel' },
  description: 'Visits recorded at the till, shown with the member; bonus points per purchase',
  version: '0.1.0',
  compatibility: '^1.0.0',
  migrations: [
    {
      name: '001_visits',
      up: [
        `create table fuel_visit (
          id uuid primary key,
          tenant_id uuid not null,
          merchant_id uuid not null,
          member_id uuid not null,
          note text not null,
          created_at timestamptz not null default now()
        )`,
        'create index fuel_visit_member on fuel_visit (member_id, created_at)',
        ...tenantRowLevelSecurity('fuel_visit', 'merchant'),
      ],
    },
  ],
  settings: {
    schema: {
      type: 'object',
      properties: { bonusPointsPerPurchase: { type: 'integer', minimum: 0, maximum: 1000, default: 10 } },
      additionalProperties: false,
    },
  },
  earnRules: [FuelBonusEarnRule],
  pos: [{ path: 'visits', summary: 'Record a visit of a member', input: visitInput, handler: FuelVisitsEndpoint }],
  memberProfile: [{ field: 'fuelVisits', type: () => [FuelVisitGql], description: 'Visits recorded at the till', loader: FuelVisitsLoader }],
  console: [
    {
      name: 'visits',
      placement: 'member-tab',
      label: { 'zh-CN': '到店记录', en: 'Visits' },
      query: 'query($memberId: UUID!) { member(id: $memberId) { member { fuelVisits { note createdAt } } } }',
      fields: [
        { path: 'note', label: { 'zh-CN': '备注', en: 'Note' } },
        { path: 'createdAt', label: { 'zh-CN': '时间', en: 'Time' }, format: 'datetime' },
      ],
    },
  ],
});
