import type { Server, Socket } from 'socket.io';
import { teamOf } from '@/app/_shared/live-events';
import { MAX_EVENT_BYTES, type Ack, type ClientEvent, type ClientToServerEvents, type ServerToClientEvents } from '@/app/_shared/protocol';
import { applyStep, getAttempt, gradeAttempt, listLevels, startAttempt, useHint } from '../attempts/attempt-cases';
import { readCookie, verifyToken, type Principal } from '../auth/session-token';
import { AppError, toPublicError } from '../errors';
import type { Services } from '../services';
import { RateLimiter } from '../http/rate-limit';
import { broadcastMessage, controlSession, createSession, getDashboard, getTimeline, listSessions, pushHint } from '../live/session-admin-cases';
import { getSession, joinSession, selectResource, sessionAttempt, syncSession } from '../live/session-play-cases';
import { roomNames, type LiveContext } from '../live/session-room';

type Handler = (s: Services, who: Principal | undefined, payload: unknown, ctx: LiveContext) => unknown;

/** Each event's use case; each validates its own payload against the protocol's schema (as for HTTP). */
const HANDLERS: Record<ClientEvent, Handler> = {
  'level:list': listLevels,
  'attempt:start': startAttempt,
  'attempt:get': getAttempt,
  'attempt:step': applyStep,
  'attempt:grade': gradeAttempt,
  'attempt:hint': useHint,
  'session:create': createSession,
  'session:list': listSessions,
  'session:join': joinSession,
  'session:get': getSession,
  'session:sync': syncSession,
  'session:attempt': sessionAttempt,
  'session:select': selectResource,
  'session:control': controlSession,
  'session:broadcast': broadcastMessage,
  'session:hint': pushHint,
  'session:dashboard': getDashboard,
  'session:timeline': getTimeline,
};

/** At most 10 events a second per socket, in bursts of up to 20. */
const RATE = { perSecond: 10, burst: 20 };

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** A payload's size as sent (JSON); undefined and functions count as nothing. */
function byteSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
}

/**
 * Wires socket.io to the use cases: the session cookie names the principal at connection;
 * every reply is an ack `{ ok, data } | { ok: false, error }`. Session events are delivered
 * through rooms that only the use cases subscribe a connection to, after checking who it is.
 */
export function registerHandlers(io: TypedServer, s: Services, opts: { rate?: { perSecond: number; burst: number } } = {}): void {
  const rate = opts.rate ?? RATE;
  s.rooms.publish = (sessionId, event) => {
    const team = teamOf(event);
    if (team) io.to([roomNames.team(sessionId, team), roomNames.instructors(sessionId)]).emit('live:event', event);
    else io.to(roomNames.all(sessionId)).emit('live:event', event);
  };
  s.rooms.signal = (sessionId, to, event, payload, except) => {
    const target = io.to(to.everyone ? roomNames.all(sessionId) : to.teamId ? roomNames.team(sessionId, to.teamId) : roomNames.instructors(sessionId));
    const scoped = except ? target.except(`user:${except}`) : target;
    (scoped.volatile as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
  };

  io.use((socket, next) => {
    socket.data.principal = verifyToken(s.secret, readCookie(socket.handshake.headers.cookie));
    next();
  });
  io.on('connection', (socket: TypedSocket) => {
    const limiter = new RateLimiter(rate.perSecond, rate.burst);
    const principal = socket.data.principal as Principal | undefined;
    if (principal) void socket.join(`user:${principal.userId}`);
    const present = new Set<string>();
    const ctx: LiveContext = {
      join(rooms, presence) {
        void socket.join(rooms);
        if (presence && !present.has(presence.sessionId)) {
          present.add(presence.sessionId);
          void markPresence(s, presence.sessionId, presence.userId, +1);
        }
      },
    };
    socket.on('disconnect', () => {
      for (const sessionId of present) void markPresence(s, sessionId, principal!.userId, -1);
    });
    for (const event of Object.keys(HANDLERS) as ClientEvent[]) {
      (socket as unknown as Socket).on(event, async (payload: unknown, ack?: (a: Ack<unknown>) => void) => {
        if (typeof payload === 'function' && ack === undefined) {
          ack = payload as (a: Ack<unknown>) => void;
          payload = undefined;
        }
        if (typeof ack !== 'function') return;
        if (!limiter.take(socket.id)) return ack({ ok: false, error: toPublicError(new AppError('RATE_LIMITED')) });
        const size = byteSize(payload);
        if (size > MAX_EVENT_BYTES) return ack({ ok: false, error: toPublicError(new AppError('MESSAGE_TOO_LARGE', { bytes: size, limit: MAX_EVENT_BYTES }, `The ${event} message is ${size} bytes; at most ${MAX_EVENT_BYTES} are accepted.`)) });
        try {
          const data = await HANDLERS[event](s, principal, payload ?? {}, ctx);
          ack({ ok: true, data });
        } catch (e) {
          ack({ ok: false, error: toPublicError(e) });
        }
      });
    }
  });
}

/** Counts a learner's open connections to a session; the instructors hear when one comes or goes. */
async function markPresence(s: Services, sessionId: string, userId: string, delta: number): Promise<void> {
  const room = await s.rooms.get(sessionId).catch(() => undefined);
  if (!room) return;
  const before = room.online.get(userId) ?? 0;
  const after = Math.max(0, before + delta);
  room.online.set(userId, after);
  if ((before > 0) !== (after > 0)) s.rooms.signal(sessionId, { instructors: true }, 'live:presence', { userId, online: after > 0 });
}
