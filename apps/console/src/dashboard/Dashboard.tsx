import { Card, CardContent, CardHeader, Grid, Typography } from '@mui/material';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link, useGetIdentity, useGetList, useGetOne, usePermissions, useTranslate, useLocaleState } from 'react-admin';
import { can, type Permissions } from '../auth-provider';
import { ScopeMerchantPicker, useScopeMerchant, useTimeZone } from '../fields';
import { formatDateTime, formatFen, localDate } from '../format';
import { PositionsChart, type Position } from './PositionsChart';
import { daysBefore, ReportTrends, type ReportDay, useDailyReport } from './report-charts';

function LatestRun() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data: runs, isPending } = useGetList('clearingRuns', { pagination: { page: 1, perPage: 1 }, sort: { field: 'periodEnd', order: 'DESC' } });
  const run = runs?.[0];
  const { data: scheme } = useGetOne('clearingSchemes', { id: run?.schemeId ?? '' }, { enabled: Boolean(run) });
  return (
    <Card>
      <CardHeader title={translate('console.dashboard.positions')} />
      <CardContent>
        {isPending ? null : run ? (
          <>
            <Typography variant="body2" color="text.secondary" data-testid="latest-run">
              <Link to={`/clearingRuns/${run.id}/show`}>
                {translate('console.dashboard.run', {
                  start: formatDateTime(run.periodStart, scheme?.timeZone ?? 'Asia/Shanghai', locale, true),
                  end: formatDateTime(run.periodEnd, scheme?.timeZone ?? 'Asia/Shanghai', locale, true),
                  scheme: scheme?.name ?? '',
                })}
              </Link>
            </Typography>
            <PositionsChart positions={run.positions as Position[]} />
          </>
        ) : (
          <Typography>{translate('console.dashboard.noRun')}</Typography>
        )}
      </CardContent>
    </Card>
  );
}

const sum = (rows: { [key: string]: unknown }[] | undefined, field: string) => (rows ?? []).reduce((total, row) => total + Number(row[field] ?? 0), 0);

/** Points issued, redeemed and expired to date, from the ledger's merchant and breakage accounts. */
function PointsFlow() {
  const translate = useTranslate();
  const page = { pagination: { page: 1, perPage: 200 }, sort: { field: 'id', order: 'ASC' as const } };
  const issuance = useGetList('accounts', { ...page, filter: { code: 'MERCHANT_ISSUANCE', asset: 'POINTS' } });
  const redemption = useGetList('accounts', { ...page, filter: { code: 'MERCHANT_REDEMPTION', asset: 'POINTS' } });
  const breakage = useGetList('accounts', { ...page, filter: { code: 'BREAKAGE', asset: 'POINTS' } });
  const data = [
    { key: 'issued', name: translate('console.dashboard.issued'), points: sum(issuance.data, 'debitsPosted') - sum(issuance.data, 'creditsPosted'), fill: '#1565c0' },
    { key: 'redeemed', name: translate('console.dashboard.redeemed'), points: sum(redemption.data, 'creditsPosted'), fill: '#2e7d32' },
    { key: 'expired', name: translate('console.dashboard.expired'), points: sum(breakage.data, 'creditsPosted'), fill: '#9e9e9e' },
  ];
  return (
    <Card>
      <CardHeader title={translate('console.dashboard.points')} />
      <CardContent>
        <Grid container spacing={2} mb={1}>
          {data.map((d) => (
            <Grid size={4} key={d.name}>
              <Typography variant="caption" color="text.secondary">
                {d.name}
              </Typography>
              <Typography variant="h5" data-testid={`points-${d.key}`}>
                {d.points.toLocaleString()}
              </Typography>
            </Grid>
          ))}
        </Grid>
        <div style={{ width: '100%', height: 220 }} data-testid="points-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" />
              <YAxis />
              <Tooltip />
              <Bar dataKey="points" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </CardContent>
    </Card>
  );
}

function MemberCount() {
  const translate = useTranslate();
  const { total } = useGetList('members', { pagination: { page: 1, perPage: 1 } });
  return (
    <Card>
      <CardContent>
        <Typography variant="caption" color="text.secondary">
          {translate('console.dashboard.members')}
        </Typography>
        <Typography variant="h4" data-testid="member-count">
          {total ?? '…'}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** A figure of today with how it compares: to the day before, or to the seven days' average. */
function Today({ label, value, previous, format, testId }: { label: string; value: number; previous: number; format: (n: number) => string; testId: string }) {
  const translate = useTranslate();
  const delta = value - previous;
  return (
    <Grid size={{ xs: 6, md: 2 }}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" data-testid={testId}>
        {format(value)}
      </Typography>
      <Typography variant="caption" sx={{ color: delta > 0 ? '#2e7d32' : delta < 0 ? '#c62828' : 'text.secondary' }}>
        {delta === 0 ? translate('console.dashboard.same') : `${delta > 0 ? '▲' : '▼'} ${format(Math.abs(delta))}`}
      </Typography>
    </Grid>
  );
}

/** 今日经营: today's daily report against yesterday (sales against the seven days' average), and the last 30 days' trends. */
function BusinessToday() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const zone = useTimeZone();
  const [merchantId] = useScopeMerchant(true);
  const today = localDate(new Date(), zone);
  const { rows } = useDailyReport(daysBefore(today, 29), today, merchantId);
  const last = rows.at(-1);
  const before = rows.at(-2);
  const count = (n: number) => n.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
  const money = (n: number) => formatFen(n, locale);
  const was = (field: keyof ReportDay) => Number(before?.[field] ?? 0);
  return (
    <>
      <Grid size={12}>
        <Card>
          <CardHeader title={translate('console.dashboard.today', { day: today })} action={<ScopeMerchantPicker allianceWide />} />
          <CardContent>
            {last && (
              <Grid container spacing={2}>
                <Today label={translate('console.report.netSalesFen')} value={last.netSalesFen} previous={last.trailing7DayNetSalesFen} format={money} testId="today-net-sales" />
                <Today label={translate('console.report.purchases')} value={last.purchases} previous={was('purchases')} format={count} testId="today-purchases" />
                <Today label={translate('console.report.buyers')} value={last.buyers} previous={was('buyers')} format={count} testId="today-buyers" />
                <Today label={translate('console.report.newMembers')} value={last.newMembers} previous={was('newMembers')} format={count} testId="today-new-members" />
                <Today label={translate('console.report.pointsEarned')} value={last.pointsEarned} previous={was('pointsEarned')} format={count} testId="today-points-earned" />
                <Today label={translate('console.report.pointsRedeemed')} value={last.pointsRedeemed} previous={was('pointsRedeemed')} format={count} testId="today-points-redeemed" />
              </Grid>
            )}
          </CardContent>
        </Card>
      </Grid>
      <ReportTrends rows={rows} md={6} />
    </>
  );
}

export function Dashboard() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  const clearing = can(permissions, 'dashboard', 'clearing');
  const business = can(permissions, 'dashboard', 'business');
  return (
    <Grid container spacing={2} mt={1}>
      <Grid size={12}>
        <Typography variant="h5">{translate('console.dashboard.welcome', { name: identity?.fullName ?? '' })}</Typography>
        {permissions?.role && (
          <Typography variant="body2" color="text.secondary" data-testid="role">
            {translate(`console.role.${permissions.role}`)}
          </Typography>
        )}
      </Grid>
      <Grid size={{ xs: 12, md: 4 }}>
        <MemberCount />
      </Grid>
      {!clearing && !business && (
        <Grid size={{ xs: 12, md: 8 }}>
          <Card>
            <CardContent>
              <Typography>{translate('console.dashboard.clerkHint')}</Typography>
              <Link to="/members">{translate('resources.members.name')}</Link>
            </CardContent>
          </Card>
        </Grid>
      )}
      {business && <BusinessToday />}
      {clearing && (
        <>
          <Grid size={{ xs: 12, md: business ? 6 : 8 }}>
            <PointsFlow />
          </Grid>
          <Grid size={12}>
            <LatestRun />
          </Grid>
        </>
      )}
    </Grid>
  );
}
