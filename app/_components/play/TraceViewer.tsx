'use client';
import { outcomeText, type JudgedPrediction } from '@/engine/grade/prediction';
import { useEffect, useState } from 'react';
import { withRuleLinks } from './rule-links';
import type { StepReport, TraceHop } from '@/engine/lab/report';
import { RouteChoices } from './RouteChoices';

/** Hops per second at each speed the player offers. */
const SPEEDS = [0.5, 1, 2, 4] as const;

/**
 * Steps a packet hop by hop, forwards and backwards (buttons or ←/→), or plays it at a chosen
 * speed: what each hop did and, for a drop, the code and its explanation. The current hop is
 * highlighted on the diagram, where a packet moves from hop to hop and a drop is marked.
 */
export function TraceViewer({
  report,
  seq = 0,
  onHop,
  prediction,
}: {
  report?: StepReport;
  /** how many traces the page has shown: each new one starts at its first hop */
  seq?: number;
  onHop: (ids: string[], packet?: { dropped: boolean }) => void;
  /** what the learner guessed before this traffic test ran */
  prediction?: JudgedPrediction;
}) {
  const [which, setWhich] = useState<'request' | 'reply'>('request');
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const hops: TraceHop[] = (which === 'request' ? report?.trace : report?.replyTrace) ?? [];
  useEffect(() => {
    setAt(0);
    setWhich('request');
    setPlaying(false);
  }, [report, seq]);
  // keyed on the hop's resource, not the hop list: with no trace the list is a fresh [] on
  // every render, and re-highlighting on each one would re-render the page without end
  const current = hops[at]?.resource;
  const dropped = hops[at]?.action === 'drop';
  // a transit gateway's hop also lights the route table that decided (drawn under it)
  const table = hops[at]?.table;
  useEffect(
    () => onHop(current ? [current, ...(table ? [table] : [])] : [], current ? { dropped } : undefined),
    [current, table, dropped, at, onHop],
  );
  // playing: one hop per tick until the last, then it stops there
  const last = hops.length - 1;
  useEffect(() => {
    if (!playing) return;
    if (at >= last) {
      setPlaying(false);
      return;
    }
    const t = setTimeout(() => setAt((a) => Math.min(last, a + 1)), 1000 / speed);
    return () => clearTimeout(t);
  }, [playing, at, last, speed]);
  if (!report?.trace)
    return (
      <div className="panel">
        <p className="muted">Send traffic (Traffic tab or a check) to see its trace here.</p>
      </div>
    );
  const move = (d: number) => {
    setPlaying(false);
    setAt((a) => Math.min(hops.length - 1, Math.max(0, a + d)));
  };
  return (
    <div
      className="panel scroll"
      data-testid="trace-viewer"
      data-seq={seq}
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') move(1);
        if (e.key === 'ArrowLeft') move(-1);
      }}
      aria-label="Trace viewer: use the left and right arrow keys to step"
    >
      <p>
        <strong>{report.summary}</strong>
      </p>
      {prediction && (
        <p data-testid="prediction-result" className={prediction.right ? undefined : 'warn'}>
          You predicted {outcomeText(prediction.guess)}; it was {outcomeText(prediction.actual)}.{' '}
          {prediction.right ? 'Right.' : 'Not what you expected: the hops below say why.'}
        </p>
      )}
      <div className="tabs">
        <div className="tabs" role="tablist" aria-label="Which packet">
          <button
            role="tab"
            aria-selected={which === 'request'}
            onClick={() => {
              setWhich('request');
              setAt(0);
            }}
          >
            Request
          </button>
          {report.replyTrace && (
            <button
              role="tab"
              aria-selected={which === 'reply'}
              onClick={() => {
                setWhich('reply');
                setAt(0);
              }}
            >
              Reply
            </button>
          )}
        </div>
        <div className="tabs" role="group" aria-label="Packet player">
          <button onClick={() => move(-1)} aria-label="Previous hop">
            ◀
          </button>
          <button
            onClick={() => {
              if (!playing && at >= last) setAt(0);
              setPlaying(!playing);
            }}
            aria-pressed={playing}
            aria-label={playing ? 'Pause the packet' : 'Play the packet hop by hop'}
            data-testid="trace-play"
          >
            {playing ? '❚❚ Pause' : '▶ Play'}
          </button>
          <button onClick={() => move(1)} aria-label="Next hop">
            ▶
          </button>
          <label className="muted">
            Speed{' '}
            <select
              value={speed}
              onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}
              aria-label="Playback speed"
            >
              {SPEEDS.map((x) => (
                <option key={x} value={x}>
                  {x}×
                </option>
              ))}
            </select>
          </label>
          <span className="muted" aria-live="polite" data-testid="trace-position">
            hop {Math.min(at + 1, hops.length)} of {hops.length}
          </span>
        </div>
      </div>
      <ol style={{ listStyle: 'none', padding: 0 }}>
        {hops.map((h, i) => (
          <li
            key={i}
            className={`hop${i === at ? ' current' : ''}${h.action === 'drop' ? ' drop' : ''}`}
            onClick={() => setAt(i)}
            data-testid={h.action === 'drop' ? 'trace-drop' : undefined}
          >
            <strong>
              {i + 1}. {h.resource}
            </strong>{' '}
            <span className="muted">{h.action}</span> — {withRuleLinks(h.detail)}
            {h.routes && <RouteChoices lookup={h.routes} />}
          </li>
        ))}
      </ol>
      {report.drop && (
        <p className="bad" role="note" data-testid="drop-explanation">
          <strong>{report.drop.code}</strong> at {report.drop.at}: {withRuleLinks(report.drop.explanation)}
        </p>
      )}
    </div>
  );
}
