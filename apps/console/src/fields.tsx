import { useEffect, useState } from 'react';
import { TextInput, useGetList, useGetOne, useLocaleState, useNotify, usePermissions, useRecordContext, useStore, useTranslate, type TextInputProps } from 'react-admin';
import { Chip, MenuItem, TextField as MuiTextField } from '@mui/material';
import { DEFAULT_TIME_ZONE, formatDateTime, formatFen, yuanToFen } from './format';
import type { Permissions } from './auth-provider';

/** The time zone dates are shown in: the user's merchant's (a clerk's too), else the alliance's, else Asia/Shanghai. */
export function useTimeZone(): string {
  const { permissions } = usePermissions<Permissions>();
  const merchant = useGetOne('merchants', { id: permissions?.merchantId ?? '' }, { enabled: Boolean(permissions?.merchantId) });
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

/** An amount typed in 元 and kept in 分: what the form holds and sends is the integer. */
export function MoneyInput(props: TextInputProps) {
  return (
    <TextInput
      {...props}
      format={(fen: unknown) => (typeof fen === 'number' ? (fen / 100).toFixed(2) : ((fen as string | undefined) ?? ''))}
      parse={(text: string) => {
        if (text.trim() === '') return null;
        try {
          return yuanToFen(text);
        } catch {
          return text; // left as typed: the number validator below refuses it
        }
      }}
      validate={[...(Array.isArray(props.validate) ? props.validate : props.validate ? [props.validate] : []), (value: unknown) => (value === null || value === undefined || typeof value === 'number' ? undefined : 'ra.validation.number')]}
    />
  );
}

/**
 * The merchant a page about one merchant's data is for: a merchant admin's own; an alliance
 * operator's choice (kept across pages), where `allianceWide` pages may also mean the whole alliance ('').
 */
export function useScopeMerchant(allianceWide = false): [string, (merchantId: string) => void, boolean] {
  const { permissions } = usePermissions<Permissions>();
  const chooses = permissions?.role === 'ALLIANCE_OPERATOR' || permissions?.role === 'PLATFORM_ADMIN';
  // Only an operator has an alliance to look at as a whole.
  const wide = allianceWide && permissions?.role === 'ALLIANCE_OPERATOR';
  const [chosen, setChosen] = useStore<string | null>('console.scopeMerchant', null);
  const { data: merchants } = useGetList('merchants', { pagination: { page: 1, perPage: 200 }, sort: { field: 'createdAt', order: 'ASC' } }, { enabled: chooses });
  const first = merchants?.[0]?.id as string | undefined;
  // A choice another user left in this browser, or one no longer visible, falls back to the first.
  const known = chosen === '' ? wide : Boolean(merchants?.some((m) => m.id === chosen));
  useEffect(() => {
    if (chooses && merchants && !known && first) setChosen(first);
  }, [chooses, merchants, known, first, setChosen]);
  if (!chooses) return [permissions?.merchantId ?? '', setChosen, false];
  const value = known ? (chosen ?? '') : (first ?? '');
  return [value === '' && !wide ? (first ?? '') : value, setChosen, true];
}

/** The merchant picker of `useScopeMerchant`, for operators; nothing for a merchant's staff. */
export function ScopeMerchantPicker({ allianceWide = false }: { allianceWide?: boolean }) {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const [merchantId, setMerchantId, chooses] = useScopeMerchant(allianceWide);
  const { data: merchants } = useGetList('merchants', { pagination: { page: 1, perPage: 200 }, sort: { field: 'createdAt', order: 'ASC' } }, { enabled: chooses });
  if (!chooses) return null;
  return (
    <MuiTextField
      select
      size="small"
      label={translate('resources.merchants.name')}
      value={merchantId}
      onChange={(e) => setMerchantId(e.target.value)}
      sx={{ minWidth: 220 }}
      data-testid="scope-merchant"
      slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
    >
      {allianceWide && permissions?.role === 'ALLIANCE_OPERATOR' && <MenuItem value="">{translate('console.scope.alliance')}</MenuItem>}
      {(merchants ?? []).map((m) => (
        <MenuItem key={m.id} value={m.id}>
          {m.name}
        </MenuItem>
      ))}
    </MuiTextField>
  );
}
