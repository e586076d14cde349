// Accessible charts for plan figures (an inline SVG gauge, HTML bars): each chart is role="img" with an aria-label that
// states the figures, so screen-reader users get the same information as the drawing.

export type ChartFigures = {
  countable: number;
  done: number;
  rateText: string;
  rate: number | null;
  overdue: number;
  late: number;
  onTime: number;
  doneNoDeadline: number;
};

export function CompletionGauge({ figures, label }: { figures: ChartFigures; label: string }) {
  const rate = figures.rate ?? 0;
  const r = 70;
  const cx = 90;
  const cy = 90;
  const angle = Math.PI * (1 - rate);
  const x = cx + r * Math.cos(angle);
  const y = cy - r * Math.sin(angle);
  const large = 0;
  const aria = `${label}: hoàn thành ${figures.done}/${figures.countable} nhiệm vụ, tỷ lệ ${figures.rateText}; đúng hạn ${figures.onTime}, trễ hạn ${figures.late}, hoàn thành không hạn ${figures.doneNoDeadline}, quá hạn ${figures.overdue}.`;
  return (
    // Scales with its card (at most 240 px wide): a fixed width overflowed a narrow card.
    <svg role="img" aria-label={aria} viewBox="0 0 180 110" width="100%" className="gauge" data-chart="gauge">
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

function barTone(rate: number): string {
  return rate >= 0.8 ? "good" : rate >= 0.5 ? "fair" : "poor";
}

// HTML rather than SVG: the full label wraps beside its bar on a wide screen and goes above it on a phone
// (app.css .bar-chart) at the page's font size. An SVG scaled to the screen cut long labels and shrank its
// text to ~6 px on a phone.
export function CompletionBars({ rows, title }: { rows: BarRow[]; title: string }) {
  const aria = `${title}: ${rows.map((r) => `${r.label.replace(/\n/g, " ")} ${r.done}/${r.countable} (${r.rateText})`).join("; ")}.`;
  return (
    <div role="img" aria-label={aria} className="bar-chart" data-chart="bars">
      {rows.map((r, i) => {
        const rate = r.rate ?? 0;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: two units may share a label; the bars are redrawn whole, never reordered in place
          <div key={`${r.label}-${i}`} className="bar-row" data-bar-row="">
            <span className="bar-label">{r.label.replace(/\n/g, " ")}</span>
            <span className="bar-track" data-part="bar">
              <span className={`bar-fill ${barTone(rate)}`} style={{ width: `${(rate * 100).toFixed(2)}%` }} />
            </span>
            <span className="bar-value">
              {r.done}/{r.countable} · {r.rateText}
            </span>
          </div>
        );
      })}
    </div>
  );
}
