'use client';
import { useCallback } from 'react';
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
 * The traffic panel's send: a traffic test as a step, logged in the console, with the guess the
 * panel asked for. A flow sent with a name stays open on the server (a named `flow`), and the
 * attempt lists it (`AttemptView.flows`).
 */
export function useTrafficSend(send: Send) {
  return useCallback(
    (e: Record<string, unknown>, prediction?: Prediction) =>
      void send({ target: 'traffic', command: trafficLabel(e) }, { expect: e }, prediction),
    [send],
  );
}
