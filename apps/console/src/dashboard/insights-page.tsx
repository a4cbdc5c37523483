import { Link, Title, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { Box, Card, CardContent, CardHeader, Grid, Stack, Tooltip as MuiTooltip, Typography } from '@mui/material';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ScopeMerchantPicker, useScopeMerchant } from '../fields';
import { formatFen } from '../format';
import { RFM_GROUP_CODES } from '../resources/insights';

const all = { pagination: { page: 1, perPage: 100 }, sort: { field: 'id', order: 'ASC' as const } };

/** RFM 5×5: members per recency (rows, 5 most recent on top) × frequency (columns) score, darker for more. */
function RfmHeatMap({ merchantId }: { merchantId: string }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetList('rfmGrid', { ...all, filter: { merchantId: merchantId || undefined } });
  const cells = (data ?? []) as { id: string; r: number; f: number; members: number; monetaryFen: number }[];
  const most = Math.max(1, ...cells.map((c) => c.members));
  const at = (r: number, f: number) => cells.find((c) => c.r === r && c.f === f);
  return (
    <Card>
      <CardHeader title={translate('console.insights.heatMap')} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent>
        <Box display="grid" gridTemplateColumns="48px repeat(5, 1fr)" gap="4px" data-testid="rfm-heat-map">
          <span />
          {[1, 2, 3, 4, 5].map((f) => (
            <Typography key={f} variant="caption" textAlign="center">
              F{f}
            </Typography>
          ))}
          {[5, 4, 3, 2, 1].map((r) => [
            <Typography key={`r${r}`} variant="caption" alignSelf="center">
              R{r}
            </Typography>,
            ...[1, 2, 3, 4, 5].map((f) => {
              const cell = at(r, f);
              const share = (cell?.members ?? 0) / most;
              return (
                <MuiTooltip key={`${r}:${f}`} title={`R${r} F${f}: ${cell?.members ?? 0} · ${formatFen(cell?.monetaryFen ?? 0, locale)}`}>
                  <Box
                    data-testid={`rfm-cell-${r}-${f}`}
                    sx={{ height: 44, borderRadius: 1, display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: `rgba(21, 101, 192, ${0.08 + share * 0.82})`, color: share > 0.5 ? '#fff' : 'text.primary', fontWeight: 600 }}
                  >
                    {cell?.members ?? 0}
                  </Box>
                </MuiTooltip>
              );
            }),
          ])}
        </Box>
        <Typography variant="caption" color="text.secondary">
          {translate('console.insights.heatMapHelp')}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** The eight RFM groups: members in each, each bar a link to those members. */
function RfmGroups({ merchantId }: { merchantId: string }) {
  const translate = useTranslate();
  const { data } = useGetList('rfmGroups', { ...all, filter: { merchantId: merchantId || undefined } });
  const byKey = new Map((data ?? []).map((g) => [g.key as string, g]));
  const rows = RFM_GROUP_CODES.map((code) => ({ code, name: translate(`console.rfmGroup.${code}`), members: Number(byKey.get(code)?.members ?? 0) }));
  return (
    <Card>
      <CardHeader title={translate('console.insights.groups')} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent>
        <div style={{ width: '100%', height: 260 }} data-testid="rfm-groups">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={80} interval={0} />
              <Tooltip />
              <Bar dataKey="members" name={translate('console.insights.members')} fill="#1565c0" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Stack direction="row" flexWrap="wrap" gap={1}>
          {rows.map((g) => (
            <Link key={g.code} to={`/members?filter=${encodeURIComponent(JSON.stringify({ rfmGroup: g.code }))}`}>
              {g.name} {g.members}
            </Link>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** ABC pyramid: A the top 20 % of customers by spend, B the next 30 %, C the rest, with their share of revenue. */
function AbcPyramid({ merchantId }: { merchantId: string }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetList('abcTiers', { ...all, filter: { merchantId: merchantId || undefined } });
  const tiers = (data ?? []) as { id: string; tier: string; members: number; revenueFen: number; revenueShareBps: number }[];
  const widths: Record<string, string> = { A: '50%', B: '75%', C: '100%' };
  const colours: Record<string, string> = { A: '#0d47a1', B: '#1976d2', C: '#90caf9' };
  return (
    <Card>
      <CardHeader title={translate('console.insights.abc')} titleTypographyProps={{ variant: 'subtitle1' }} />
      <CardContent data-testid="abc-pyramid">
        {['A', 'B', 'C'].map((name) => {
          const tier = tiers.find((t) => t.tier === name);
          return (
            <Box key={name} mx="auto" mb={0.5} width={widths[name]} sx={{ bgcolor: colours[name], color: name === 'C' ? 'text.primary' : '#fff', py: 1, textAlign: 'center', borderRadius: 1 }}>
              <Typography variant="body2" fontWeight={600}>
                {translate(`console.insights.tier${name}`)}
              </Typography>
              <Typography variant="caption" data-testid={`abc-${name}`}>
                {translate('console.insights.tierFigures', { members: tier?.members ?? 0, share: ((tier?.revenueShareBps ?? 0) / 100).toFixed(1), revenue: formatFen(tier?.revenueFen ?? 0, locale) })}
              </Typography>
            </Box>
          );
        })}
      </CardContent>
    </Card>
  );
}

/** 会员洞察: RFM heat map and groups and the ABC pyramid of a merchant, or the whole alliance. */
export function InsightsPage() {
  const translate = useTranslate();
  const [merchantId] = useScopeMerchant(true);
  return (
    <Box mt={2}>
      <Title title={translate('console.insights.title')} />
      <Box mb={2}>
        <ScopeMerchantPicker allianceWide />
      </Box>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <RfmHeatMap merchantId={merchantId} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <RfmGroups merchantId={merchantId} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <AbcPyramid merchantId={merchantId} />
        </Grid>
      </Grid>
    </Box>
  );
}
