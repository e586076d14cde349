// Accessible inline-SVG charts of handling statistics (as app/components/plans/charts.tsx): each chart is
// role="img" with an aria-label stating every figure drawn, and the same figures are in a table beside it.
import type { BreakdownRow, TrendRow } from "#app/features/statistics/index";
import { INCOMING_CATEGORY_LABELS } from "#app/messages/statistics";

const COLORS = { completedOnTime: "#1f7a3f", completedLate: "#a86400", completedNoDeadline: "#2f6fb0", openOverdue: "#b3261e", rest: "#c9d3de" } as const;
const SEGMENTS = ["completedOnTime", "completedLate", "completedNoDeadline", "openOverdue"] as const;

/** Documents received per month, split by what became of them as of the cut-off. */
export function MonthlyTrendChart({ rows, title }: { rows: TrendRow[]; title: string }) {
  const max = Math.max(1, ...rows.map((r) => r.received));
  const chartH = 160;
  const barW = Math.max(14, Math.min(44, Math.floor(560 / Math.max(1, rows.length)) - 10));
  const step = barW + 10;
  const width = 40 + rows.length * step + 10;
  // Room above the tallest bar for its value label (it was clipped at the top edge).
  const top = 24;
  const base = chartH + top;
  const aria = `${title}: ${rows
    .map(
      (r) =>
        `tháng ${r.label}: tiếp nhận ${r.received}, đúng hạn ${r.completedOnTime}, quá hạn ${r.completedLate}, không hạn ${r.completedNoDeadline}, đang quá hạn ${r.openOverdue}`,
    )
    .join("; ")}.`;
  return (
    <figure className="chart">
      <svg role="img" aria-label={aria} viewBox={`0 0 ${width} ${base + 30}`} width="100%" style={{ maxWidth: Math.max(320, width) }} data-chart="trend">
        <line x1={34} y1={top} x2={34} y2={base} stroke="#8a97a5" />
        <text x={30} y={top + 6} fontSize="10" textAnchor="end" fill="#3d4b59">
          {max}
        </text>
        <text x={30} y={base} fontSize="10" textAnchor="end" fill="#3d4b59">
          0
        </text>
        {rows.map((r, i) => {
          const x = 40 + i * step;
          let y = base;
          const h = (n: number) => (n / max) * chartH;
          const rest = r.received - SEGMENTS.reduce((s, k) => s + r[k], 0);
          const parts = [...SEGMENTS.map((k) => ({ k, n: r[k], color: COLORS[k] })), { k: "rest", n: rest, color: COLORS.rest }];
          return (
            <g key={r.month}>
              {parts.map((p) => {
                if (p.n <= 0) return null;
                y -= h(p.n);
                return <rect key={p.k} x={x} y={y} width={barW} height={h(p.n)} fill={p.color} />;
              })}
              <text x={x + barW / 2} y={base + 14} fontSize="10" textAnchor="middle" fill="#1b2733">
                {/* mm/yyyy where the bar is wide enough, else the month alone (the aria-label and table say the year) */}
                {step >= 44 ? r.label : r.label.slice(0, 2)}
              </text>
              {r.received > 0 ? (
                <text x={x + barW / 2} y={base - 4 - h(r.received)} fontSize="10" textAnchor="middle" fill="#1b2733">
                  {r.received}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {SEGMENTS.map((k) => (
          <span key={k}>
            <span className="swatch" style={{ background: COLORS[k] }} aria-hidden="true" />{" "}
            {k === "openOverdue" ? INCOMING_CATEGORY_LABELS.openOverdue : INCOMING_CATEGORY_LABELS[k]}
          </span>
        ))}
        <span>
          <span className="swatch" style={{ background: COLORS.rest }} aria-hidden="true" /> Khác (trong hạn, không hạn, trả lại)
        </span>
      </figcaption>
    </figure>
  );
}

/** On-time rate per unit (or person): completed on time / (completed with a deadline + open overdue). */
export function OnTimeBars({ rows, title }: { rows: BreakdownRow[]; title: string }) {
  const shown = rows.filter((r) => r.onTimeRate !== null);
  const barH = 16;
  const gap = 12;
  const labelW = 240;
  const barW = 280;
  const height = Math.max(1, shown.length) * (barH + gap) + 6;
  const aria = shown.length
    ? `${title}: ${shown.map((r) => `${r.label} ${r.onTimeText} (${r.counts.completedOnTime} đúng hạn)`).join("; ")}.`
    : `${title}: chưa có văn bản có hạn xử lý.`;
  const short = (s: string) => (s.length > 40 ? `${s.slice(0, 38)}…` : s);
  return (
    <svg role="img" aria-label={aria} viewBox={`0 0 ${labelW + barW + 70} ${height}`} width="100%" style={{ maxWidth: 640 }} data-chart="on-time">
      {shown.map((r, i) => {
        const y = i * (barH + gap) + 4;
        const rate = r.onTimeRate ?? 0;
        return (
          <g key={r.key}>
            <text x={0} y={y + 12} fontSize="12" fill="#1b2733">
              {short(r.label)}
            </text>
            <rect x={labelW} y={y} width={barW} height={barH} fill="#e9eef4" />
            <rect x={labelW} y={y} width={Math.round(rate * barW)} height={barH} fill={rate >= 0.8 ? "#1f7a3f" : rate >= 0.5 ? "#a86400" : "#b3261e"} />
            <text x={labelW + barW + 6} y={y + 12} fontSize="12" fill="#1b2733">
              {r.onTimeText}
            </text>
          </g>
        );
      })}
      {shown.length === 0 ? (
        <text x={0} y={16} fontSize="12" fill="#3d4b59">
          Chưa có văn bản có hạn xử lý.
        </text>
      ) : null}
    </svg>
  );
}

/** A thin share bar under an indicator's name (the figure itself is in the same table row). */
export function ShareBar({ numerator, denominator, label }: { numerator: number; denominator: number; label: string }) {
  const rate = denominator > 0 ? numerator / denominator : 0;
  return (
    <svg role="img" aria-label={label} viewBox="0 0 200 8" width="200" height="8" style={{ display: "block", marginTop: 4 }} data-chart="share">
      <rect x={0} y={0} width={200} height={8} fill="#e9eef4" />
      <rect x={0} y={0} width={Math.round(rate * 200)} height={8} fill="#2f6fb0" />
    </svg>
  );
}
