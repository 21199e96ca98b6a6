'use client';
import { useCallback, useState } from 'react';
import type { Prediction } from '@/engine/grade/prediction';

type Send = (
  label: { target: string; command: string },
  body: Record<string, unknown>,
  prediction?: Prediction,
) => Promise<boolean>;

/** The console line a traffic-panel send is logged as. */
export function trafficLabel(e: Record<string, unknown>): string {
  const flow = typeof e.flow === 'string' ? e.flow : undefined;
  if (e.from === undefined) return `${e.direction === 'reply' ? 'reply on' : 'again on'} session ${flow ?? ''}`;
  const port = e.port !== undefined ? `/${String(e.port)}` : '';
  const sport = e.sourcePort !== undefined ? ` from port ${String(e.sourcePort)}` : '';
  return `${String(e.from)} → ${String(e.to)} ${String(e.protocol)}${port}${sport}${flow ? ` (session ${flow})` : ''}`;
}

/**
 * The traffic panel's sends, and the sessions it opened: a flow sent with a name stays open
 * on the server (a named `flow`), and the panel offers to send on it again.
 */
export function useTrafficSessions(send: Send) {
  const [sessions, setSessions] = useState<string[]>([]);
  const sendTraffic = useCallback(
    (e: Record<string, unknown>, prediction?: Prediction) => {
      void send({ target: 'traffic', command: trafficLabel(e) }, { expect: e }, prediction).then((ok) => {
        const name = e.flow;
        if (ok && e.from !== undefined && typeof name === 'string')
          setSessions((s) => (s.includes(name) ? s : [...s, name]));
      });
    },
    [send],
  );
  return { sessions, sendTraffic };
}
