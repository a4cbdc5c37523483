import {
  Create,
  CreateButton,
  Datagrid,
  DeleteWithConfirmButton,
  Edit,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  required,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  TopToolbar,
  usePermissions,
  useTranslate,
  FunctionField,
  Title,
  Button,
  FormDataConsumer,
  useGetList,
  useRecordContext,
} from 'react-admin';
import { Chip, Stack, Typography } from '@mui/material';

import { can, type Permissions } from '../auth-provider';
import { EnumField, MoneyInput, ScopeMerchantPicker, useScopeMerchant, ZonedDateField } from '../fields';

const CHANNELS = ['sms', 'email', 'webhook'];
const STATUSES = ['pending', 'sent', 'failed', 'skipped'];

/** The operator's merchant picker, create, and the link to the merchant's settings page of this list. */
function Actions({ create, settings }: { create?: string; settings?: 'notificationSettings' | 'anomalyRules' }) {
  const { permissions } = usePermissions<Permissions>();
  const translate = useTranslate();
  const [merchantId] = useScopeMerchant();
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      <ScopeMerchantPicker />
      {create && can(permissions, create, 'create') && <CreateButton />}
      {settings && can(permissions, settings, 'edit') && merchantId && <Button to={`/${settings}/${merchantId}`} label={translate(`resources.${settings}.name`)} />}
    </TopToolbar>
  );
}

interface Trigger {
  id: string;
  name: string;
  subject: string;
  variables: string[];
}

/** The triggers the platform offers (the core's and its plugins'), each named in the console's language where it has a name for it, else by its subject. */
function useTriggers(): { triggers: Trigger[]; label: (name: string) => string } {
  const translate = useTranslate();
  const { data = [] } = useGetList<Trigger>('notificationTriggers', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'name', order: 'ASC' } });
  const subjects = new Map(data.map((t) => [t.name, t.subject]));
  return { triggers: data, label: (name) => translate(`console.trigger.${name}`, { _: subjects.get(name) ?? name }) };
}

/** A template's or message's trigger by its name (`source` gives the column its header). */
function TriggerField(_: { source: 'trigger' }) {
  const record = useRecordContext<{ id: string; trigger: string }>();
  const { label } = useTriggers();
  return record ? <Chip size="small" label={label(record.trigger)} /> : null;
}

/** The variables the chosen trigger's template may use. */
function TriggerVariables({ triggers }: { triggers: Trigger[] }) {
  const translate = useTranslate();
  return (
    <FormDataConsumer<{ trigger?: string }>>
      {({ formData }) => {
        const chosen = triggers.find((t) => t.name === formData.trigger);
        return chosen ? (
          <Typography variant="body2" color="text.secondary" data-testid="trigger-variables">
            {translate('console.notification.variablesOf', { variables: chosen.variables.map((v) => `{{${v}}}`).join(' ') })}
          </Typography>
        ) : null;
      }}
    </FormDataConsumer>
  );
}

/** 通知模板: which triggers are on, on which channel, with what text. */
export const TemplateList = () => {
  const [merchantId] = useScopeMerchant();
  return (
    <List key={merchantId} filter={{ merchantId }} sort={{ field: 'trigger', order: 'ASC' }} actions={<Actions create="notificationTemplates" settings="notificationSettings" />} pagination={false} empty={false}>
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="notification-templates">
        <TriggerField source="trigger" />
        <EnumField source="channel" prefix="channel" />
        <TextField source="body" />
        <ZonedDateField source="updatedAt" />
        <DeleteWithConfirmButton mutationMode="pessimistic" redirect={false} />
      </Datagrid>
    </List>
  );
};

export const TemplateCreate = () => {
  const translate = useTranslate();
  const [merchantId] = useScopeMerchant();
  const { triggers, label } = useTriggers();
  return (
    <Create redirect="list" transform={(data: Record<string, unknown>) => ({ ...data, merchantId })}>
      <SimpleForm defaultValues={{ trigger: 'purchase', channel: 'sms' }}>
        <SelectInput source="trigger" choices={triggers.map((t) => ({ id: t.name, name: label(t.name) }))} validate={required()} />
        <SelectInput source="channel" choices={CHANNELS.map((id) => ({ id, name: translate(`console.channel.${id}`) }))} validate={required()} />
        <TextInput source="body" multiline fullWidth validate={required()} helperText={translate('console.notification.variables')} />
        <TriggerVariables triggers={triggers} />
      </SimpleForm>
    </Create>
  );
};

/** Quiet hours, staff e-mail, webhook and the expiry reminder period of one merchant. */
export const SettingsEdit = () => (
  <Edit mutationMode="pessimistic" redirect="/notificationTemplates">
    <SimpleForm>
      <TextInput source="quietHoursStart" helperText="HH:mm" />
      <TextInput source="quietHoursEnd" helperText="HH:mm" />
      <NumberInput source="expiryReminderDays" min={1} />
      <TextInput source="staffEmail" type="email" />
      <TextInput source="webhookUrl" fullWidth />
      <TextInput source="webhookSecret" type="password" />
    </SimpleForm>
  </Edit>
);

/** 门店日报: where each store's daily report goes by e-mail, with the day's CSV. */
export const StoreReportList = () => {
  const [merchantId] = useScopeMerchant();
  return (
    <List key={merchantId} filter={{ merchantId }} sort={{ field: 'name', order: 'ASC' }} actions={<Actions />} pagination={false} empty={false}>
      <Datagrid bulkActionButtons={false} rowClick="edit" data-testid="store-report-settings">
        <TextField source="name" />
        <TextField source="reportEmail" emptyText="—" />
      </Datagrid>
    </List>
  );
};

export const StoreReportEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <TextField source="name" />
      <TextInput source="reportEmail" type="email" fullWidth />
    </SimpleForm>
  </Edit>
);

/** 消息记录: what was sent, held, skipped or failed, newest first. */
export const MessageList = () => {
  const translate = useTranslate();
  const [merchantId] = useScopeMerchant();
  return (
    <List
      key={merchantId}
      filter={{ merchantId }}
      filters={[<SelectInput source="status" choices={STATUSES.map((id) => ({ id, name: translate(`console.notificationStatus.${id}`) }))} key="status" alwaysOn />]}
      actions={<Actions />}
      sort={{ field: 'createdAt', order: 'DESC' }}
      empty={false}
    >
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="notification-messages">
        <ZonedDateField source="createdAt" />
        <TriggerField source="trigger" />
        <EnumField source="channel" prefix="channel" />
        <TextField source="recipient" emptyText="—" />
        <TextField source="body" />
        <EnumField source="status" prefix="notificationStatus" chip />
        <NumberField source="attempts" />
        <ZonedDateField source="sentAt" />
      </Datagrid>
    </List>
  );
};

/** 异常监控: hits of the merchant's anomaly rules, with the member they concern. */
export const AnomalyList = () => {
  const [merchantId] = useScopeMerchant();
  return (
    <List key={merchantId} filter={{ merchantId }} actions={<Actions settings="anomalyRules" />} sort={{ field: 'occurredAt', order: 'DESC' }} empty={false}>
      <Datagrid bulkActionButtons={false} rowClick={false} data-testid="anomalies">
        <ZonedDateField source="occurredAt" />
        <EnumField source="rule" prefix="anomalyRule" chip />
        <TextField source="detail" />
        <ReferenceField source="memberId" reference="members" link="show">
          <FunctionField render={(m: { phone: string | null; name: string | null }) => m.phone ?? m.name ?? '—'} />
        </ReferenceField>
      </Datagrid>
    </List>
  );
};

/** The anomaly rules: each is off while left empty. */
export const AnomalyRulesEdit = () => {
  const translate = useTranslate();
  return (
    <Edit mutationMode="pessimistic" redirect="/anomalies">
      <SimpleForm>
        <Title title={translate('resources.anomalyRules.name')} />
        <MoneyInput source="largeAmountFen" />
        <Stack direction="row" spacing={2}>
          <TextInput source="oddHoursStart" helperText="HH:mm" />
          <TextInput source="oddHoursEnd" helperText="HH:mm" />
        </Stack>
        <Stack direction="row" spacing={2}>
          <NumberInput source="frequencyCount" min={2} />
          <NumberInput source="frequencyWindowMinutes" min={1} />
        </Stack>
        <NumberInput source="redeemAfterEarnMinutes" min={1} />
      </SimpleForm>
    </Edit>
  );
};

