import { Card, CardContent, CardHeader, Grid } from '@mui/material';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import { formatFen } from '../format';

/** One local day of the 营业日报, as the dailyReports resource gives it (money in 分). */
export interface ReportDay {
  id: string;
  day: string;
  purchases: number;
  salesFen: number;
  refundsFen: number;
  netSalesFen: number;
  buyers: number;
  newMembers: number;
  pointsEarned: number;
  pointsRedeemed: number;
  pointsReversed: number;
  pointsExpired: number;
  previousDayNetSalesFen: number;
  trailing7DayNetSalesFen: number;
  timeZone: string;
}

/** The day `days` before a local date (YYYY-MM-DD), as a local date. */
export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** The daily report of a range for the scope (a merchant, or the alliance with merchantId ''). */
export function useDailyReport(from: string, to: string, merchantId: string, enabled = true): { rows: ReportDay[]; isPending: boolean; error: unknown } {
  const { data, isPending, error } = useGetList(
    'dailyReports',
    { pagination: { page: 1, perPage: 400 }, sort: { field: 'day', order: 'ASC' }, filter: { from, to, merchantId: merchantId || undefined } },
    { enabled: enabled && Boolean(from && to) },
  );
  return { rows: (data ?? []) as ReportDay[], isPending, error };
}

const shortDay = (day: string) => day.slice(5);

function ChartCard({ title, testId, children, height = 240 }: { title: string; testId: string; children: React.ReactElement; height?: number }) {
  return (
    <Card>
      <CardHeader title={title} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent>
        <div style={{ width: '100%', height }} data-testid={testId}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      </CardContent>
    </Card>
  );
}

/** Net member sales per day against the average of the seven days before. */
export function SalesTrendChart({ rows }: { rows: ReportDay[] }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const data = rows.map((r) => ({ day: shortDay(r.day), net: r.netSalesFen / 100, avg: r.trailing7DayNetSalesFen / 100 }));
  return (
    <ChartCard title={translate('console.dashboard.salesTrend')} testId="sales-trend">
      <ComposedChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis tickFormatter={(v: number) => `¥${v}`} />
        <Tooltip formatter={(v) => formatFen(Math.round(Number(v) * 100), locale)} />
        <Legend />
        <Bar dataKey="net" name={translate('console.report.netSalesFen')} fill="#1565c0" isAnimationActive={false} />
        <Line dataKey="avg" name={translate('console.report.trailing7DayNetSalesFen')} stroke="#ef6c00" dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}

/** New members per day, and the running total over the range. */
export function MemberGrowthChart({ rows }: { rows: ReportDay[] }) {
  const translate = useTranslate();
  let total = 0;
  const data = rows.map((r) => ({ day: shortDay(r.day), added: r.newMembers, total: (total += r.newMembers) }));
  return (
    <ChartCard title={translate('console.dashboard.memberGrowth')} testId="member-growth">
      <ComposedChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis yAxisId="day" allowDecimals={false} />
        <YAxis yAxisId="total" orientation="right" allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar yAxisId="day" dataKey="added" name={translate('console.report.newMembers')} fill="#2e7d32" isAnimationActive={false} />
        <Line yAxisId="total" dataKey="total" name={translate('console.dashboard.newInRange')} stroke="#6a1b9a" dot={false} isAnimationActive={false} />
      </ComposedChart>
    </ChartCard>
  );
}

/** Points earned, redeemed and expired per day. */
export function PointsTrendChart({ rows }: { rows: ReportDay[] }) {
  const translate = useTranslate();
  const data = rows.map((r) => ({ day: shortDay(r.day), earned: r.pointsEarned, redeemed: r.pointsRedeemed, expired: r.pointsExpired }));
  return (
    <ChartCard title={translate('console.dashboard.pointsTrend')} testId="points-trend">
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Line dataKey="earned" name={translate('console.dashboard.issued')} stroke="#1565c0" dot={false} isAnimationActive={false} />
        <Line dataKey="redeemed" name={translate('console.dashboard.redeemed')} stroke="#2e7d32" dot={false} isAnimationActive={false} />
        <Line dataKey="expired" name={translate('console.dashboard.expired')} stroke="#9e9e9e" dot={false} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
}

/** The three trends of a report side by side (sales, member growth, points). */
export function ReportTrends({ rows, md }: { rows: ReportDay[]; md: number }) {
  return (
    <>
      <Grid size={{ xs: 12, md }}>
        <SalesTrendChart rows={rows} />
      </Grid>
      <Grid size={{ xs: 12, md }}>
        <MemberGrowthChart rows={rows} />
      </Grid>
      <Grid size={{ xs: 12, md }}>
        <PointsTrendChart rows={rows} />
      </Grid>
    </>
  );
}
