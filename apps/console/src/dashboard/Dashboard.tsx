import { Card, CardContent, CardHeader, Grid, Typography } from '@mui/material';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { Link, useGetIdentity, useGetList, useGetOne, usePermissions, useTranslate, useLocaleState } from 'react-admin';
import { can, type Permissions } from '../auth-provider';
import { formatDateTime } from '../format';
import { PositionsChart, type Position } from './PositionsChart';

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

export function Dashboard() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  const clearing = can(permissions, 'dashboard', 'clearing');
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
      {!clearing && (
        <Grid size={{ xs: 12, md: 8 }}>
          <Card>
            <CardContent>
              <Typography>{translate('console.dashboard.clerkHint')}</Typography>
              <Link to="/members">{translate('resources.members.name')}</Link>
            </CardContent>
          </Card>
        </Grid>
      )}
      {clearing && (
        <>
          <Grid size={{ xs: 12, md: 8 }}>
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
