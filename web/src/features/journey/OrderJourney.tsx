import { useEffect, useState } from 'react';
import { fetchJourney } from './api';
import { LANES, buildTimeline, formatMs, isComplete, type HostJourney, type TimelineEntry } from './timeline';
import './journey.css';

/** Where the hosts export their traces (the Aspire dashboard); each step links to its trace there. */
export const TRACES_URL: string = import.meta.env.VITE_TRACES_URL ?? 'http://localhost:18888';

interface OrderJourneyProps {
  orderId: string;
  /** Replaces the fetch (tests). */
  load?: (orderId: string) => Promise<HostJourney[]>;
  /** How often to re-read while the order is still on its way. */
  pollMs?: number;
}

/** One order's journey across Browser, Orders, RabbitMQ and Payments, as both hosts journaled it. */
export function OrderJourney({ orderId, load = fetchJourney, pollMs = 1000 }: OrderJourneyProps) {
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let polls = 0;
    const read = async () => {
      try {
        const entries = buildTimeline(await load(orderId));
        if (cancelled) return;
        setTimeline(entries);
        setError(null);
        if (!isComplete(entries) && ++polls < 30) timer = setTimeout(read, pollMs);
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void read();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [orderId, load, pollMs]);

  if (error)
    return (
      <p className="banner banner--error" role="alert">
        Could not load the journey: {error}
      </p>
    );
  if (!timeline) return <p className="muted">Loading the journey…</p>;
  if (timeline.length === 0) return <p className="muted">Nothing journaled for this order (yet).</p>;

  return (
    <div className="journey" aria-label={`Journey of order ${orderId}`}>
      <div className="journey__lanes" aria-hidden="true">
        <span />
        {LANES.map((lane) => (
          <span key={lane} className="journey__lane-name">
            {lane}
          </span>
        ))}
      </div>
      <ol className="journey__steps">
        {timeline.map((entry, index) => (
          <JourneyRow key={`${entry.step}-${entry.at}-${index}`} entry={entry} />
        ))}
      </ol>
    </div>
  );
}

function JourneyRow({ entry }: { entry: TimelineEntry }) {
  const from = LANES.indexOf(entry.from);
  const to = LANES.indexOf(entry.to);
  const [left, right] = from <= to ? [from, to] : [to, from];
  return (
    <li className={`journey__step journey__step--${entry.kind}`} data-step={entry.step} data-kind={entry.kind}>
      <span className="journey__offset">+{formatMs(entry.offsetMs)}</span>
      <span
        className={`journey__arrow ${from === to ? 'journey__arrow--self' : from < to ? 'journey__arrow--right' : 'journey__arrow--left'}`}
        style={{ gridColumn: `${left + 2} / ${right + 3}` }}
        aria-hidden="true"
      />
      <div className="journey__text">
        <strong>{entry.label}</strong>
        {entry.hop && <span className="journey__hop">{entry.hop}</span>}
        {entry.detail && <span className="journey__detail">{entry.detail}</span>}
        <span className="journey__meta">
          {new Date(entry.at).toISOString().slice(11, 23)} · {entry.host} ({entry.instance})
          {entry.messageId && (
            <>
              {' · message '}
              <span title={entry.messageId}>{entry.messageId.slice(9, 18)}</span>
            </>
          )}
          {entry.traceId && (
            <>
              {' · '}
              <a href={`${TRACES_URL}/traces/detail/${entry.traceId}`} target="_blank" rel="noreferrer">
                trace
              </a>
            </>
          )}
        </span>
      </div>
    </li>
  );
}
