import { useState } from 'react';
import { useGetOne, useLocaleState, useNotify, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { Chip } from '@mui/material';
import { DEFAULT_TIME_ZONE, formatDateTime, formatFen } from './format';
import type { Permissions } from './auth-provider';

/** The time zone dates are shown in: the user's merchant's, else the alliance's, else Asia/Shanghai. */
export function useTimeZone(): string {
  const { permissions } = usePermissions<Permissions>();
  const merchant = useGetOne('merchants', { id: permissions?.merchantId ?? '' }, { enabled: Boolean(permissions?.merchantId) && permissions?.role !== 'STORE_STAFF' });
  const alliance = useGetOne('alliances', { id: permissions?.tenantId ?? '' }, { enabled: permissions?.role === 'ALLIANCE_OPERATOR' && Boolean(permissions?.tenantId) });
  return (merchant.data?.timezone as string) ?? (alliance.data?.timezone as string) ?? DEFAULT_TIME_ZONE;
}

const get = (record: Record<string, unknown> | undefined, source: string): unknown =>
  source.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), record);

/** An amount in 分 shown as ¥0.00; red when negative. */
export function MoneyField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  const value = get(record, source) as number | undefined;
  return <span style={{ color: (value ?? 0) < 0 ? '#c62828' : undefined, fontVariantNumeric: 'tabular-nums' }}>{formatFen(value, locale)}</span>;
}

/** A date-time in the merchant's time zone (or the record's own `timeZone`, e.g. a statement's). */
export function ZonedDateField({ source, dateOnly }: { source: string; label?: string; sortable?: boolean; dateOnly?: boolean }) {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  const zone = useTimeZone();
  const value = get(record, source) as string | undefined;
  return <span>{formatDateTime(value, (record?.timeZone as string) ?? zone, locale, dateOnly)}</span>;
}

/** An enum value through the console's translations, e.g. console.status.paid. */
export function EnumField({ source, prefix, chip }: { source: string; prefix: string; label?: string; chip?: boolean; sortable?: boolean }) {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = get(record, source);
  if (value === null || value === undefined || value === '') return null;
  const text = translate(`console.${prefix}.${String(value)}`, { _: String(value) });
  return chip ? <Chip size="small" label={text} /> : <span>{text}</span>;
}

/** A one-off API action for a button: pending while it runs; an error becomes a notification. */
export function useAction(action: () => Promise<void>): [() => void, boolean] {
  const notify = useNotify();
  const [pending, setPending] = useState(false);
  const run = () => {
    setPending(true);
    action()
      .catch((error: Error) => notify(error.message, { type: 'error' }))
      .finally(() => setPending(false));
  };
  return [run, pending];
}
