import {
  ArrayField,
  BooleanField,
  Button,
  Datagrid,
  FunctionField,
  Labeled,
  List,
  NumberField,
  SelectInput,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useDataProvider,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
  useLocaleState,
} from 'react-admin';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { ActionDialog } from '../action-dialog';
import { can, type Permissions } from '../auth-provider';
import { downloadExport } from '../context';
import type { ConsoleDataProvider } from '../data-provider';
import { EnumField, MoneyField, useAction, ZonedDateField } from '../fields';
import { formatFen, yuanToFen } from '../format';

const STATUSES = ['draft', 'issued', 'partially_paid', 'paid', 'reconciled', 'disputed'];

const StatusFilter = () => {
  const translate = useTranslate();
  return <SelectInput source="status" choices={STATUSES.map((id) => ({ id, name: translate(`console.status.${id}`) }))} />;
};

export const StatementList = () => (
  <List filters={[<StatusFilter key="status" />]} sort={{ field: 'periodEnd', order: 'DESC' }} exporter={false}>
    <Datagrid bulkActionButtons={false} rowClick="show">
      <TextField source="partyName" sortable={false} />
      <TextField source="schemeName" sortable={false} />
      <ZonedDateField source="periodStart" dateOnly sortable={false} />
      <ZonedDateField source="periodEnd" dateOnly sortable={false} />
      <EnumField source="status" prefix="status" chip sortable={false} />
      <MoneyField source="netFen" sortable={false} />
    </Datagrid>
  </List>
);

function StatementActions() {
  const record = useRecordContext();
  const { permissions } = usePermissions<Permissions>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [reconcile, reconciling] = useAction(async () => {
    await dataProvider.reconcileStatement(String(record!.id));
    refresh();
  });
  if (!record) return <TopToolbar />;
  const t = (key: string) => translate(`console.statement.${key}`);
  const instruction = record.instruction as { id: string; outstandingFen: number } | null;
  const isParty = permissions?.merchantId && permissions.merchantId === record.partyId;
  const operates = can(permissions, 'settlementStatements', 'confirmPayment') && !isParty;
  const paidAtDefault = new Date().toISOString().slice(0, 19) + 'Z';
  return (
    <TopToolbar>
      <Button label={t('exportCsv')} onClick={() => downloadExport(String(record.id), 'csv').catch((e: Error) => notify(e.message, { type: 'error' }))} />
      <Button label={t('exportJson')} onClick={() => downloadExport(String(record.id), 'json').catch((e: Error) => notify(e.message, { type: 'error' }))} />
      {operates && instruction && instruction.outstandingFen > 0 && record.status !== 'disputed' && (
        <ActionDialog
          label={t('confirmPayment')}
          testId="confirm-payment"
          fields={[
            { name: 'amount', label: `${t('amount')} (¥)`, initial: (instruction.outstandingFen / 100).toFixed(2) },
            { name: 'reference', label: t('reference') },
            { name: 'paidAt', label: t('paidAt'), initial: paidAtDefault },
          ]}
          onSubmit={async (v) => {
            await dataProvider.confirmPayment({ instructionId: instruction.id, amountFen: yuanToFen(v.amount), reference: v.reference, paidAt: v.paidAt });
            notify(t('confirmedDone'), { type: 'success' });
            refresh();
          }}
        />
      )}
      {operates && record.status === 'paid' && <Button label={t('reconcile')} onClick={reconcile} disabled={reconciling} data-testid="reconcile" />}
      {(isParty || operates) && ['issued', 'partially_paid', 'paid'].includes(String(record.status)) && (
        <ActionDialog
          label={t('dispute')}
          testId="dispute"
          fields={[
            { name: 'reason', label: t('reason') },
            { name: 'amount', label: `${t('amount')} (¥)` },
          ]}
          onSubmit={async (v) => {
            await dataProvider.disputeStatement({ statementId: String(record.id), reason: v.reason, amountFen: v.amount ? yuanToFen(v.amount) : undefined });
            refresh();
          }}
        />
      )}
    </TopToolbar>
  );
}

function InstructionCard() {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const instruction = record?.instruction as
    | { payerName: string; payeeName: string; amountFen: number; confirmedFen: number; outstandingFen: number }
    | null
    | undefined;
  if (!instruction) return null;
  const t = (key: string) => translate(`console.statement.${key}`);
  return (
    <Card variant="outlined" sx={{ maxWidth: 560 }}>
      <CardContent>
        <Typography variant="subtitle2">{t('instruction')}</Typography>
        <Typography>
          {t('payer')}: {instruction.payerName} → {t('payee')}: {instruction.payeeName}
        </Typography>
        <Box display="flex" gap={3} mt={1}>
          <span>
            {t('amount')}: {formatFen(instruction.amountFen, locale)}
          </span>
          <span>
            {t('confirmed')}: {formatFen(instruction.confirmedFen, locale)}
          </span>
          <span data-testid="outstanding">
            {t('outstanding')}: {formatFen(instruction.outstandingFen, locale)}
          </span>
        </Box>
      </CardContent>
    </Card>
  );
}

function DisputeResolve() {
  const dispute = useRecordContext();
  const statement = useRecordContext();
  const { permissions } = usePermissions<Permissions>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const refresh = useRefresh();
  const translate = useTranslate();
  if (!dispute || dispute.status !== 'open' || !can(permissions, 'settlementStatements', 'resolve') || !statement) return null;
  return (
    <ActionDialog
      label={translate('console.statement.resolve')}
      testId="resolve"
      fields={[{ name: 'resolution', label: translate('console.statement.resolution') }]}
      onSubmit={async (v) => {
        await dataProvider.resolveDispute({ disputeId: String(dispute.id), resolution: v.resolution });
        refresh();
      }}
    />
  );
}

export const StatementShow = () => {
  const translate = useTranslate();
  const t = (key: string) => translate(`console.statement.${key}`);
  return (
    <Show actions={<StatementActions />}>
      <SimpleShowLayout>
        <TextField source="partyName" />
        <TextField source="schemeName" />
        <ZonedDateField source="periodStart" dateOnly />
        <ZonedDateField source="periodEnd" dateOnly />
        <FunctionField source="status" render={() => <EnumField source="status" prefix="status" chip />} />
        <MoneyField source="netFen" />
        <InstructionCard />
        <ArrayField source="lines" label={t('lines')}>
          <Datagrid bulkActionButtons={false} rowClick={false}>
            <EnumField source="item" prefix="item" label="console.statement.lines" />
            <BooleanField source="adjustment" label="console.statement.adjustment" />
            <NumberField source="points" label="console.statement.points" />
            <MoneyField source="amountFen" label="console.statement.amount" />
          </Datagrid>
        </ArrayField>
        <Labeled label={t('disputes')}>
          <ArrayField source="disputes">
            <Datagrid bulkActionButtons={false} rowClick={false} empty={<span>—</span>}>
              <TextField source="status" />
              <TextField source="reason" />
              <MoneyField source="amountFen" />
              <TextField source="resolution" emptyText="—" />
              <DisputeResolve />
            </Datagrid>
          </ArrayField>
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
};
