'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@/app/_shared/protocol';
import type { AttemptView, GradeView, RevealedHint, StepView } from '@/app/_shared/views';
import type { StepReport } from '@/engine/lab/report';

function call<T>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (a: Ack<T>) => (a.ok ? resolve(a.data) : reject(new Error(a.error.message)));
    if (payload === undefined) socket.emit(event, done);
    else socket.emit(event, payload, done);
  });
}

/**
 * The learner's attempt on a level, over socket.io: resumed if one is open, started otherwise.
 * Every reply carries what changed (a step the attempt after it, a hint its text, a grade its
 * score), so each action is one round trip.
 */
export function useAttempt(levelId: string) {
  const socket = useRef<Socket | undefined>(undefined);
  const [attempt, setAttempt] = useState<AttemptView>();
  const [error, setError] = useState<string>();
  const key = `underlay:attempt:${levelId}`;

  useEffect(() => {
    const s = io({ transports: ['websocket'] });
    socket.current = s;
    const open = async () => {
      const saved = window.localStorage.getItem(key);
      try {
        const a = saved ? await call<AttemptView>(s, 'attempt:get', { attemptId: saved }).catch(() => undefined) : undefined;
        const next = a ?? (await call<AttemptView>(s, 'attempt:start', { levelId }));
        window.localStorage.setItem(key, next.attemptId);
        setAttempt(next);
      } catch (e) {
        setError((e as Error).message);
      }
    };
    s.on('connect', () => void open());
    return () => {
      s.disconnect();
    };
  }, [levelId, key]);

  const step = useCallback(
    async (body: Record<string, unknown>): Promise<StepReport> => {
      const r = await call<StepView>(socket.current!, 'attempt:step', { attemptId: attempt!.attemptId, step: body });
      setAttempt(r.attempt);
      return r.report;
    },
    [attempt],
  );

  const grade = useCallback(async () => {
    const g = await call<GradeView>(socket.current!, 'attempt:grade', { attemptId: attempt!.attemptId });
    setAttempt((a) => a && { ...a, bestScore: Math.max(a.bestScore, g.score) });
    return g;
  }, [attempt]);

  const hint = useCallback(
    async (index: number) => {
      const h = await call<RevealedHint>(socket.current!, 'attempt:hint', { attemptId: attempt!.attemptId, index });
      setAttempt((a) => a && { ...a, hintsUsed: [...a.hintsUsed.filter((u) => u.index !== h.index), h] });
    },
    [attempt],
  );

  const reset = useCallback(async () => {
    const next = await call<AttemptView>(socket.current!, 'attempt:start', { levelId });
    window.localStorage.setItem(key, next.attemptId);
    setAttempt(next);
  }, [levelId, key]);

  return { attempt, error, step, grade, hint, reset };
}
