import {
  Create,
  Datagrid,
  DateInput,
  List,
  NumberField,
  Pagination,
  ReferenceField,
  ReferenceManyField,
  required,
  SearchInput,
  SelectInput,
  Show,
  SimpleForm,
  TabbedShowLayout,
  TextField,
  TextInput,
  usePermissions,
  useRecordContext,
  useTranslate,
  useLocaleState,
} from 'react-admin';
import { Card, CardContent, Grid, Typography } from '@mui/material';
import { can, type Permissions } from '../auth-provider';
import { EnumField, ZonedDateField } from '../fields';
import { formatFen } from '../format';

const memberFilters = [<SearchInput source="q" alwaysOn key="q" placeholder="手机号 / 姓名 · phone / name" />];

export const MemberList = () => (
  <List filters={memberFilters} sort={{ field: 'registeredAt', order: 'DESC' }} perPage={25}>
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="phone" sortable={false} />
      <TextField source="name" sortable={false} />
      <EnumField source="gender" prefix="gender" sortable={false} />
      <ReferenceField source="registeredMerchantId" reference="merchants" link={false} sortable={false} />
      <ZonedDateField source="registeredAt" sortable={false} />
    </Datagrid>
  </List>
);

export const MemberCreate = () => {
  const translate = useTranslate();
  return (
    <Create redirect="show">
      <SimpleForm>
        <TextInput source="phone" validate={required()} />
        <TextInput source="name" />
        <SelectInput source="gender" choices={['male', 'female', 'unknown'].map((id) => ({ id, name: translate(`console.gender.${id}`) }))} />
        <DateInput source="birthday" />
        <TextInput source="externalId" />
      </SimpleForm>
    </Create>
  );
};

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <Grid size={{ xs: 6, md: 3 }}>
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

function MemberSummary() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const f = (key: string) => translate(`resources.members.fields.${key}`);
  return (
    <Grid container spacing={2} mb={2}>
      <Stat label={f('pointsBalance')} value={Number(record.pointsBalance ?? 0)} testId="points-balance" />
      <Stat label={f('pointsExpiringIn30Days')} value={Number(record.pointsExpiringIn30Days ?? 0)} />
      <Stat label={f('grossSpendFen')} value={formatFen(Number(record.grossSpendFen ?? 0), locale)} testId="gross-spend" />
      <Stat label={f('storedValueBalanceFen')} value={formatFen(Number(record.storedValueBalanceFen ?? 0), locale)} />
      <Stat label={f('purchaseCount')} value={Number(record.purchaseCount ?? 0)} />
      <Stat label={f('refundedFen')} value={formatFen(Number(record.refundedFen ?? 0), locale)} />
      <Stat label={f('pointsOwed')} value={Number(record.pointsOwed ?? 0)} />
    </Grid>
  );
}

const MemberTitle = () => {
  const record = useRecordContext();
  return <span>{record ? `${record.name ?? ''} ${record.phone ?? ''}` : ''}</span>;
};

/** Member 360: balances and spend, the full points history (paged), accounts with expiry. */
export const MemberShow = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
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
          <ReferenceManyField reference="transfers" target="memberId" perPage={20} pagination={<Pagination />}>
            <Datagrid bulkActionButtons={false} rowClick={false} data-testid="member-ledger">
              <ZonedDateField source="occurredAt" />
              <EnumField source="kind" prefix="transferKind" chip />
              <NumberField source="amount" />
              <TextField source="asset" />
              <ReferenceField source="merchantId" reference="merchants" link={false} emptyText="—" />
              <TextField source="reference" emptyText="—" />
            </Datagrid>
          </ReferenceManyField>
        </TabbedShowLayout.Tab>
        {can(permissions, 'merchants', 'list') && (
          <TabbedShowLayout.Tab label={translate('console.member.accounts')} path="accounts">
            <Typography variant="body2" color="text.secondary" mb={1}>
              {translate('console.member.noLots')}
            </Typography>
            <NumberField source="pointsExpiringIn30Days" />
            <ReferenceManyField reference="accounts" target="ownerId" perPage={20}>
              <Datagrid bulkActionButtons={false} rowClick={false}>
                <TextField source="code" />
                <TextField source="asset" />
                <NumberField source="available" />
                <NumberField source="creditsPosted" />
                <NumberField source="debitsPosted" />
              </Datagrid>
            </ReferenceManyField>
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
};

