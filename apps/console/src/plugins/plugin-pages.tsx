import { useEffect, useState } from 'react';
import {
  Edit,
  ListBase,
  SimpleForm,
  Title,
  useDataProvider,
  useGetList,
  useListContext,
  useLocaleState,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
  Button,
  Loading,
} from 'react-admin';
import { Link, useParams } from 'react-router-dom';
import { Alert, Box, Card, CardContent, Chip, Stack, Switch, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { ActionDialog } from '../action-dialog';
import type { PluginConsoleResource, PluginRecord, PluginRows } from '../api/plugin-resources';
import type { Permissions } from '../auth-provider';
import type { ConsoleDataProvider } from '../data-provider';
import { ScopeMerchantPicker, useAction, useScopeMerchant, useTimeZone } from '../fields';
import { formatDateTime, formatFen } from '../format';
import { ApiError } from '../graphql';
import { SchemaInputs, useSchemaMessage } from './schema-form';
import { formErrors, fromFormValues, type JsonSchema, type SchemaLabels, toFormValues } from './schema-values';

/** A plugin's text in the console's language. */
export function useLabel(): (labels: { zhCN: string; en: string }) => string {
  const [locale] = useLocaleState();
  return (labels) => (locale === 'en' ? labels.en : labels.zhCN);
}

/**
 * The console resources of the user's merchant's plugins that the user may see: plugins it has on,
 * resources needing a permission only to staff holding it. Only a merchant's staff see plugin
 * resources (their data is a merchant's view; operators have no merchant of their own).
 */
export function usePluginResources(placement: PluginConsoleResource['placement']): { plugin: PluginRecord; resource: PluginConsoleResource }[] {
  const { permissions } = usePermissions<Permissions>();
  const merchantId = permissions?.merchantId ?? undefined;
  const { data } = useGetList<PluginRecord>('plugins', { filter: { merchantId }, pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' } }, { enabled: Boolean(merchantId) });
  return (data ?? [])
    .filter((plugin) => plugin.enabled)
    .flatMap((plugin) => plugin.consoleResources.filter((r) => r.placement === placement && (!r.permission || plugin.myPermissions.includes(r.permission))).map((resource) => ({ plugin, resource })));
}

/** The measures the loaded plugins provide, as choices for a level condition or a tag's fact. */
export function useMeasureChoices(): { id: string; name: string }[] {
  const { data } = useGetList<PluginRecord>('plugins', { filter: {}, pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' } });
  return (data ?? []).flatMap((plugin) => plugin.measures.map((m) => ({ id: m.name, name: `${m.name} · ${m.description}` })));
}

/** A value of a plugin's field in its declared format. */
function FormattedValue({ value, format }: { value: unknown; format: string }) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const zone = useTimeZone();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{translate(value ? 'console.plugin.yes' : 'console.plugin.no')}</>;
  switch (format) {
    case 'fen':
      return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatFen(Number(value), locale)}</span>;
    case 'number':
      return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{Number(value).toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN')}</span>;
    // A local date (YYYY-MM-DD) is the merchant's day already; an instant is shown in the merchant's zone.
    case 'date':
      return <>{/^\d{4}-\d{2}-\d{2}$/.test(String(value)) ? String(value).replaceAll('-', '/') : formatDateTime(String(value), zone, locale, true)}</>;
    case 'datetime':
      return <>{formatDateTime(String(value), zone, locale)}</>;
    case 'list':
      return (
        <Stack direction="row" spacing={0.5} flexWrap="wrap" useFlexGap>
          {(Array.isArray(value) ? value : [value]).map((item, i) => (
            <Chip key={i} size="small" label={typeof item === 'object' && item !== null ? Object.values(item).join(' ') : String(item)} />
          ))}
        </Stack>
      );
    default:
      return <>{String(value)}</>;
  }
}

/** A plugin's console resource rendered from its declaration: one record as label and value, or a table a row an item. */
export function PluginResourceView({ resource, variables, testId }: { resource: PluginConsoleResource; variables: Record<string, unknown>; testId: string }) {
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const label = useLabel();
  const translate = useTranslate();
  const [result, setResult] = useState<PluginRows | Error | null>(null);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    dataProvider.runPluginResource(resource, variables).then(
      (rows) => current && setResult(rows),
      (error: Error) => current && setResult(error),
    );
    return () => {
      current = false;
    };
    // The resource and its variables name the query; a new object of the same is the same query.
  }, [dataProvider, resource.query, key]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!result) return <Loading />;
  if (result instanceof Error) return <Alert severity="error">{result instanceof ApiError && result.status === 403 ? translate('console.error.forbidden') : result.message}</Alert>;
  const empty = result.rows.length === 0 || (result.single && resource.fields.every((f) => result.rows[0][f.path] === null || result.rows[0][f.path] === undefined));
  if (empty) return <Typography color="text.secondary" data-testid={testId}>{translate('console.plugin.empty')}</Typography>;
  if (result.single) {
    return (
      <Stack spacing={1.5} data-testid={testId}>
        {resource.fields.map((f) => (
          <Box key={f.path}>
            <Typography variant="caption" color="text.secondary">
              {label(f.label)}
            </Typography>
            <Typography component="div" variant="body1">
              <FormattedValue value={result.rows[0][f.path]} format={f.format} />
            </Typography>
          </Box>
        ))}
      </Stack>
    );
  }
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          {resource.fields.map((f) => (
            <TableCell key={f.path}>{label(f.label)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {result.rows.map((row, i) => (
          <TableRow key={i}>
            {resource.fields.map((f) => (
              <TableCell key={f.path}>
                <FormattedValue value={row[f.path]} format={f.format} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A plugin's page (`/plugin-pages/<plugin>/<resource>`), from the menu. */
export function PluginPage() {
  const { pluginId, name } = useParams();
  const label = useLabel();
  const translate = useTranslate();
  const found = usePluginResources('page').find(({ plugin, resource }) => plugin.pluginId === pluginId && resource.name === name);
  if (!found) return <Typography sx={{ m: 2 }}>{translate('ra.page.not_found')}</Typography>;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={`${label(found.plugin.name)} · ${label(found.resource.label)}`} />
      <CardContent>
        <PluginResourceView resource={found.resource} variables={{}} testId={`plugin-page-${found.plugin.pluginId}-${found.resource.name}`} />
      </CardContent>
    </Card>
  );
}

/** Grants of one permission: the staff holding it, a revoke on each, and a grant. */
function PermissionGrants({ plugin, permission }: { plugin: PluginRecord; permission: PluginRecord['permissions'][number] }) {
  const translate = useTranslate();
  const label = useLabel();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const { data: staff } = useGetList('staff', { pagination: { page: 1, perPage: 500 }, sort: { field: 'name', order: 'ASC' } });
  const ofMerchant = (staff ?? []).filter((s) => s.merchantId === plugin.merchantId);
  const holders = plugin.grants.filter((g) => g.permission === permission.code);
  const name = (staffId: string) => ofMerchant.find((s) => s.id === staffId)?.name ?? staffId.slice(0, 8);
  return (
    <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap" useFlexGap data-testid={`grants-${plugin.pluginId}-${permission.code}`}>
      <Typography variant="body2" sx={{ minWidth: 180 }}>
        {label(permission.label)}
      </Typography>
      {holders.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          {translate('console.plugin.nobody')}
        </Typography>
      )}
      {holders.map((g) => (
        <Chip
          key={g.staffId}
          size="small"
          label={name(g.staffId)}
          onDelete={() => dataProvider.setPluginGrant({ staffId: g.staffId, pluginId: plugin.pluginId, permission: g.permission }, false).then(refresh)}
        />
      ))}
      <ActionDialog
        label={translate('console.plugin.grant')}
        testId={`grant-${plugin.pluginId}-${permission.code}`}
        fields={[{ name: 'staffId', label: translate('console.plugin.staff'), choices: ofMerchant.map((s) => ({ id: String(s.id), name: `${s.name}（${s.email}）` })) }]}
        onSubmit={async (v) => {
          await dataProvider.setPluginGrant({ staffId: v.staffId, pluginId: plugin.pluginId, permission: permission.code }, true);
          refresh();
        }}
      />
    </Stack>
  );
}

function PluginCard({ plugin }: { plugin: PluginRecord }) {
  const translate = useTranslate();
  const label = useLabel();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const [toggle, pending] = useAction(async () => {
    await dataProvider.setPluginEnabled(plugin.id, !plugin.enabled);
    refresh();
  });
  return (
    <Card variant="outlined" data-testid={`plugin-${plugin.pluginId}`}>
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center">
          <Typography variant="h6">{label(plugin.name)}</Typography>
          <Chip size="small" label={`v${plugin.version}`} />
          <Box flex={1} />
          <Typography variant="body2" color={plugin.enabled ? 'success.main' : 'text.secondary'} data-testid={`plugin-${plugin.pluginId}-state`}>
            {translate(plugin.enabled ? 'console.plugin.enabled' : 'console.plugin.disabled')}
          </Typography>
          <Switch checked={plugin.enabled} disabled={pending} onChange={toggle} slotProps={{ input: { 'aria-label': translate('console.plugin.toggle'), 'data-testid': `plugin-${plugin.pluginId}-toggle` } as object }} />
        </Stack>
        {plugin.description && (
          <Typography variant="body2" color="text.secondary" mb={1}>
            {plugin.description}
          </Typography>
        )}
        {plugin.permissions.length > 0 && (
          <Stack spacing={1} my={1}>
            <Typography variant="subtitle2">{translate('console.plugin.permissions')}</Typography>
            {plugin.permissions.map((p) => (
              <PermissionGrants key={p.code} plugin={plugin} permission={p} />
            ))}
          </Stack>
        )}
        {plugin.settingsSchema && (
          <Button component={Link} to={`/plugins/${encodeURIComponent(plugin.id)}`} label={translate('console.plugin.settings')} data-testid={`plugin-${plugin.pluginId}-settings`} />
        )}
      </CardContent>
    </Card>
  );
}

function PluginCards() {
  const { data, isPending } = useListContext<PluginRecord>();
  if (isPending) return <Loading />;
  return (
    <Stack spacing={2} mt={1}>
      {(data ?? []).map((plugin) => (
        <PluginCard key={plugin.id} plugin={plugin} />
      ))}
    </Stack>
  );
}

/** 行业插件: the plugins loaded on the platform for one merchant: on or off, who holds their permissions, their settings. */
export const PluginList = () => {
  const [merchantId] = useScopeMerchant();
  const translate = useTranslate();
  return (
    <ListBase key={merchantId} resource="plugins" filter={{ merchantId }} perPage={100} sort={{ field: 'id', order: 'ASC' }}>
      <Title title={translate('resources.plugins.name')} />
      <Stack direction="row" mt={2}>
        <ScopeMerchantPicker />
      </Stack>
      <PluginCards />
    </ListBase>
  );
};

function PluginSettingsForm() {
  const record = useRecordContext<PluginRecord>();
  const dataProvider = useDataProvider<ConsoleDataProvider>();
  const notify = useNotify();
  const translate = useTranslate();
  const label = useLabel();
  const message = useSchemaMessage();
  if (!record?.settingsSchema) return null;
  const schema = record.settingsSchema as JsonSchema;
  const labels: SchemaLabels = Object.fromEntries(record.settingsLabels.map((l) => [l.path, l.label]));
  const submit = async (values: Record<string, unknown>) => {
    try {
      await dataProvider.update('plugins', { id: record.id, data: { settings: fromFormValues(schema, values.settings) }, previousData: record });
      notify(translate('console.plugin.saved'), { type: 'success' });
      return undefined;
    } catch (error) {
      // The schema's verdict, field by field, shown on the fields themselves.
      if (error instanceof ApiError && error.code === 'PLUGIN_SETTINGS_INVALID' && Array.isArray(error.details)) {
        const details = (error.details as { path: string; message: string }[]).map((d) => ({ ...d, message: message(d.message) }));
        return formErrors(schema, values.settings, details, 'settings');
      }
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      return undefined;
    }
  };
  return (
    <SimpleForm record={{ id: record.id, settings: toFormValues(schema, record.settings ?? undefined) }} onSubmit={submit} data-testid="plugin-settings">
      <Typography variant="h6">{label(record.name)}</Typography>
      {!record.enabled && <Alert severity="info">{translate('console.plugin.offHint')}</Alert>}
      <SchemaInputs schema={schema} source="settings" labels={labels} />
    </SimpleForm>
  );
}

/** A plugin's settings for the merchant, as a form generated from the plugin's JSON schema. */
export const PluginSettingsEdit = () => (
  <Edit resource="plugins" mutationMode="pessimistic" actions={false}>
    <PluginSettingsForm />
  </Edit>
);
