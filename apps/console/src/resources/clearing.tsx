import {
  ArrayField,
  Create,
  Datagrid,
  DateInput,
  Edit,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  TopToolbar,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useTranslate,
  Button,
  CreateButton,
  FilterButton,
  useRedirect,
  Labeled,
} from 'react-admin';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Typography } from '@mui/material';
import { ApiError } from '../graphql';
import { OperationProgress, type OperationStatus } from '../progress';
import { can, type Permissions } from '../auth-provider';
import type { ConsoleDataProvider } from '../data-provider';
import { EnumField, MoneyField, useAction, ZonedDateField } from '../fields';
import { PositionsChart } from '../dashboard/PositionsChart';

export const SchemeList = () => {
  const { permissions } = usePermissions<Permissions>();
  return (
    <List sort={{ field: 'createdAt', order: 'DESC' }}>
      <Datagrid bulkActionButtons={false} rowClick={can(permissions, 'clearingSchemes', 'edit') ? 'edit' : false}>
        <TextField source="name" />
        <TextField source="operatorName" />
        <EnumField source="participantKind" prefix="participantKind" />
        <EnumField source="schedule" prefix="schedule" />
        <TextField source="timeZone" />
        <ZonedDateField source="createdAt" />
      </Datagrid>
    </List>
  );
};

const useScheduleChoices = () => {
  const translate = useTranslate();
  return ['daily', 'weekly', 'monthly'].map((id) => ({ id, name: translate(`console.schedule.${id}`) }));
};

export const SchemeCreate = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const kind = permissions?.role === 'MERCHANT_ADMIN' ? 'store' : 'merchant';
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ participantKind: kind, timeZone: 'Asia/Shanghai' }}>
        <TextInput source="name" validate={required()} />
        <TextInput source="operatorName" validate={required()} />
        <SelectInput source="participantKind" choices={['merchant', 'store'].map((id) => ({ id, name: translate(`console.participantKind.${id}`) }))} validate={required()} />
        <SelectInput source="schedule" choices={useScheduleChoices()} emptyText={translate('console.schedule.none')} />
        <TextInput source="timeZone" />
      </SimpleForm>
    </Create>
  );
};

export const SchemeEdit = () => {
  const translate = useTranslate();
  return (
    <Edit mutationMode="pessimistic" redirect="list">
      <SimpleForm>
        <TextField source="name" />
        <SelectInput source="schedule" choices={useScheduleChoices()} emptyText={translate('console.schedule.none')} />
      </SimpleForm>
    </Edit>
  );
};

const schemeFilter = [
  <ReferenceInput source="schemeId" reference="clearingSchemes" key="scheme" alwaysOn>
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

export const TermsList = () => (
  <List filters={schemeFilter} sort={{ field: 'effectiveFrom', order: 'DESC' }} empty={false}>
    <Datagrid bulkActionButtons={false} rowClick={false}>
      <ReferenceField source="participantId" reference="merchants" link={false} />
      <ZonedDateField source="effectiveFrom" dateOnly />
      <ZonedDateField source="effectiveTo" dateOnly />
      <TextField source="issuePricePerPoint" />
      <TextField source="redemptionRatePerPoint" />
      <NumberField source="commissionBps" />
      <NumberField source="breakageShareBps" />
    </Datagrid>
  </List>
);

export const TermsCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ commissionBps: 0, breakageShareBps: 0 }}>
      <ReferenceInput source="schemeId" reference="clearingSchemes">
        <SelectInput optionText="name" validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="participantId" reference="merchants">
        <SelectInput optionText="name" validate={required()} />
      </ReferenceInput>
      <DateInput source="effectiveFrom" validate={required()} />
      <DateInput source="effectiveTo" />
      <TextInput source="issuePricePerPoint" validate={required()} />
      <TextInput source="redemptionRatePerPoint" validate={required()} />
      <NumberInput source="commissionBps" />
      <NumberInput source="breakageShareBps" />
    </SimpleForm>
  </Create>
);

const RunListActions = () => {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  return (
    <TopToolbar>
      <FilterButton />
      {can(permissions, 'clearingRuns', 'create') && <CreateButton label={translate('console.run.run')} />}
    </TopToolbar>
  );
};

export const RunList = () => (
  <List filters={schemeFilter} sort={{ field: 'periodEnd', order: 'DESC' }} actions={<RunListActions />}>
    <Datagrid bulkActionButtons={false} rowClick="show">
      <ReferenceField source="schemeId" reference="clearingSchemes" link={false} />
      <ZonedDateField source="periodStart" dateOnly />
      <ZonedDateField source="periodEnd" dateOnly />
      <TextField source="trigger" />
      <FunctionField source="positions" render={(r: { positions: unknown[] }) => r.positions.length} />
      <MoneyField source="totalFen" />
      <ZonedDateField source="createdAt" />
    </Datagrid>
  </List>
);

/**
 * The run-clearing action: a closed period of a scheme, in its local dates, with its progress. A run
 * is one transaction on the server and reports nothing until it commits: the bar moves while the
 * request is out, then shows the run done (its positions a click away) or failed with its code.
 */
export const RunCreate = () => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [state, setState] = useState<{ status: OperationStatus; run?: Record<string, unknown>; error?: ApiError | Error } | null>(null);
  const submit = async (values: Record<string, unknown>) => {
    setState({ status: 'running' });
    try {
      const { data } = await dataProvider.create('clearingRuns', { data: values });
      setState({ status: 'done', run: data });
    } catch (error) {
      setState({ status: 'failed', error: error as Error });
    }
  };
  const run = state?.run as { id: string; totalFen: number; positions: unknown[] } | undefined;
  return (
    <Create title={translate('console.run.run')}>
      <SimpleForm onSubmit={submit}>
        <Typography variant="body2" color="text.secondary">
          {translate('console.run.help')}
        </Typography>
        <ReferenceInput source="schemeId" reference="clearingSchemes">
          <SelectInput optionText="name" validate={required()} />
        </ReferenceInput>
        <DateInput source="periodStart" validate={required()} />
        <DateInput source="periodEnd" validate={required()} />
        {state && (
          <OperationProgress
            testId="run-progress"
            status={state.status}
            phase={translate(`console.run.${state.status}`)}
            figures={run ? [{ label: translate('console.run.positions'), value: run.positions.length }] : []}
            error={state.error && { code: state.error instanceof ApiError ? state.error.code : null, message: state.error.message }}
          >
            {run && <Button component={Link} to={`/clearingRuns/${run.id}/show`} label={translate('console.run.view')} variant="contained" sx={{ mt: 1.5 }} data-testid="run-view" />}
          </OperationProgress>
        )}
      </SimpleForm>
    </Create>
  );
};

function IssueStatementsButton() {
  const record = useRecordContext();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const [run, isPending] = useAction(async () => {
    const statements = await dataProvider.issueStatements(String(record!.id));
    notify(translate('console.run.issued', { smart_count: statements.length }));
    redirect(`/settlementStatements?filter=${encodeURIComponent(JSON.stringify({ runId: record!.id }))}`);
  });
  return <Button label={translate('console.run.issue')} onClick={run} disabled={isPending || !record} />;
}

const RunShowActions = () => {
  const { permissions } = usePermissions<Permissions>();
  return <TopToolbar>{can(permissions, 'clearingRuns', 'issue') && <IssueStatementsButton />}</TopToolbar>;
};

function RunChart() {
  const record = useRecordContext();
  // A show layout sizes its fields to their content: the chart asks for its width.
  return record ? <PositionsChart positions={record.positions} width="min(960px, 70vw)" /> : null;
}

export const RunShow = () => {
  const translate = useTranslate();
  return (
    <Show actions={<RunShowActions />}>
      <SimpleShowLayout>
        <ReferenceField source="schemeId" reference="clearingSchemes" link={false} />
        <ZonedDateField source="periodStart" dateOnly />
        <ZonedDateField source="periodEnd" dateOnly />
        <MoneyField source="totalFen" />
        <Labeled label={translate('console.run.positions')}>
          <RunChart />
        </Labeled>
        <ArrayField source="positions">
          <Datagrid bulkActionButtons={false} rowClick={false} data-testid="run-positions">
            <TextField source="participantName" label="resources.settlementStatements.fields.partyName" />
            <NumberField source="pointsIssued" label="console.dashboard.issued" />
            <NumberField source="pointsRedeemed" label="console.dashboard.redeemed" />
            <NumberField source="pointsExpired" label="console.dashboard.expired" />
            <NumberField source="pointsReversed" label="console.dashboard.reversed" />
            <MoneyField source="netFen" label="console.dashboard.net" />
          </Datagrid>
        </ArrayField>
      </SimpleShowLayout>
    </Show>
  );
};

