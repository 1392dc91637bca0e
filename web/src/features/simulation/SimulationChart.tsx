import { downsample, type SimSample } from './simulation';

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { top: 12, right: 16, bottom: 28, left: 44 };
const PLOT_W = WIDTH - PAD.left - PAD.right;
const PLOT_H = HEIGHT - PAD.top - PAD.bottom;
const MAX_POINTS = 300;

export const SERIES = [
  { key: 'pending', label: 'Pending', color: 'var(--pending)' },
  { key: 'paid', label: 'Paid', color: 'var(--paid)' },
  { key: 'failed', label: 'Failed', color: 'var(--failed)' },
] as const;

/** A "nice" tick step (1, 2 or 5 × 10ⁿ) giving about `target` ticks over `range`. */
function niceStep(range: number, target: number): number {
  const raw = range / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10;
  return step * magnitude;
}

function ticks(max: number, target: number): number[] {
  const step = niceStep(max, target);
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
}

/** Pending, paid and failed orders over time, drawn as plain SVG. */
export function SimulationChart({ samples, total }: { samples: readonly SimSample[]; total: number }) {
  const points = downsample(samples, MAX_POINTS);
  const lastT = points.at(-1)?.t ?? 0;
  const tMax = Math.max(lastT, 100);
  const yMax = Math.max(total, 1);
  const x = (t: number) => PAD.left + (t / tMax) * PLOT_W;
  const y = (value: number) => PAD.top + PLOT_H - (value / yMax) * PLOT_H;
  const yTicks = ticks(yMax, 4);
  const xTicks = ticks(tMax / 1000, 6);

  return (
    <figure className="chart">
      <figcaption className="chart__legend">
        {SERIES.map((series) => (
          <span key={series.key} className="chart__legend-item">
            <span className="chart__swatch" style={{ background: series.color }} />
            {series.label}
          </span>
        ))}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="chart__svg"
        role="img"
        aria-label="Pending, paid and failed orders over time"
      >
        {yTicks.map((value) => (
          <g key={`y${value}`}>
            <line className="chart__grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(value)} y2={y(value)} />
            <text className="chart__tick" x={PAD.left - 8} y={y(value) + 4} textAnchor="end">
              {value}
            </text>
          </g>
        ))}
        {xTicks.map((seconds) => (
          <text key={`x${seconds}`} className="chart__tick" x={x(seconds * 1000)} y={HEIGHT - 8} textAnchor="middle">
            {Number(seconds.toFixed(2))}s
          </text>
        ))}
        {points.length > 1 &&
          SERIES.map((series) => (
            <polyline
              key={series.key}
              className="chart__line"
              stroke={series.color}
              points={points.map((p) => `${x(p.t).toFixed(1)},${y(p[series.key]).toFixed(1)}`).join(' ')}
            />
          ))}
      </svg>
    </figure>
  );
}
