import { useEffect, useState } from 'react';
import { Button, Title, useDataProvider, useGetList, useGetOne, useTranslate, usePermissions } from 'react-admin';
import { Link } from 'react-router-dom';
import { Alert, Card, CardContent, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField as MuiTextField, Typography } from '@mui/material';
import type { Permissions } from '../auth-provider';
import { HISTORY_UPLOAD_LIMIT } from '../api/operation-resources';
import type { ConsoleDataProvider } from '../data-provider';
import { useAction, useTimeZone } from '../fields';
import { formatDateTime } from '../format';
import { ApiError } from '../graphql';
import { OperationProgress, type OperationStatus, pollWhileRunning } from '../progress';

/** An operation's own status word (running, succeeded or done, failed) as the progress shows it. */
export const statusOf = (status: unknown): OperationStatus => (status === 'running' ? 'running' : status === 'failed' ? 'failed' : 'done');

/** A select over a few records (a store, a segment, a template). */
function Pick({ label, value, onChange, options, testId }: { label: string; value: string; onChange: (v: string) => void; options: { id: string; name: string }[]; testId: string }) {
  return (
    <MuiTextField select size="small" label={label} value={value} onChange={(e) => onChange(e.target.value)} sx={{ minWidth: 240 }} slotProps={{ inputLabel: { shrink: true } }} data-testid={testId}>
      {options.map((o) => (
        <MenuItem key={o.id} value={o.id}>
          {o.name}
        </MenuItem>
      ))}
    </MuiTextField>
  );
}

/** A refused start: the API's code and message, and its line-numbered details when it has them. */
function StartError({ error }: { error: Error }) {
  const translate = useTranslate();
  const lines = error instanceof ApiError && Array.isArray(error.details) ? (error.details as { line?: number; reason?: string }[]).filter((d) => d.line !== undefined) : [];
  return (
    <Alert severity="error" data-testid="start-error" sx={{ my: 2 }}>
      {error instanceof ApiError && error.code ? `${error.code}: ` : ''}
      {error.message}
      {lines.slice(0, 20).map((d, at) => (
        <div key={at}>
          {translate('console.import.line', { line: d.line })}: {d.reason}
        </div>
      ))}
    </Alert>
  );
}

/** Starting an operation: its id once the API took it, or the API's refusal. */
function useStart(create: () => Promise<string>): { id: string | null; start: () => void; pending: boolean; error: Error | null } {
  const [id, setId] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [start, pending] = useAction(async () => {
    setError(null);
    try {
      setId(await create());
    } catch (e) {
      setError(e as Error);
    }
  });
  return { id, start, pending, error };
}

/** A page that starts a long operation: what it does, its inputs and start button, then its progress. */
function OperationPage({ messages, controls, error, children }: { messages: string; controls: React.ReactNode; error: Error | null; children: React.ReactNode }) {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate(`${messages}.title`)} />
      <CardContent>
        <Typography variant="body2" color="text.secondary" mb={2}>
          {translate(`${messages}.help`)}
        </Typography>
        <Stack direction="row" spacing={2} alignItems="center" flexWrap="wrap" useFlexGap>
          {controls}
        </Stack>
        {error && <StartError error={error} />}
        {children}
      </CardContent>
    </Card>
  );
}

/** A history import's progress, polled while it runs; `onEnd` when it has ended. */
function ImportProgress({ id, onEnd }: { id: string; onEnd: () => void }) {
  const translate = useTranslate();
  const { data: job } = useGetOne('historyImports', { id }, pollWhileRunning);
  const ended = Boolean(job && job.status !== 'running');
  useEffect(() => {
    if (ended) onEnd();
  }, [ended]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!job) return null;
  const t = (key: string) => translate(`console.import.${key}`);
  return (
    <OperationProgress
      testId="import-progress"
      status={statusOf(job.status)}
      done={job.invoicesDone}
      total={job.invoicesTotal}
      phase={translate(`console.import.phase.${job.phase}`, { _: job.phase })}
      figures={[
        { label: t('encoding'), value: String(job.encoding ?? '—').toUpperCase(), testId: 'import-encoding' },
        { label: t('rows'), value: `${job.rowsRead} / ${job.rowsTotal}`, testId: 'import-rows' },
        { label: t('purchases'), value: job.purchases, testId: 'import-purchases' },
        { label: t('returns'), value: job.returns, testId: 'import-returns' },
        { label: t('members'), value: job.membersCreated, testId: 'import-members' },
        { label: t('matched'), value: job.membersMatched, testId: 'import-matched' },
        { label: t('already'), value: job.alreadyImported, testId: 'import-already' },
        { label: t('skipped'), value: translate('console.import.skippedBy', job.skipped), testId: 'import-skipped' },
      ]}
      error={{ code: job.errorCode, message: job.errorMessage }}
    >
      {job.errors.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1.5 }} data-testid="import-errors">
          {/* A line may carry more than one report: listed in their order, keyed by it. */}
          {(job.errors as { line: number; code: string; message: string }[]).map((e, at) => (
            <div key={at}>
              {translate('console.import.line', { line: e.line })}: {e.code} {e.message}
            </div>
          ))}
        </Alert>
      )}
    </OperationProgress>
  );
}

/** 历史数据导入: a store's POS history (CSV) imported in the background, its progress shown as it goes. */
export function HistoryImportPage() {
  const translate = useTranslate();
  const zone = useTimeZone();
  const { permissions } = usePermissions<Permissions>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const merchantId = permissions?.merchantId ?? '';
  const { data: stores } = useGetList('stores', { filter: { merchantId }, pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' } }, { enabled: Boolean(merchantId) });
  const { data: recent, refetch } = useGetList('historyImports', { filter: { merchantId }, pagination: { page: 1, perPage: 10 }, sort: { field: 'createdAt', order: 'DESC' } }, { enabled: Boolean(merchantId) });
  const [storeId, setStoreId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const { id, start, pending, error } = useStart(async () => {
    if (file!.size > HISTORY_UPLOAD_LIMIT) {
      const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
      throw new ApiError(translate('console.import.tooLarge', { size: mb(file!.size), limit: mb(HISTORY_UPLOAD_LIMIT) }), 413, 'PAYLOAD_TOO_LARGE');
    }
    const { data } = await dataProvider.create('historyImports', { data: { storeId, fileName: file!.name, file } });
    void refetch();
    return String(data.id);
  });
  const t = (key: string) => translate(`console.import.${key}`);
  return (
    <OperationPage
      messages="console.import"
      error={error}
      controls={
        <>
          <Pick label={t('store')} value={storeId} onChange={setStoreId} options={(stores ?? []).map((s) => ({ id: String(s.id), name: String(s.name) }))} testId="import-store" />
          <input type="file" accept=".csv,text/csv" aria-label={t('file')} data-testid="import-file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          <Button label={t('start')} variant="contained" onClick={start} disabled={pending || !storeId || !file} data-testid="import-start" />
        </>
      }
    >
      {id && <ImportProgress id={id} onEnd={() => void refetch()} />}
      <Typography variant="subtitle2" mt={3}>
        {t('recent')}
      </Typography>
      <Table size="small" data-testid="import-recent">
        <TableHead>
          <TableRow>
            {['startedAt', 'fileName', 'status', 'purchases', 'members'].map((key) => (
              <TableCell key={key}>{t(key)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {(recent ?? []).map((job) => (
            <TableRow key={job.id}>
              <TableCell>{formatDateTime(job.createdAt, zone)}</TableCell>
              <TableCell>{job.fileName ?? '—'}</TableCell>
              <TableCell>{translate(`console.progress.${statusOf(job.status)}`)}</TableCell>
              <TableCell>{job.purchases}</TableCell>
              <TableCell>{job.membersCreated}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </OperationPage>
  );
}

/** A coupon campaign's progress, polled while it runs. */
function CampaignProgress({ id }: { id: string }) {
  const translate = useTranslate();
  const { data: campaign } = useGetOne('couponCampaigns', { id }, pollWhileRunning);
  if (!campaign) return null;
  const t = (key: string) => translate(`console.campaign.${key}`);
  const refusals = (campaign.refusals ?? []) as { code: string; members: number }[];
  return (
    <OperationProgress
      testId="campaign-progress"
      status={statusOf(campaign.status)}
      done={campaign.done}
      total={campaign.total}
      figures={[
        { label: t('issued'), value: campaign.issued, testId: 'campaign-issued' },
        { label: t('alreadyIssued'), value: campaign.alreadyIssued, testId: 'campaign-already' },
        { label: t('refused'), value: campaign.refused, testId: 'campaign-refused' },
      ]}
    >
      {refusals.length > 0 && (
        <Typography variant="body2" color="text.secondary" mt={1}>
          {refusals.map((r) => `${r.code} × ${r.members}`).join('，')}
        </Typography>
      )}
    </OperationProgress>
  );
}

/** 人群发券: a coupon template to every member of a saved segment, issued in the background with a progress bar. */
export function CouponCampaignPage() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const merchantId = permissions?.merchantId ?? '';
  const list = { pagination: { page: 1, perPage: 200 }, sort: { field: 'name', order: 'ASC' as const } };
  const { data: segments } = useGetList('segments', { ...list, filter: { merchantId } }, { enabled: Boolean(merchantId) });
  const { data: templates } = useGetList('couponTemplates', list, { enabled: Boolean(merchantId) });
  const [segmentId, setSegmentId] = useState('');
  const [templateId, setTemplateId] = useState('');
  const { id, start, pending, error } = useStart(
    async () => String((await dataProvider.create('couponCampaigns', { data: { campaignId: crypto.randomUUID(), segmentId, couponTemplateId: templateId } })).data.id),
  );
  const t = (key: string) => translate(`console.campaign.${key}`);
  return (
    <OperationPage
      messages="console.campaign"
      error={error}
      controls={
        <>
          <Pick label={t('segment')} value={segmentId} onChange={setSegmentId} options={(segments ?? []).map((s) => ({ id: String(s.id), name: `${s.name}（${s.members}）` }))} testId="campaign-segment" />
          <Pick label={t('template')} value={templateId} onChange={setTemplateId} options={(templates ?? []).map((s) => ({ id: String(s.id), name: String(s.name) }))} testId="campaign-template" />
          <Button label={t('start')} variant="contained" onClick={start} disabled={pending || !segmentId || !templateId} data-testid="campaign-start" />
        </>
      }
    >
      {id && <CampaignProgress id={id} />}
      {id && <Button component={Link} to={`/segments/${segmentId}/show`} label={t('audience')} sx={{ mt: 1 }} />}
    </OperationPage>
  );
}
