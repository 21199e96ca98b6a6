'use client';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StepReport } from '@/engine/lab/report';
import type { SimEvent, SimEventKind } from '@/engine/trace/events';

/** How the pane groups the timeline's kinds. */
const FILTERS: { label: string; kinds: SimEventKind[] }[] = [
  { label: 'Everything', kinds: [] },
  { label: 'VRRP', kinds: ['vrrp', 'advert', 'garp'] },
  { label: 'BGP', kinds: ['bgp-session', 'bgp-route'] },
  { label: 'Scripts and API calls', kinds: ['script', 'api'] },
  { label: 'Instances and services', kinds: ['instance', 'service'] },
];

const KIND_LABEL: Record<SimEventKind, string> = {
  vrrp: 'VRRP',
  advert: 'advert',
  garp: 'GARP',
  script: 'script',
  api: 'AWS API',
  'bgp-session': 'BGP',
  'bgp-route': 'route',
  instance: 'instance',
  service: 'service',
};

const seconds = (t: number) => `${Number(t.toFixed(2))} s`;

/** A timeline row's packet as the trace viewer shows a traffic test. */
export function eventReport(e: SimEvent): StepReport {
  return {
    index: 0,
    kind: 'expect',
    ok: e.outcome !== 'dropped',
    counted: false,
    summary: `t=${seconds(e.at)} ${e.instance}: ${e.text}`,
    ...(e.trace ? { trace: e.trace } : {}),
    ...(e.drop ? { drop: e.drop } : {}),
  };
}

/**
 * What the daemons and the VPC did while time passed, in simulated time: VRRP states and
 * adverts, gratuitous ARP, notify scripts and their API calls, BGP sessions and routes,
 * crashes. A repeating event is one row with a count; a row whose packet was traced opens it in
 * the trace viewer. Hovering or focusing a row lights its instances up on the diagram.
 */
export function EventsPane({
  events,
  onTrace,
  onFocus,
}: {
  events: SimEvent[];
  onTrace: (r: StepReport) => void;
  onFocus: (ids: string[]) => void;
}) {
  const [filter, setFilter] = useState(0);
  const list = useRef<HTMLOListElement>(null);
  const shown = useMemo(() => {
    const kinds = FILTERS[filter]!.kinds;
    return kinds.length === 0 ? events : events.filter((e) => kinds.includes(e.kind));
  }, [events, filter]);
  const newest = shown.at(-1)?.id;
  const last = shown.at(-1)?.count;
  useEffect(() => {
    // follow the newest row, unless the learner scrolled back to read
    const el = list.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [newest, last]);
  return (
    <div className="panel events" data-testid="events">
      <label className="muted">
        Show{' '}
        <select aria-label="Show events" value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
          {FILTERS.map((f, i) => (
            <option key={f.label} value={i}>
              {f.label}
            </option>
          ))}
        </select>
      </label>
      {shown.length === 0 ? (
        <p className="muted">Nothing yet: run the clock, or step it, to let the daemons and the network act.</p>
      ) : (
        <ol className="event-list scroll" ref={list} aria-label="Event timeline" tabIndex={0}>
          {shown.map((e) => (
            <li
              key={e.id}
              className={`event event-${e.kind}${e.outcome === 'dropped' || e.outcome === 'failed' ? ' event-bad' : ''}`}
              onMouseEnter={() => onFocus(e.peer ? [e.instance, e.peer] : [e.instance])}
              onMouseLeave={() => onFocus([])}
              data-testid="event"
            >
              <span className="event-time">
                {seconds(e.at)}
                {e.last !== e.at ? `–${seconds(e.last)}` : ''}
              </span>{' '}
              <span className="badge">{KIND_LABEL[e.kind]}</span> <strong>{e.instance}</strong> {e.text}
              {e.count > 1 && <span className="muted"> ×{e.count}</span>}
              {e.drop && (
                <div className="muted event-drop">
                  <code>{e.drop.code}</code>: {e.drop.explanation}
                </div>
              )}
              {e.trace && (
                <button
                  className="link-button"
                  onClick={() => onTrace(eventReport(e))}
                  onFocus={() => onFocus(e.peer ? [e.instance, e.peer] : [e.instance])}
                  aria-label={`Show the trace of: ${e.instance} ${e.text}`}
                >
                  Trace
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
