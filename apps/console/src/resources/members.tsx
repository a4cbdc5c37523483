import {
  Create,
  Datagrid,
  DateInput,
  FunctionField,
  List,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceInput,
  ReferenceManyField,
  required,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TabbedShowLayout,
  TextField,
  TextInput,
  useDataProvider,
  useGetList,
  useGetOne,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
  useLocaleState,
} from 'react-admin';
import { Box, Card, CardContent, Chip, Grid, Stack, Typography } from '@mui/material';
import { ActionDialog } from '../action-dialog';
import { can, type Permissions } from '../auth-provider';
import type { ConsoleDataProvider } from '../data-provider';
import { EnumField, MoneyField, ZonedDateField } from '../fields';
import { formatFen } from '../format';
import { RFM_GROUP_CODES } from './insights';
import { PluginResourceView, useLabel, usePluginResources } from '../plugins/plugin-pages';
import { TransferAmountField } from './transfers';

const GENDER_CODES = ['male', 'female', 'unknown'] as const;

/** The level scheme a user's members are measured by: their merchant's own, else the tenant's. */
function useLevelChoices(): { levels: { id: string; name: string }[]; isPending: boolean } {
  const { permissions } = usePermissions<Permissions>();
  const enabled = can(permissions, 'levelSchemes', 'read');
  const { data: schemes, isPending } = useGetList('levelSchemes', { pagination: { page: 1, perPage: 50 }, sort: { field: 'id', order: 'ASC' } }, { enabled });
  const scheme = schemes?.find((s) => s.merchantId && s.merchantId === permissions?.merchantId) ?? schemes?.find((s) => !s.merchantId);
  return { levels: ((scheme?.levels ?? []) as { code: string; name: string }[]).map((l) => ({ id: l.code, name: l.name })), isPending: enabled && isPending };
}

/** The member list's filters; null until they are known (a filter added later would drop its value from the URL). */
function useMemberFilters(): React.ReactElement[] | null {
  const translate = useTranslate();
  const { permissions, isPending } = usePermissions<Permissions>();
  const { levels, isPending: levelsPending } = useLevelChoices();
  if (isPending || levelsPending) return null;
  return [
    <SearchInput source="q" alwaysOn key="q" placeholder={translate('resources.members.fields.q')} />,
    ...(levels.length ? [<SelectInput source="levelCode" choices={levels} key="level" />] : []),
    ...(can(permissions, 'tags', 'list')
      ? [
          <ReferenceInput source="tagId" reference="tags" key="tag">
            <SelectInput optionText="name" />
          </ReferenceInput>,
          <SelectInput source="rfmGroup" choices={RFM_GROUP_CODES.map((id) => ({ id, name: translate(`console.rfmGroup.${id}`) }))} key="rfm" />,
        ]
      : []),
  ];
}

export const MemberList = () => {
  const filters = useMemberFilters();
  if (!filters) return null;
  return (
    <List filters={filters} sort={{ field: 'registeredAt', order: 'DESC' }} perPage={25}>
      <Datagrid bulkActionButtons={false} rowClick="show">
        <TextField source="phone" sortable={false} />
        <TextField source="name" sortable={false} />
        <EnumField source="gender" prefix="gender" sortable={false} />
        <ReferenceField source="registeredMerchantId" reference="merchants" link={false} sortable={false} />
        <ZonedDateField source="registeredAt" sortable={false} />
      </Datagrid>
    </List>
  );
};

export const MemberCreate = () => {
  const translate = useTranslate();
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="phone" validate={required()} />
        <TextInput source="name" />
        <SelectInput source="gender" choices={GENDER_CODES.map((id) => ({ id, name: translate(`console.gender.${id}`) }))} />
        <DateInput source="birthday" />
        <TextInput source="externalId" />
      </SimpleForm>
    </Create>
  );
};

export function Stat({ label, value, testId, size = 3 }: { label: string; value: string | number; testId?: string; size?: number }) {
  return (
    <Grid size={{ xs: 6, md: size }}>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="caption" color="text.secondary">
            {label}
          </Typography>
          <Typography variant="h5" data-testid={testId}>
            {value}
          </Typography>
        </CardContent>
      </Card>
    </Grid>
  );
}

/** The tags a member carries, as chips. */
function MemberTags() {
  const record = useRecordContext();
  const { data } = useGetList('tags', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' }, filter: { memberId: record?.id } }, { enabled: Boolean(record) });
  if (!data?.length) return null;
  return (
    <Stack direction="row" spacing={1} mb={2} data-testid="member-tags">
      {data.map((tag) => (
        <Chip key={tag.id} label={tag.name} color="primary" variant="outlined" size="small" />
      ))}
    </Stack>
  );
}

/** Corrects the member's name, gender and birthday (修改资料). */
function EditProfileButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notify = useNotify();
  if (!record) return null;
  const f = (key: string) => translate(`resources.members.fields.${key}`);
  return (
    <ActionDialog
      label={translate('console.member.editProfile')}
      testId="edit-profile"
      fields={[
        { name: 'name', label: f('name'), initial: record.name ?? '' },
        { name: 'gender', label: f('gender'), initial: record.gender, choices: GENDER_CODES.map((id) => ({ id, name: translate(`console.gender.${id}`) })) },
        { name: 'birthday', label: f('birthday'), type: 'date', initial: record.birthday ?? '' },
      ]}
      onSubmit={async (values) => {
        await dataProvider.update('members', { id: record.id, data: values, previousData: record });
        notify(translate('console.member.profileSaved'), { type: 'success' });
        refresh();
      }}
    />
  );
}

function MemberSummary() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<Permissions>();
  if (!record) return null;
  const f = (key: string) => translate(`resources.members.fields.${key}`);
  return (
    <>
      {can(permissions, 'members', 'edit') && (
        <Box mb={1}>
          <EditProfileButton />
        </Box>
      )}
      {can(permissions, 'tags', 'list') && <MemberTags />}
      <Grid container spacing={2} mb={2}>
        <Stat label={f('pointsBalance')} value={Number(record.pointsBalance ?? 0)} testId="points-balance" />
        <Stat label={f('pointsExpiringIn30Days')} value={Number(record.pointsExpiringIn30Days ?? 0)} />
        <Stat label={f('grossSpendFen')} value={formatFen(Number(record.grossSpendFen ?? 0), locale)} testId="gross-spend" />
        <Stat label={f('storedValueBalanceFen')} value={formatFen(Number(record.storedValueBalanceFen ?? 0), locale)} />
        <Stat label={f('purchaseCount')} value={Number(record.purchaseCount ?? 0)} />
        <Stat label={f('refundedFen')} value={formatFen(Number(record.refundedFen ?? 0), locale)} />
        <Stat label={f('pointsOwed')} value={Number(record.pointsOwed ?? 0)} />
      </Grid>
    </>
  );
}

const MemberTitle = () => {
  const record = useRecordContext();
  return <span>{record ? `${record.name ?? ''} ${record.phone ?? ''}` : ''}</span>;
};

/** A member sub-list (the API's per-member lists), paged by the server. */
function MemberList360({ reference, testId, children, perPage = 10 }: { reference: string; testId: string; children: React.ReactNode; perPage?: number }) {
  return (
    <Box data-testid={testId}>
      <ReferenceManyField reference={reference} target="memberId" perPage={perPage} pagination={<Pagination rowsPerPageOptions={[perPage]} />}>
        <Datagrid bulkActionButtons={false} rowClick={false} empty={<Typography color="text.secondary">—</Typography>}>
          {children}
        </Datagrid>
      </ReferenceManyField>
    </Box>
  );
}

function LotsTab() {
  return (
    <MemberList360 reference="memberLots" testId="member-lots">
      <NumberField source="remaining" />
      <NumberField source="amount" />
      <ZonedDateField source="expiresAt" dateOnly />
      <FunctionField source="expired" render={(lot: { expired: boolean }) => (lot.expired ? <Chip size="small" color="warning" label="✕" /> : null)} />
      <ReferenceField source="issuerMerchantId" reference="merchants" link={false} emptyText="—" />
      <ZonedDateField source="createdAt" />
    </MemberList360>
  );
}

/** A level code of a level change, shown by its name in the change's scheme. */
function LevelNameField({ source }: { source: 'fromCode' | 'toCode'; label?: string }) {
  const record = useRecordContext();
  const { data: scheme } = useGetOne('levelSchemes', { id: record?.schemeId }, { enabled: Boolean(record?.schemeId) });
  const code = record?.[source] as string | null | undefined;
  if (!code) return <span>—</span>;
  return <span>{(scheme?.levels as { code: string; name: string }[] | undefined)?.find((l) => l.code === code)?.name ?? code}</span>;
}

function LevelTab() {
  const record = useRecordContext();
  const translate = useTranslate();
  const { data: level } = useGetOne('memberLevels', { id: record?.id }, { enabled: Boolean(record) });
  const f = (key: string) => translate(`resources.memberLevels.fields.${key}`);
  return (
    <>
      <Grid container spacing={2} mb={2}>
        <Stat label={f('levelName')} value={level?.levelName ?? translate('console.member.noLevel')} testId="member-level" />
        <Stat label={f('growth')} value={Number(level?.growth ?? 0)} testId="member-growth" />
        <Stat label={f('discountPermille')} value={level?.benefits?.discountPermille ? `${level.benefits.discountPermille / 10}%` : '—'} />
        <Stat label={f('pointsMultiplierPermille')} value={level?.benefits?.pointsMultiplierPermille ? `×${level.benefits.pointsMultiplierPermille / 1000}` : '—'} />
      </Grid>
      <Typography variant="subtitle2" mb={1}>
        {translate('console.member.levelHistory')}
      </Typography>
      <MemberList360 reference="memberLevelHistory" testId="member-level-history">
        <ZonedDateField source="occurredAt" />
        <EnumField source="reason" prefix="levelReason" chip />
        <LevelNameField source="fromCode" />
        <LevelNameField source="toCode" />
        <TextField source="note" />
        <TextField source="orderNo" emptyText="—" />
      </MemberList360>
    </>
  );
}

function IssueCouponButton() {
  const record = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const notify = useNotify();
  const { data: templates } = useGetList('couponTemplates', { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } });
  if (!record) return null;
  return (
    <ActionDialog
      label={translate('console.coupon.issue')}
      testId="issue-coupon"
      fields={[
        { name: 'templateId', label: translate('resources.memberCoupons.fields.templateId'), choices: (templates ?? []).map((t) => ({ id: String(t.id), name: String(t.name) })) },
        { name: 'reason', label: translate('console.coupon.reason') },
      ]}
      onSubmit={async (v) => {
        await dataProvider.create('memberCoupons', { data: { memberId: record.id, templateId: v.templateId, reason: v.reason } });
        notify(translate('console.coupon.issued'), { type: 'success' });
        refresh();
      }}
    />
  );
}

function RevokeCouponButton() {
  const coupon = useRecordContext();
  const translate = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  if (!coupon || coupon.status !== 'ISSUED') return null;
  return (
    <ActionDialog
      label={translate('console.coupon.revoke')}
      testId="revoke-coupon"
      fields={[{ name: 'reason', label: translate('console.coupon.reason') }]}
      onSubmit={async (v) => {
        await dataProvider.revokeCoupon({ couponId: String(coupon.id), reason: v.reason });
        refresh();
      }}
    />
  );
}

function CouponsTab() {
  const { permissions } = usePermissions<Permissions>();
  return (
    <>
      {can(permissions, 'memberCoupons', 'create') && (
        <Box mb={1}>
          <IssueCouponButton />
        </Box>
      )}
      <MemberList360 reference="memberCoupons" testId="member-coupons">
        <ReferenceField source="templateId" reference="couponTemplates" link={false} />
        <EnumField source="status" prefix="couponStatus" chip />
        <ZonedDateField source="issuedAt" />
        <ZonedDateField source="validUntil" dateOnly />
        <TextField source="issueReason" />
        <MoneyField source="discountFen" />
        <TextField source="usedOrderNo" emptyText="—" />
        {can(permissions, 'memberCoupons', 'revoke') && <RevokeCouponButton />}
      </MemberList360>
    </>
  );
}

function CardsTab() {
  const translate = useTranslate();
  return (
    <>
      <MemberList360 reference="memberCards" testId="member-cards">
        <TextField source="name" />
        <EnumField source="kind" prefix="cardKind" chip />
        <TextField source="levelCode" emptyText="—" />
        <EnumField source="state" prefix="cardState" />
        <ZonedDateField source="startsAt" dateOnly />
        <ZonedDateField source="endsAt" dateOnly />
      </MemberList360>
      <Typography variant="subtitle2" mt={2} mb={1}>
        {translate('resources.memberVisitCards.name')}
      </Typography>
      <MemberList360 reference="memberVisitCards" testId="member-visit-cards">
        <TextField source="service" />
        <FunctionField source="usesLeft" render={(c: { usesLeft: number | null; usesTotal: number | null }) => (c.usesTotal === null ? '∞' : `${c.usesLeft} / ${c.usesTotal}`)} />
        <MoneyField source="priceFen" />
        <TextField source="orderNo" />
        <ZonedDateField source="soldAt" dateOnly />
        <ZonedDateField source="expiresAt" dateOnly />
      </MemberList360>
    </>
  );
}

function StoredValueTab() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetOne('memberStoredValue', { id: record?.id }, { enabled: Boolean(record) });
  const f = (key: string) => translate(`resources.memberStoredValue.fields.${key}`);
  const scheduled = (data?.bonusScheduled ?? []) as { amountFen: number; dueAt: string; orderNo: string }[];
  return (
    <>
      <Grid container spacing={2} mb={2}>
        <Stat label={f('balanceFen')} value={formatFen(Number(data?.balanceFen ?? 0), locale)} testId="stored-value-balance" size={4} />
        <Stat label={f('principalBalanceFen')} value={formatFen(Number(data?.principalBalanceFen ?? 0), locale)} size={4} />
        <Stat label={f('bonusBalanceFen')} value={formatFen(Number(data?.bonusBalanceFen ?? 0), locale)} size={4} />
      </Grid>
      {scheduled.length > 0 && (
        <Typography variant="body2" color="text.secondary">
          {f('bonusScheduled')}: {scheduled.map((b) => `${formatFen(b.amountFen, locale)} (${b.dueAt.slice(0, 10)})`).join('，')}
        </Typography>
      )}
    </>
  );
}

/** A plugin's member tab: its declared query for this member, its declared fields. */
function PluginTab({ resource, testId }: { resource: Parameters<typeof PluginResourceView>[0]['resource']; testId: string }) {
  const record = useRecordContext();
  return record ? <PluginResourceView resource={resource} variables={{ memberId: record.id }} testId={testId} /> : null;
}

/** Member 360: balances and spend, points history and lots, level, coupons, cards, stored value, and the tabs of the merchant's plugins. */
export const MemberShow = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const programme = can(permissions, 'memberCoupons', 'list');
  const pluginTabs = usePluginResources('member-tab');
  const label = useLabel();
  return (
    <Show title={<MemberTitle />}>
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label={translate('console.member.summary')}>
          <MemberSummary />
          <TextField source="phone" />
          <TextField source="name" />
          <EnumField source="gender" prefix="gender" />
          <TextField source="birthday" emptyText="—" />
          <TextField source="externalId" emptyText="—" />
          <ReferenceField source="registeredMerchantId" reference="merchants" link={false} />
          <ZonedDateField source="registeredAt" />
          <ZonedDateField source="lastPurchaseAt" />
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('console.member.ledger')} path="ledger">
          <MemberList360 reference="transfers" testId="member-ledger" perPage={20}>
            <ZonedDateField source="occurredAt" />
            <EnumField source="kind" prefix="transferKind" chip />
            <TransferAmountField source="amount" />
            <EnumField source="asset" prefix="asset" />
            <ReferenceField source="merchantId" reference="merchants" link={false} emptyText="—" />
            <TextField source="reference" emptyText="—" />
          </MemberList360>
        </TabbedShowLayout.Tab>
        <TabbedShowLayout.Tab label={translate('console.member.lots')} path="lots">
          <LotsTab />
        </TabbedShowLayout.Tab>
        {programme && (
          <TabbedShowLayout.Tab label={translate('console.member.level')} path="level">
            <LevelTab />
          </TabbedShowLayout.Tab>
        )}
        {programme && (
          <TabbedShowLayout.Tab label={translate('console.member.coupons')} path="coupons">
            <CouponsTab />
          </TabbedShowLayout.Tab>
        )}
        {programme && (
          <TabbedShowLayout.Tab label={translate('console.member.cards')} path="cards">
            <CardsTab />
          </TabbedShowLayout.Tab>
        )}
        {programme && (
          <TabbedShowLayout.Tab label={translate('console.member.storedValue')} path="stored-value">
            <StoredValueTab />
          </TabbedShowLayout.Tab>
        )}
        {pluginTabs.map(({ plugin, resource }) => (
          <TabbedShowLayout.Tab key={`${plugin.pluginId}/${resource.name}`} label={label(resource.label)} path={`plugin-${plugin.pluginId}-${resource.name}`}>
            <PluginTab resource={resource} testId={`plugin-tab-${plugin.pluginId}-${resource.name}`} />
          </TabbedShowLayout.Tab>
        ))}
      </TabbedShowLayout>
    </Show>
  );
};
