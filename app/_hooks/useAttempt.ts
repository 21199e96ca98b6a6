'use client';
import type { JudgedPrediction, Prediction } from '@/engine/grade/prediction';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveEvent } from '@/app/_shared/live-events';
import type { AttemptConsole, AttemptTick, AttemptView } from '@/app/_shared/views';
import type { StepReport } from '@/engine/lab/report';
import { call, connect, type ClientSocket } from './socket-call';

/** In a live session the attempt is the team's: opened through the session, on the session's socket. */
export interface LiveLink {
  socket: ClientSocket;
  sessionId: string;
}

/**
 * The learner's attempt on a level, over socket.io. Alone: resumed if one is open, started
 * otherwise. In a live session: the team's attempt, kept current as teammates change it.
 * Every reply carries what changed, so each action is one round trip.
 */
export function useAttempt(levelId: string, live?: LiveLink, onConsole?: (c: AttemptConsole) => void) {
  const consoleHandler = useRef(onConsole);
  consoleHandler.current = onConsole;
  const socket = useRef<ClientSocket | undefined>(undefined);
  const [attempt, setAttempt] = useState<AttemptView>();
  const [error, setError] = useState<string>();
  /** why the clock stopped by itself (idle, a paused session, a step it could not store) */
  const [clockNotice, setClockNotice] = useState<string>();
  const key = `underlay:attempt:${levelId}`;
  const current = useRef<AttemptView | undefined>(undefined);
  current.current = attempt;

  useEffect(() => {
    const s = live?.socket ?? connect();
    socket.current = s;
    const open = async () => {
      try {
        if (live) {
          setAttempt(await call(s, 'session:attempt', { sessionId: live.sessionId, levelId }));
          return;
        }
        // this browser's attempt, else the learner's newest on this level from any device, else a new one
        const saved = window.localStorage.getItem(key);
        const a = saved ? await call(s, 'attempt:get', { attemptId: saved }).catch(() => undefined) : undefined;
        const next = a ?? (await call(s, 'attempt:open', { levelId }));
        window.localStorage.setItem(key, next.attemptId);
        setAttempt(next);
      } catch (e) {
        setError((e as Error).message);
      }
    };
    // a teammate's change (or reset) reaches this page as a session event: reload the attempt
    const onEvent = (e: LiveEvent) => {
      const a = current.current;
      if (!a || !('levelId' in e) || e.levelId !== levelId) return;
      const newer =
        (e.kind === 'step' && e.attemptId === a.attemptId && e.attemptVersion > a.version) ||
        (e.kind === 'attempt' && e.attemptId !== a.attemptId) ||
        (e.kind === 'hint' && e.attemptId === a.attemptId);
      if (newer) void call(s, 'attempt:get', { attemptId: e.attemptId }).then(setAttempt, () => undefined);
    };
    // the running clock's seconds, pushed by the server to the learner's pages or the team's
    const onTick = (t: AttemptTick) => {
      setAttempt((a) =>
        a && a.attemptId === t.attemptId && t.version >= a.version
          ? {
              ...a,
              version: t.version,
              steps: t.version,
              runtime: t.runtime,
              clock: t.clock,
              ...(t.topology ? { topology: t.topology } : {}),
            }
          : a,
      );
      if (t.notice && current.current?.attemptId === t.attemptId) setClockNotice(t.notice);
    };
    s.on('attempt:tick', onTick);
    // a command run on this attempt elsewhere (another tab, a teammate): the console shows it
    const onConsoleEntry = (c: AttemptConsole) => {
      if (c.attemptId === current.current?.attemptId) consoleHandler.current?.(c);
    };
    s.on('attempt:console', onConsoleEntry);
    if (live) {
      if (s.connected) void open();
      s.on('live:event', onEvent);
    }
    const onConnect = () => void open();
    s.on('connect', onConnect);
    return () => {
      s.off('attempt:tick', onTick);
      s.off('attempt:console', onConsoleEntry);
      s.off('live:event', onEvent);
      s.off('connect', onConnect);
      if (!live) s.disconnect();
    };
  }, [levelId, key, live]);

  const step = useCallback(
    async (
      body: Record<string, unknown>,
      prediction?: Prediction,
    ): Promise<{ report: StepReport; notice?: string; entryId?: number; prediction?: JudgedPrediction }> => {
      const r = await call(socket.current!, 'attempt:step', {
        attemptId: attempt!.attemptId,
        step: body,
        ...(prediction ? { prediction } : {}),
      });
      // the step's reply leaves the console and last trace as the page has them
      const { console: _c, lastTrace: _t, ...fresh } = r.attempt;
      setAttempt((a) => (a && a.version > r.attempt.version ? a : { ...a, ...fresh }));
      return {
        report: r.report,
        ...(r.notice ? { notice: r.notice } : {}),
        ...(r.entry ? { entryId: r.entry.id } : {}),
        ...(r.prediction ? { prediction: r.prediction } : {}),
      };
    },
    [attempt],
  );

  /** Runs or pauses the attempt's clock (the server runs it; its seconds arrive as ticks). */
  const clock = useCallback(
    async (run: boolean) => {
      setClockNotice(undefined);
      const r = await call(socket.current!, 'attempt:clock', { attemptId: attempt!.attemptId, run });
      setAttempt((a) => (a && a.version > r.attempt.version ? { ...a, clock: r.clock } : r.attempt));
    },
    [attempt],
  );

  const grade = useCallback(async () => {
    const g = await call(socket.current!, 'attempt:grade', { attemptId: attempt!.attemptId });
    setAttempt((a) => a && { ...a, bestScore: Math.max(a.bestScore, g.score) });
    return g;
  }, [attempt]);

  const hint = useCallback(
    async (index: number) => {
      const h = await call(socket.current!, 'attempt:hint', { attemptId: attempt!.attemptId, index });
      setAttempt((a) => a && { ...a, hintsUsed: [...a.hintsUsed.filter((u) => u.index !== h.index), h] });
    },
    [attempt],
  );

  const reset = useCallback(async () => {
    if (live) {
      setAttempt(
        await call(socket.current!, 'session:attempt', {
          sessionId: live.sessionId,
          levelId,
          fresh: true,
        }),
      );
      return;
    }
    const next = await call(socket.current!, 'attempt:start', { levelId });
    window.localStorage.setItem(key, next.attemptId);
    setAttempt(next);
  }, [levelId, key, live]);

  return { attempt, error, clockNotice, step, clock, grade, hint, reset };
}
