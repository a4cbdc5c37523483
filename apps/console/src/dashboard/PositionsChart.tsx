import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatFen } from '../format';

export interface Position {
  participantId: string | null;
  participantName: string;
  netFen: number;
}

/** Net positions of a clearing run, one bar per participant: green receives, red pays. */
export function PositionsChart({ positions, height = 280, width = '100%' }: { positions: Position[]; height?: number; width?: number | string }) {
  const [locale] = useLocaleState();
  const translate = useTranslate();
  const data = positions.map((p) => ({ name: p.participantName, yuan: p.netFen / 100, fen: p.netFen }));
  return (
    <div data-testid="positions-chart" style={{ width, minWidth: 360, height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 8, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={(v: number) => `¥${v}`} />
          <ReferenceLine y={0} stroke="#666" />
          <Tooltip formatter={(_value, _name, item) => [formatFen((item.payload as { fen: number }).fen, locale), translate('console.dashboard.net')]} />
          <Bar dataKey="yuan" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.name} fill={d.fen >= 0 ? '#2e7d32' : '#c62828'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
