'use client';
import { useEffect, useState } from 'react';
import type { StepReport, TraceHop } from '@/engine/lab/report';

/**
 * Steps a packet hop by hop, forwards and backwards (buttons or ←/→): what each hop did and,
 * for a drop, the code and its explanation. The current hop is highlighted on the diagram.
 */
export function TraceViewer({
  report,
  seq = 0,
  onHop,
}: {
  report?: StepReport;
  /** how many traces the page has shown: each new one starts at its first hop */
  seq?: number;
  onHop: (ids: string[]) => void;
}) {
  const [which, setWhich] = useState<'request' | 'reply'>('request');
  const [at, setAt] = useState(0);
  const hops: TraceHop[] = (which === 'request' ? report?.trace : report?.replyTrace) ?? [];
  useEffect(() => {
    setAt(0);
    setWhich('request');
  }, [report, seq]);
  // keyed on the hop's resource, not the hop list: with no trace the list is a fresh [] on
  // every render, and re-highlighting on each one would re-render the page without end
  const current = hops[at]?.resource;
  useEffect(() => onHop(current ? [current] : []), [current, onHop]);
  if (!report?.trace)
    return (
      <div className="panel">
        <p className="muted">Send traffic (Traffic tab or a check) to see its trace here.</p>
      </div>
    );
  const move = (d: number) => setAt((a) => Math.min(hops.length - 1, Math.max(0, a + d)));
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
      <div className="tabs" role="tablist">
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
        <button onClick={() => move(-1)} aria-label="Previous hop">
          ◀
        </button>
        <button onClick={() => move(1)} aria-label="Next hop">
          ▶
        </button>
        <span className="muted">
          hop {Math.min(at + 1, hops.length)} of {hops.length}
        </span>
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
            <span className="muted">{h.action}</span> — {h.detail}
          </li>
        ))}
      </ol>
      {report.drop && (
        <p className="bad" role="note" data-testid="drop-explanation">
          <strong>{report.drop.code}</strong> at {report.drop.at}: {report.drop.explanation}
        </p>
      )}
    </div>
  );
}
