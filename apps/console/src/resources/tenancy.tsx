import {
  Create,
  Datagrid,
  DeleteWithConfirmButton,
  Edit,
  List,
  NumberInput,
  PasswordInput,
  ReferenceField,
  ReferenceInput,
  required,
  SearchInput,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  useCreate,
  useLocaleState,
  useNotify,
  useRecordContext,
  usePermissions,
  useTranslate,
  SaveButton,
  Toolbar,
  email,
  AutocompleteInput,
  FunctionField,
  NumberField,
} from 'react-admin';
import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import { can, type Permissions } from '../auth-provider';
import { EnumField, ZonedDateField } from '../fields';
import { DEFAULT_TIME_ZONE, formatDateTime, zonedTimeToIso } from '../format';

const search = [<SearchInput source="q" alwaysOn key="q" />];

export const AllianceList = () => (
  <List filters={search} sort={{ field: 'createdAt', order: 'DESC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <TextField source="timezone" />
      <ZonedDateField source="createdAt" />
    </Datagrid>
  </List>
);

export const AllianceCreate = () => (
  <Create redirect="list">
    <SimpleForm>
      <TextInput source="name" validate={required()} />
      <TextInput source="timezone" defaultValue="Asia/Shanghai" />
    </SimpleForm>
  </Create>
);

export const MerchantList = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <List filters={search} sort={{ field: 'createdAt', order: 'ASC' }}>
      <Datagrid bulkActionButtons={false} rowClick={can(permissions, 'merchants', 'edit') ? 'edit' : false}>
        <TextField source="name" />
        <TextField source="industry" />
        <TextField source="timezone" />
        <NumberField source="settings.earnRule.pointsPerYuan" />
        <NumberField source="settings.pointsExpiryMonths" />
        <ZonedDateField source="createdAt" />
      </Datagrid>
    </List>
  );
};

export const MerchantCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ allianceId: permissions?.role === 'ALLIANCE_OPERATOR' ? permissions.tenantId : undefined }}>
        <TextInput source="name" validate={required()} />
        <TextInput source="industry" validate={required()} helperText="pharmacy, pet, hotel, fuel, retail…" />
        {permissions?.role === 'PLATFORM_ADMIN' && (
          <ReferenceInput source="allianceId" reference="alliances">
            <SelectInput optionText="name" />
          </ReferenceInput>
        )}
        <TextInput source="timezone" defaultValue="Asia/Shanghai" />
      </SimpleForm>
    </Create>
  );
};

interface EarnRuleVersion {
  effectiveFrom: string | null;
  earnRule: { pointsPerYuan: number };
  pointsExpiryMonths: number;
}

/** The merchant's earn rule over time: a purchase earns by the version of its own time. */
function EarnRuleHistory() {
  const record = useRecordContext<{ timezone: string; earnRuleHistory?: EarnRuleVersion[] }>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record?.earnRuleHistory) return null;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle2">{translate('resources.merchants.fields.earnRuleHistory')}</Typography>
      <Table size="small" data-testid="earn-rule-history">
        <TableHead>
          <TableRow>
            <TableCell>{translate('console.earnRule.effectiveFrom')}</TableCell>
            <TableCell align="right">{translate('resources.merchants.fields.settings.earnRule.pointsPerYuan')}</TableCell>
            <TableCell align="right">{translate('resources.merchants.fields.settings.pointsExpiryMonths')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {record.earnRuleHistory.map((version) => (
            <TableRow key={version.effectiveFrom ?? 'first'}>
              <TableCell>{version.effectiveFrom ? formatDateTime(version.effectiveFrom, record.timezone, locale) : translate('console.earnRule.fromTheBeginning')}</TableCell>
              <TableCell align="right">{version.earnRule.pointsPerYuan}</TableCell>
              <TableCell align="right">{version.pointsExpiryMonths}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="text.secondary">
        {translate('console.earnRule.note')}
      </Typography>
    </Box>
  );
}

/** The in-force time typed on the form is the merchant's wall-clock time; empty is now. */
const withEffectiveFrom = (data: { timezone?: string; effectiveFrom?: string }) => ({
  ...data,
  effectiveFrom: data.effectiveFrom ? zonedTimeToIso(data.effectiveFrom, data.timezone ?? DEFAULT_TIME_ZONE) : undefined,
});

export const MerchantEdit = () => {
  const translate = useTranslate();
  return (
    <Edit mutationMode="pessimistic" redirect="list" transform={withEffectiveFrom}>
      <SimpleForm>
        <TextField source="name" />
        <NumberInput source="settings.earnRule.pointsPerYuan" min={0} />
        <NumberInput source="settings.pointsExpiryMonths" min={1} />
        <TextInput
          source="effectiveFrom"
          type="datetime-local"
          label="console.earnRule.changeFrom"
          helperText={translate('console.earnRule.changeFromHelp')}
          InputLabelProps={{ shrink: true }}
          parse={(value: string) => value || undefined}
        />
        <EarnRuleHistory />
      </SimpleForm>
    </Edit>
  );
};

export const StoreList = () => (
  <List filters={[...search, <ReferenceInput source="merchantId" reference="merchants" key="m" />]} sort={{ field: 'createdAt', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <EnumField source="kind" prefix="storeKind" />
      <ReferenceField source="merchantId" reference="merchants" link={false} />
      <ZonedDateField source="createdAt" />
    </Datagrid>
  </List>
);

export const StoreCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  const translate = useTranslate();
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ merchantId: permissions?.merchantId ?? undefined, kind: 'direct' }}>
        <TextInput source="name" validate={required()} />
        <SelectInput source="kind" choices={['direct', 'franchise'].map((id) => ({ id, name: translate(`console.storeKind.${id}`) }))} validate={required()} />
        <ReferenceInput source="merchantId" reference="merchants">
          <SelectInput optionText="name" validate={required()} />
        </ReferenceInput>
      </SimpleForm>
    </Create>
  );
};

export const StaffList = () => (
  <List filters={search} sort={{ field: 'createdAt', order: 'ASC' }}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <TextField source="name" />
      <TextField source="email" />
      <EnumField source="role" prefix="role" chip />
      <ReferenceField source="merchantId" reference="merchants" link={false} emptyText="—" />
      <ReferenceField source="storeId" reference="stores" link={false} emptyText="—" />
      <ZonedDateField source="createdAt" />
    </Datagrid>
  </List>
);

/** Roles a user may create: never above their own. */
const CREATABLE: Record<string, string[]> = {
  PLATFORM_ADMIN: ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'],
  ALLIANCE_OPERATOR: ['ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'],
  MERCHANT_ADMIN: ['MERCHANT_ADMIN', 'STORE_STAFF'],
};

export const StaffCreate = () => {
  const { permissions } = usePermissions<Permissions>();
  const translate = useTranslate();
  const roles = CREATABLE[permissions?.role ?? ''] ?? [];
  return (
    <Create redirect="list" transform={(data: Record<string, unknown>) => ({ ...data, allianceId: data.role === 'ALLIANCE_OPERATOR' ? permissions?.tenantId : undefined })}>
      <SimpleForm defaultValues={{ role: 'STORE_STAFF', merchantId: permissions?.merchantId ?? undefined }}>
        <TextInput source="name" validate={required()} />
        <TextInput source="email" validate={[required(), email()]} />
        <PasswordInput source="password" validate={required()} />
        <SelectInput source="role" choices={roles.map((id) => ({ id, name: translate(`console.role.${id}`) }))} validate={required()} />
        <ReferenceInput source="merchantId" reference="merchants">
          <SelectInput optionText="name" />
        </ReferenceInput>
        <ReferenceInput source="storeId" reference="stores">
          <SelectInput optionText="name" />
        </ReferenceInput>
      </SimpleForm>
    </Create>
  );
};

export const PosKeyList = () => {
  const translate = useTranslate();
  return (
    <List filters={[<ReferenceInput source="storeId" reference="stores" key="s" alwaysOn />]} sort={{ field: 'createdAt', order: 'DESC' }}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="name" />
        <FunctionField source="prefix" render={(r: { prefix: string }) => <code>{r.prefix}…</code>} />
        <ReferenceField source="storeId" reference="stores" link={false} />
        <ZonedDateField source="createdAt" />
        <ZonedDateField source="revokedAt" />
        <FunctionField
          render={(r: { revokedAt?: string }) =>
            r.revokedAt ? null : <DeleteWithConfirmButton label={translate('console.posKey.revoke')} mutationMode="pessimistic" redirect={false} />
          }
        />
      </Datagrid>
    </List>
  );
};

/** Issues a key and shows it in full this once; leaving the page forgets it. */
export const PosKeyCreate = () => {
  const [create, { isPending }] = useCreate();
  const notify = useNotify();
  const translate = useTranslate();
  const [issued, setIssued] = useState<{ key: string; prefix: string } | null>(null);
  const onSubmit = (data: Record<string, unknown>) =>
    create('posKeys', { data }, { onSuccess: (record) => setIssued(record as { key: string; prefix: string }), onError: (e) => notify((e as Error).message, { type: 'error' }) });
  return (
    <Create>
      {issued ? (
        <Box p={2}>
          <Alert severity="warning">{translate('console.posKey.once')}</Alert>
          <Typography variant="h6" mt={2} data-testid="pos-key" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
            {issued.key}
          </Typography>
        </Box>
      ) : (
        <SimpleForm onSubmit={onSubmit} toolbar={<Toolbar><SaveButton disabled={isPending} /></Toolbar>}>
          <ReferenceInput source="storeId" reference="stores">
            <AutocompleteInput optionText="name" validate={required()} />
          </ReferenceInput>
          <TextInput source="name" />
        </SimpleForm>
      )}
    </Create>
  );
};
