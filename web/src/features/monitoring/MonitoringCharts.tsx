import { useEffect, useState } from 'react';
import {
  MONITORED_QUEUES,
  maxSeries,
  mergeSnapshots,
  sumSeries,
  type MonitoringPoint,
  type MonitoringSnapshot,
  type QueueView,
} from './monitoring';
import './monitoring.css';

interface MonitoringChartsProps {
  /** Reads each host's snapshot (GET /api/{orders,payments}/ops/monitoring, with the operator's credentials). */
  load: () => Promise<MonitoringSnapshot[]>;
  refreshMs?: number;
}

/** Live charts per queue (the last 20 minutes, a point every 5 s), refreshed while shown. */
export function MonitoringCharts({ load, refreshMs = 5000 }: MonitoringChartsProps) {
  const [views, setViews] = useState<QueueView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const read = async () => {
      try {
        const snapshots = await load();
        if (!cancelled) {
          setViews(mergeSnapshots(snapshots));
          setError(null);
        }
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void read();
    const timer = setInterval(read, refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [load, refreshMs]);

  if (error)
    return (
      <p className="banner banner--error" role="alert">
        Could not load monitoring: {error}
      </p>
    );
  if (!views) return <p className="muted">Loading monitoring…</p>;
  return (
    <div className="monitoring">
      {views.map((view) => (
        <QueueCard key={view.queue} view={view} />
      ))}
    </div>
  );
}

const rate = (values: number[]) => `${(values.at(-1) ?? 0).toFixed(1)}/s`;
const ms = (values: number[]) => `${Math.round(values.at(-1) ?? 0)} ms`;

function QueueCard({ view }: { view: QueueView }) {
  const charts: { label: string; values: number[]; format(values: number[]): string; tone?: string }[] = [
    { label: 'Queue length', values: maxSeries(view, (p) => p.messages), format: (v) => String(v.at(-1) ?? 0) },
    { label: 'In (sent)', values: sumSeries(view, (p: MonitoringPoint) => p.sentPerSecond), format: rate },
    {
      label: 'Out (handled)',
      values: sumSeries(view, (p) => p.handledPerSecond || p.succeededPerSecond),
      format: rate,
    },
    { label: 'Processing p95', values: maxSeries(view, (p) => p.processingP95), format: ms },
    { label: 'Critical p95', values: maxSeries(view, (p) => p.criticalP95), format: ms },
    { label: 'Retries', values: sumSeries(view, (p) => p.retriesPerSecond), format: rate, tone: 'warn' },
    { label: 'Dead letters', values: sumSeries(view, (p) => p.deadLettersPerSecond), format: rate, tone: 'bad' },
  ];
  return (
    <section className="card monitoring__queue" aria-label={`Queue ${view.queue}`} data-queue={view.queue}>
      <header className="monitoring__header">
        <h3>{MONITORED_QUEUES[view.queue] ?? view.queue}</h3>
        <code>{view.queue}</code>
        <span data-testid="queue-length">{view.messages ?? '–'} ready</span>
        <span>{view.consumers ?? '–'} consumers</span>
        <span className="muted">{view.instances.map((i) => `${i.host}/${i.instance}`).join(', ')}</span>
      </header>
      <div className="monitoring__charts">
        {charts.map((chart) => (
          <figure key={chart.label} className={`spark ${chart.tone ? `spark--${chart.tone}` : ''}`}>
            <figcaption>
              {chart.label} <strong>{chart.format(chart.values)}</strong>
            </figcaption>
            <Sparkline values={chart.values} />
          </figure>
        ))}
      </div>
    </section>
  );
}

export function Sparkline({ values, width = 160, height = 36 }: { values: number[]; width?: number; height?: number }) {
  const max = Math.max(1e-9, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - (v / max) * (height - 2) - 1).toFixed(1)}`);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${values.length} points`}
    >
      <polyline fill="none" stroke="currentColor" strokeWidth="1.5" points={points.join(' ')} />
    </svg>
  );
}
