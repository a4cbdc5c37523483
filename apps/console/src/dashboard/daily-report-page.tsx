import { useState } from 'react';
import { Button, Title, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { Box, Card, CardContent, Grid, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { download } from '../context';
import { ScopeMerchantPicker, useScopeMerchant, useTimeZone } from '../fields';
import { formatFen, localDate } from '../format';
import { daysBefore, ReportTrends, type ReportDay, useDailyReport } from './report-charts';

const COLUMNS: { key: keyof ReportDay; money?: boolean }[] = [
  { key: 'day' },
  { key: 'purchases' },
  { key: 'salesFen', money: true },
  { key: 'refundsFen', money: true },
  { key: 'netSalesFen', money: true },
  { key: 'buyers' },
  { key: 'newMembers' },
  { key: 'pointsEarned' },
  { key: 'pointsRedeemed' },
  { key: 'pointsReversed' },
  { key: 'pointsExpired' },
  { key: 'trailing7DayNetSalesFen', money: true },
];

/** 营业日报: a range of local days with the trends, and the same as CSV from the export endpoint. */
export function DailyReportPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const zone = useTimeZone();
  const today = localDate(new Date(), zone);
  const [from, setFrom] = useState(daysBefore(today, 13));
  const [to, setTo] = useState(today);
  const [merchantId] = useScopeMerchant(true);
  const { rows, error } = useDailyReport(from, to, merchantId, from <= to);
  const csv = () => {
    const query = new URLSearchParams({ from, to, format: 'csv', ...(merchantId ? { merchantId } : {}) });
    download(`/api/insights/v1/reports/daily?${query}`, `daily-report-${from}-${to}.csv`).catch((e: Error) => notify(e.message, { type: 'error' }));
  };
  return (
    <Box mt={2}>
      <Title title={translate('console.report.title')} />
      <Stack direction="row" spacing={2} alignItems="center" mb={2}>
        <TextField type="date" size="small" label={translate('console.report.from')} value={from} onChange={(e) => setFrom(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} name="from" />
        <TextField type="date" size="small" label={translate('console.report.to')} value={to} onChange={(e) => setTo(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} name="to" />
        <ScopeMerchantPicker allianceWide />
        <Button label={translate('console.report.csv')} onClick={csv} startIcon={<DownloadIcon />} data-testid="report-csv" />
      </Stack>
      {error ? <Box color="error.main">{(error as Error).message}</Box> : null}
      <Grid container spacing={2}>
        <Grid size={12}>
          <Card>
            <CardContent sx={{ overflowX: 'auto' }}>
              <Table size="small" data-testid="daily-report">
                <TableHead>
                  <TableRow>
                    {COLUMNS.map((c) => (
                      <TableCell key={c.key} align={c.key === 'day' ? 'left' : 'right'}>
                        {translate(`console.report.${c.key}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.day}>
                      {COLUMNS.map((c) => (
                        <TableCell key={c.key} align={c.key === 'day' ? 'left' : 'right'} sx={{ fontVariantNumeric: 'tabular-nums' }}>
                          {c.money ? formatFen(row[c.key] as number, locale) : String(row[c.key])}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </Grid>
        <ReportTrends rows={rows} md={4} />
      </Grid>
    </Box>
  );
}
