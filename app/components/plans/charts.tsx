// Accessible inline-SVG charts for plan figures: each chart is role="img" with an aria-label that
// states the figures, so screen-reader users get the same information as the drawing.

export type ChartFigures = { countable: number; done: number; rateText: string; rate: number | null; overdue: number; late: number; onTime: number };

export function CompletionGauge({ figures, label }: { figures: ChartFigures; label: string }) {
  const rate = figures.rate ?? 0;
  const r = 70;
  const cx = 90;
  const cy = 90;
  const angle = Math.PI * (1 - rate);
  const x = cx + r * Math.cos(angle);
  const y = cy - r * Math.sin(angle);
  const large = 0;
  const aria = `${label}: hoàn thành ${figures.done}/${figures.countable} nhiệm vụ, tỷ lệ ${figures.rateText}; đúng hạn ${figures.onTime}, trễ hạn ${figures.late}, quá hạn ${figures.overdue}.`;
  return (
    <svg role="img" aria-label={aria} viewBox="0 0 180 110" width="240" height="147" data-chart="gauge">
      <path d={`M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${cx + r} ${cy}`} fill="none" stroke="#dfe5ec" strokeWidth="18" />
      {rate > 0 ? (
        <path d={`M ${cx - r} ${cy} A ${r} ${r} 0 ${large} 1 ${x.toFixed(2)} ${y.toFixed(2)}`} fill="none" stroke="#1f7a3f" strokeWidth="18" />
      ) : null}
      <text x={cx} y={cy - 8} textAnchor="middle" fontSize="22" fontWeight="bold" fill="#1b2733">
        {figures.rateText}
      </text>
      <text x={cx} y={cy + 14} textAnchor="middle" fontSize="11" fill="#3d4b59">
        {figures.done}/{figures.countable} nhiệm vụ
      </text>
    </svg>
  );
}

export type BarRow = { label: string; countable: number; done: number; rateText: string; rate: number | null; overdue?: number };

export function CompletionBars({ rows, title }: { rows: BarRow[]; title: string }) {
  const barH = 18;
  const gap = 26;
  const labelW = 260;
  const barW = 300;
  const height = rows.length * (barH + gap) + 10;
  const aria = `${title}: ${rows.map((r) => `${r.label} ${r.done}/${r.countable} (${r.rateText})`).join("; ")}.`;
  const short = (s: string) => (s.length > 48 ? `${s.slice(0, 46)}…` : s.replace(/\n/g, " "));
  return (
    <svg role="img" aria-label={aria} viewBox={`0 0 ${labelW + barW + 90} ${height}`} width="100%" style={{ maxWidth: 700 }} data-chart="bars">
      {rows.map((r, i) => {
        const y = i * (barH + gap) + 14;
        const w = Math.round((r.rate ?? 0) * barW);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: two units may share a label; the bars are redrawn whole, never reordered in place
          <g key={`${r.label}-${i}`}>
            <text x={0} y={y + 13} fontSize="12" fill="#1b2733">
              {short(r.label)}
            </text>
            <rect x={labelW} y={y} width={barW} height={barH} fill="#e9eef4" />
            <rect x={labelW} y={y} width={w} height={barH} fill={(r.rate ?? 0) >= 0.8 ? "#1f7a3f" : (r.rate ?? 0) >= 0.5 ? "#a86400" : "#b3261e"} />
            <text x={labelW + barW + 6} y={y + 13} fontSize="12" fill="#1b2733">
              {r.done}/{r.countable} · {r.rateText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
