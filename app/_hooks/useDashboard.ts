'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { reduceDashboard, type DashboardState, type DashboardView, type LiveEvent } from '@/app/_shared/live-events';
import type { AttemptView } from '@/app/_shared/views';
import { followSession } from './follow-session';
import type { ClientEvent, ClientPayload, ClientReplies } from '@/app/_shared/protocol';
import { call, connect, type ClientSocket } from './socket-call';

/**
 * The instructor's live view of a session: the server's snapshot, then every event folded in
 * with the reducer the server uses. A reconnect sends the last version and folds what was
 * missed; events arriving meanwhile wait their turn.
 */
export function useDashboard(sessionId: string) {
  const [socket, setSocket] = useState<ClientSocket>();
  const [view, setView] = useState<DashboardView>();
  const [error, setError] = useState<string>();
  const [connected, setConnected] = useState(false);
  const [online, setOnline] = useState<ReadonlySet<string>>(new Set());
  const state = useRef<DashboardState | undefined>(undefined);

  useEffect(() => {
    const s = connect();
    setSocket(s);
    // a big class sends many events a second: fold each at once, redraw at most every 100 ms
    let redraw: ReturnType<typeof setTimeout> | undefined;
    const fold = (e: LiveEvent) => {
      if (!state.current) return;
      state.current = reduceDashboard(state.current, e);
      redraw ??= setTimeout(() => {
        redraw = undefined;
        const next = state.current!;
        setView((v) => v && { ...v, state: next });
      }, 100);
    };
    followSession(s, sessionId, {
      async load() {
        const v = await call(s, 'session:dashboard', { sessionId });
        state.current = v.state;
        setView(v);
        setOnline(new Set(v.online));
        return v.state.version;
      },
      fold,
      version: () => state.current?.version ?? 0,
      onError: setError,
    });
    s.on('connect', () => setConnected(true));
    s.on('disconnect', () => setConnected(false));
    s.on('live:presence', (p: { userId: string; online: boolean }) =>
      setOnline((o) => {
        const n = new Set(o);
        if (p.online) n.add(p.userId);
        else n.delete(p.userId);
        return n;
      }),
    );
    return () => {
      clearTimeout(redraw);
      s.disconnect();
    };
  }, [sessionId]);

  const send = useCallback(
    <E extends ClientEvent>(event: E, payload: Omit<ClientPayload<E>, 'sessionId'>): Promise<ClientReplies[E]> =>
      call(socket!, event, { sessionId, ...payload } as ClientPayload<E>),
    [socket, sessionId],
  );
  /** any learner's attempt, read-only (instructors may look) */
  const readAttempt = useCallback(
    (attemptId: string): Promise<AttemptView> => call(socket!, 'attempt:get', { attemptId }),
    [socket],
  );
  return { view, error, connected, online, send, readAttempt };
}
