import { useState } from 'react';
import { Button, useTranslate } from 'react-admin';
import { Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField as MuiTextField } from '@mui/material';
import { useAction } from './fields';

/** A small form in a dialog: the actions that need an input or two (settlement, coupons). */
export function ActionDialog({
  label,
  fields,
  onSubmit,
  testId,
}: {
  label: string;
  fields: { name: string; label: string; type?: string; initial?: string; choices?: { id: string; name: string }[] }[];
  onSubmit: (values: Record<string, string>) => Promise<void>;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const translate = useTranslate();
  const [submit, pending] = useAction(async () => {
    await onSubmit(values);
    setOpen(false);
  });
  return (
    <>
      <Button
        label={label}
        data-testid={testId}
        onClick={() => {
          setValues(Object.fromEntries(fields.map((f) => [f.name, f.initial ?? ''])));
          setOpen(true);
        }}
      />
      <Dialog open={open} onClose={() => setOpen(false)}>
        <DialogTitle>{label}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} mt={1} minWidth={360}>
            {fields.map((f) => (
              <MuiTextField
                key={f.name}
                name={f.name}
                label={f.label}
                type={f.type ?? 'text'}
                select={Boolean(f.choices)}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                slotProps={{ inputLabel: { shrink: true } }}
              >
                {f.choices?.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </MuiTextField>
            ))}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button label={translate('ra.action.cancel')} onClick={() => setOpen(false)} />
          <Button label={translate('ra.action.confirm')} onClick={submit} disabled={pending} variant="contained" data-testid={`${testId}-submit`} />
        </DialogActions>
      </Dialog>
    </>
  );
}
