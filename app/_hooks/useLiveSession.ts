'use client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LearnerSessionView, LiveEvent, Standing } from '@/app/_shared/live-events';
import { followSession } from './follow-session';
import { call, connect, type ClientSocket } from './socket-call';

/** Something the instructor did for this learner that must not go unseen: a message, a pushed hint. */
export interface LiveNotice {
  id: number;
  kind: 'message' | 'hint';
  text: string;
}

/** What a session event tells this learner out loud, if anything. */
export function noticeOf(v: LearnerSessionView, e: LiveEvent): LiveNotice | undefined {
  if (e.kind === 'message' && (!e.teamId || e.teamId === v.me.teamId))
    return { id: e.seq, kind: 'message', text: `${e.from}: ${e.text}` };
  if (e.kind === 'hint' && e.pushed && e.teamId === v.me.teamId) {
    const level = v.levels.find((l) => l.levelId === e.levelId);
    return {
      id: e.seq,
      kind: 'hint',
      text: `Your instructor sent you hint ${e.index + 1}${level ? ` for “${level.title}”` : ''}: it is under Checks & hints, free of charge.`,
    };
  }
  return undefined;
}

export interface Selection {
  userId: string;
  name: string;
  resourceId: string | null;
}

/** Folds one session event into what a learner sees (their team's events and everyone's). */
export function applyLearnerEvent(v: LearnerSessionView, e: LiveEvent): LearnerSessionView {
  if (e.seq <= v.version) return v;
  const next = { ...v, version: e.seq };
  switch (e.kind) {
    case 'status':
      return { ...next, session: { ...v.session, status: e.status } };
    case 'message':
      return {
        ...next,
        messages: [
          ...v.messages,
          { seq: e.seq, text: e.text, from: e.from, at: e.at, ...(e.teamId ? { teamId: e.teamId } : {}) },
        ],
      };
    case 'join':
      return e.teamId === v.me.teamId && !v.me.members.some((m) => m.userId === e.userId)
        ? { ...next, me: { ...v.me, members: [...v.me.members, { userId: e.userId, name: e.name }] } }
        : next;
    case 'attempt':
    case 'step':
    case 'grade':
      if (e.teamId !== v.me.teamId) return next;
      return {
        ...next,
        levels: v.levels.map((l) => {
          if (l.levelId !== e.levelId) return l;
          if (e.kind === 'attempt')
            return { ...l, attemptId: e.attemptId, checksPassed: 0, checksTotal: e.checksTotal };
          if (e.kind === 'step') return { ...l, checksPassed: e.checksPassed, checksTotal: e.checksTotal };
          return { ...l, bestScore: Math.max(l.bestScore, e.score) };
        }),
      };
    default:
      return next;
  }
}

/**
 * A learner's live session: one socket for the session's events and the team's attempt. On a
 * reconnect it sends the last version it saw and folds in what it missed; events that arrive
 * meanwhile wait, so none is applied twice or out of order.
 */
export function useLiveSession(sessionId: string) {
  const [socket, setSocket] = useState<ClientSocket>();
  const [view, setView] = useState<LearnerSessionView>();
  const [error, setError] = useState<string>();
  const [connected, setConnected] = useState(false);
  const [selections, setSelections] = useState<Record<string, Selection>>({});
  const [notices, setNotices] = useState<LiveNotice[]>([]);
  const version = useRef(0);

  useEffect(() => {
    const s = connect();
    setSocket(s);
    const fold = (e: LiveEvent) => {
      setView((v) => {
        if (!v) return v;
        // a message or a pushed hint that arrives while the page is open is shown as a notice
        if (e.seq > v.version) {
          const n = noticeOf(v, e);
          if (n) setNotices((all) => [...all.filter((x) => x.id !== n.id), n].slice(-4));
        }
        const next = applyLearnerEvent(v, e);
        version.current = next.version;
        return next;
      });
    };
    followSession(s, sessionId, {
      async load() {
        const v = await call(s, 'session:get', { sessionId });
        version.current = v.version;
        setView(v);
        return v.version;
      },
      fold,
      version: () => version.current,
      onError: setError,
    });
    s.on('connect', () => setConnected(true));
    s.on('disconnect', () => setConnected(false));
    s.on('live:leaderboard', (rows: Standing[]) => setView((v) => v && { ...v, leaderboard: rows }));
    s.on('live:selection', (sel: Selection) => setSelections((m) => ({ ...m, [sel.userId]: sel })));
    return () => {
      s.disconnect();
    };
  }, [sessionId]);

  const select = useCallback(
    (resourceId: string | null) => {
      if (socket?.connected) void call(socket, 'session:select', { sessionId, resourceId }).catch(() => undefined);
    },
    [socket, sessionId],
  );

  const live = useMemo(() => (socket ? { socket, sessionId } : undefined), [socket, sessionId]);
  const dismiss = useCallback((id: number) => setNotices((all) => all.filter((n) => n.id !== id)), []);
  return { view, error, connected, selections, select, live, notices, dismiss };
}
