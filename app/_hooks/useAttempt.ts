'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '@/app/_shared/protocol';
import type { StepReport } from '@/engine/lab/report';

export interface LevelInfo {
  id: string;
  title: string;
  briefing: string;
  maxScore: number;
  hidePublicAddresses?: boolean;
  allowed: { shell: { instances: string[]; commands: string[] }[]; traffic: { from: string[] } };
  visibleChecks: { id: string; points: number; feedback: string; requires: string[]; steps: unknown[] }[];
  hiddenChecks: { count: number; points: number };
  hints: { index: number; cost: number }[];
}

export interface AttemptInfo {
  attemptId: string;
  version: number;
  level: LevelInfo;
  topology: Record<string, unknown>;
  hintsUsed: { index: number; cost: number; text: string }[];
  bestScore: number;
}

export interface CheckInfo {
  id: string;
  visible: boolean;
  points: number;
  earned: number;
  passed: boolean;
  feedback?: string;
  steps?: StepReport[];
}

export interface GradeInfo {
  score: number;
  maxScore: number;
  hintPenalty: number;
  complete: boolean;
  checks: CheckInfo[];
}

function call<T>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (a: Ack<T>) => (a.ok ? resolve(a.data) : reject(new Error(a.error.message)));
    if (payload === undefined) socket.emit(event, done);
    else socket.emit(event, payload, done);
  });
}

/** The learner's attempt on a level, over socket.io: resumed if one is open, started otherwise. */
export function useAttempt(levelId: string) {
  const socket = useRef<Socket | undefined>(undefined);
  const [attempt, setAttempt] = useState<AttemptInfo>();
  const [error, setError] = useState<string>();
  const key = `underlay:attempt:${levelId}`;

  useEffect(() => {
    const s = io({ transports: ['websocket'] });
    socket.current = s;
    const open = async () => {
      const saved = window.localStorage.getItem(key);
      try {
        const a = saved ? await call<AttemptInfo>(s, 'attempt:get', { attemptId: saved }).catch(() => undefined) : undefined;
        const next = a ?? (await call<AttemptInfo>(s, 'attempt:start', { levelId }));
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

  const refresh = useCallback(async (id: string) => {
    setAttempt(await call<AttemptInfo>(socket.current!, 'attempt:get', { attemptId: id }));
  }, []);

  const step = useCallback(
    async (body: Record<string, unknown>): Promise<StepReport> => {
      const r = await call<{ report: StepReport; version: number }>(socket.current!, 'attempt:step', { attemptId: attempt!.attemptId, step: body });
      await refresh(attempt!.attemptId);
      return r.report;
    },
    [attempt, refresh],
  );

  const grade = useCallback(() => call<GradeInfo>(socket.current!, 'attempt:grade', { attemptId: attempt!.attemptId }), [attempt]);

  const hint = useCallback(
    async (index: number) => {
      await call(socket.current!, 'attempt:hint', { attemptId: attempt!.attemptId, index });
      await refresh(attempt!.attemptId);
    },
    [attempt, refresh],
  );

  const reset = useCallback(async () => {
    const next = await call<AttemptInfo>(socket.current!, 'attempt:start', { levelId });
    window.localStorage.setItem(key, next.attemptId);
    setAttempt(next);
  }, [levelId, key]);

  return { attempt, error, step, grade, hint, reset };
}
