import { useTranslate } from 'react-admin';
import { Alert, Box, Chip, LinearProgress, Stack, Typography } from '@mui/material';

export type OperationStatus = 'running' | 'done' | 'failed';

/**
 * 进度: a long operation's state, the same for every one the console starts (history import,
 * clearing run, coupon campaign): a bar (measured when the operation counts its work, moving
 * otherwise), its phase, its figures, and how it ended.
 */
export function OperationProgress({
  status,
  done,
  total,
  phase,
  figures = [],
  error,
  testId,
  children,
}: {
  status: OperationStatus;
  /** Work done of the total, when the operation counts it. */
  done?: number;
  total?: number;
  phase?: string;
  figures?: { label: string; value: string | number; testId?: string }[];
  error?: { code?: string | null; message?: string | null } | null;
  testId: string;
  /** What follows when it is done (a link to the result). */
  children?: React.ReactNode;
}) {
  const translate = useTranslate();
  const measured = total !== undefined && done !== undefined && total > 0;
  const percent = measured ? Math.min(100, Math.round((done / total) * 100)) : status === 'running' ? undefined : 100;
  return (
    <Box data-testid={testId} data-status={status} sx={{ my: 2, width: '100%', maxWidth: 720 }}>
      <Stack direction="row" spacing={1} alignItems="center" mb={1}>
        <Chip
          size="small"
          data-testid={`${testId}-status`}
          color={status === 'done' ? 'success' : status === 'failed' ? 'error' : 'primary'}
          label={translate(`console.progress.${status}`)}
        />
        {phase && <Typography variant="body2" color="text.secondary">{phase}</Typography>}
        {measured && (
          <Typography variant="body2" data-testid={`${testId}-count`} sx={{ fontVariantNumeric: 'tabular-nums' }}>
            {done} / {total}（{percent}%）
          </Typography>
        )}
      </Stack>
      <LinearProgress
        variant={percent === undefined ? 'indeterminate' : 'determinate'}
        value={percent}
        color={status === 'failed' ? 'error' : status === 'done' ? 'success' : 'primary'}
        sx={{ height: 8, borderRadius: 4 }}
        aria-label={translate(`console.progress.${status}`)}
      />
      {figures.length > 0 && (
        <Stack direction="row" spacing={3} mt={1.5} flexWrap="wrap" useFlexGap>
          {figures.map((f) => (
            <Box key={f.label}>
              <Typography variant="caption" color="text.secondary">
                {f.label}
              </Typography>
              <Typography variant="h6" data-testid={f.testId}>
                {f.value}
              </Typography>
            </Box>
          ))}
        </Stack>
      )}
      {/* A running operation may report a code too (a history import that stalled): a warning while it runs. */}
      {((status === 'failed' && error) || (status === 'running' && error?.code)) && (
        <Alert severity={status === 'failed' ? 'error' : 'warning'} sx={{ mt: 1.5 }} data-testid={`${testId}-error`}>
          {error?.code ? `${error.code}: ` : ''}
          {error?.message}
        </Alert>
      )}
      {children}
    </Box>
  );
}

/** How often a running operation is asked for its progress. */
export const POLL_MS = 500;
/** react-admin query options that poll a record while its `status` says it is running. */
export const pollWhileRunning = {
  refetchInterval: (query: { state: { data?: Record<string, unknown> } }) => (query.state.data?.status === 'running' ? POLL_MS : false),
} as const;
