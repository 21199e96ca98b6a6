import type { Server, Socket } from 'socket.io';
import { teamOf } from '@/app/_shared/live-events';
import { JoinSessionSchema } from '@/app/_shared/live-protocol';
import {
  MAX_EVENT_BYTES,
  type Ack,
  type ClientEvent,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@/app/_shared/protocol';
import { applyStep, getAttempt, gradeAttempt, listLevels, startAttempt, useHint } from '../attempts/attempt-cases';
import { readCookie, verifyToken, type Principal } from '../auth/session-token';
import { AppError, toPublicError } from '../errors';
import type { Services } from '../services';
import { RateLimiter } from '../http/rate-limit';
import {
  broadcastMessage,
  controlSession,
  createSession,
  exportResults,
  getDashboard,
  getTimeline,
  listSessions,
  pushHint,
} from '../live/session-admin-cases';
import { getSession, joinSession, selectResource, sessionAttempt, syncSession } from '../live/session-play-cases';
import { roomNames, type LiveContext } from '../live/session-room';
import { localDirectory, type RoomDirectory } from '../cluster/room-directory';

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
  'session:export': exportResults,
};

/** At most 10 events a second per socket, in bursts of up to 20. */
const RATE = { perSecond: 10, burst: 20 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The room of everyone in a session (roomNames.all): being in it is being present. */
const SESSION_ROOM = /^live:([0-9a-f-]{36})$/;

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;
type TypedSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface HandlerOptions {
  rate?: { perSecond: number; burst: number };
  /** who owns which session's room (several processes); default: this process owns all */
  directory?: RoomDirectory;
}

/** An operation sent to the process that owns its session's room. */
interface RemoteOp {
  owner: string;
  event: ClientEvent;
  payload: unknown;
  principal?: Principal;
  socketId: string;
  sessionId: string;
}

/** A payload's size as sent (JSON); undefined and functions count as nothing. */
function byteSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** An HTTP request has no connection to subscribe: a room of this name has no sockets. */
const NO_SOCKET = 'http-request';

/**
 * Wires socket.io to the use cases: the session cookie names the principal at connection;
 * every reply is an ack `{ ok, data } | { ok: false, error }`. Session events are delivered
 * through rooms that only the use cases subscribe a connection to, after checking who it is.
 * With several processes, an operation on a session runs on the process that owns the
 * session's room: the one that received it forwards it there and relays the answer.
 */
export function registerHandlers(io: TypedServer, s: Services, opts: HandlerOptions = {}): void {
  const rate = opts.rate ?? RATE;
  const directory = opts.directory ?? localDirectory('local');
  const sessionOfAttempt = new Map<string, string | null>();

  s.rooms.publish = (sessionId, event) => {
    const team = teamOf(event);
    if (team) io.to([roomNames.team(sessionId, team), roomNames.instructors(sessionId)]).emit('live:event', event);
    else io.to(roomNames.all(sessionId)).emit('live:event', event);
  };
  s.rooms.signal = (sessionId, to, event, payload) => {
    const target = io.to(
      to.everyone
        ? roomNames.all(sessionId)
        : to.teamId
          ? roomNames.team(sessionId, to.teamId)
          : roomNames.instructors(sessionId),
    );
    const scoped = to.except ? target.except(`user:${to.except}`) : target;
    ((to.volatile ? scoped.volatile : scoped) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
  };
  s.rooms.onlineUsers = async (sessionId) => {
    const sockets = await io.in(roomNames.all(sessionId)).fetchSockets();
    return [
      ...new Set(
        sockets
          .map((x) => x.data.principal as Principal | undefined)
          .filter((p) => p?.role === 'learner')
          .map((p) => p!.userId),
      ),
    ];
  };

  /** The session an event concerns, if any: named, found by join code, or through a session attempt. */
  async function sessionOf(event: ClientEvent, payload: unknown): Promise<string | undefined> {
    if (!payload || typeof payload !== 'object') return undefined;
    const p = payload as Record<string, unknown>;
    if (typeof p.sessionId === 'string') return UUID.test(p.sessionId) ? p.sessionId : undefined;
    if (event === 'session:join') {
      const join = JoinSessionSchema.safeParse(payload);
      return join.success
        ? (await s.db.liveSession.findUnique({ where: { code: join.data.code }, select: { id: true } }))?.id
        : undefined;
    }
    if (event.startsWith('attempt:') && typeof p.attemptId === 'string' && UUID.test(p.attemptId)) {
      if (!sessionOfAttempt.has(p.attemptId)) {
        const row = await s.db.attempt.findUnique({ where: { id: p.attemptId }, select: { sessionId: true } });
        if (!row) return undefined;
        sessionOfAttempt.set(p.attemptId, row.sessionId);
      }
      return sessionOfAttempt.get(p.attemptId) ?? undefined;
    }
    return undefined;
  }

  /** Runs a use case in this process; the connection it subscribes may live on another. */
  async function runHere(
    event: ClientEvent,
    principal: Principal | undefined,
    payload: unknown,
    socketId: string,
  ): Promise<Ack<unknown>> {
    const ctx: LiveContext = { join: (rooms) => io.in(socketId).socketsJoin(rooms) };
    try {
      return { ok: true, data: await HANDLERS[event](s, principal, payload ?? {}, ctx) };
    } catch (e) {
      return { ok: false, error: toPublicError(e) };
    }
  }

  /** Sends an operation to its room's owner: its answer, or whether the owner is gone or only slow. */
  function forward(
    op: RemoteOp,
  ): Promise<{ kind: 'done'; ack: Ack<unknown> } | { kind: 'absent' } | { kind: 'unknown' }> {
    return new Promise((resolve) => {
      (
        io as unknown as {
          serverSideEmit(
            e: string,
            m: RemoteOp,
            cb: (err: Error | null, replies: ({ owner: string; ack: Ack<unknown> } | null)[]) => void,
          ): void;
        }
      ).serverSideEmit('underlay:op', op, (err, replies) => {
        const answer = (replies ?? []).find((r) => r?.owner === op.owner);
        if (answer) resolve({ kind: 'done', ack: answer.ack });
        else resolve(err ? { kind: 'unknown' } : { kind: 'absent' });
      });
    });
  }

  async function dispatch(
    event: ClientEvent,
    principal: Principal | undefined,
    payload: unknown,
    socketId: string,
  ): Promise<Ack<unknown>> {
    if (!directory.clustered) return runHere(event, principal, payload, socketId);
    const sessionId = await sessionOf(event, payload).catch(() => undefined);
    if (!sessionId) return runHere(event, principal, payload, socketId);
    const deadline = Date.now() + directory.leaseMs + 2000;
    for (;;) {
      const owner = await directory.owner(sessionId);
      if (owner === directory.nodeId) return runHere(event, principal, payload, socketId);
      const r = await forward({ owner, event, payload, ...(principal ? { principal } : {}), socketId, sessionId });
      if (r.kind === 'done') return r.ack;
      // the owner answered nothing in time: the operation may have run, so it is not retried
      if (r.kind === 'unknown' || Date.now() > deadline)
        return { ok: false, error: toPublicError(new AppError('ROOM_UNAVAILABLE')) };
      // the owner is gone: its lease runs out shortly, then this process (or another) takes the room
      await sleep(150);
    }
  }

  // the HTTP API takes the same road, so a session's operations run where its room is
  s.route = (event, principal, payload) => dispatch(event, principal, payload, NO_SOCKET);

  (
    io as unknown as {
      on(e: string, h: (op: RemoteOp, reply: (r: { owner: string; ack: Ack<unknown> } | null) => void) => void): void;
    }
  ).on('underlay:op', (op, reply) => {
    if (op.owner !== directory.nodeId) return reply(null);
    void (async () => {
      // a lease lost since the sender looked: let it look again
      if ((await directory.owner(op.sessionId)) !== directory.nodeId) return reply(null);
      reply({ owner: directory.nodeId, ack: await runHere(op.event, op.principal, op.payload, op.socketId) });
    })();
  });

  // presence: a learner is online in a session while one of their connections is in its room
  // (the adapter tells the node where the connection lives, wherever the use case ran)
  const presence = (online: boolean) => (room: string, socketId: string) => {
    const sessionId = SESSION_ROOM.exec(room)?.[1];
    const who = sessionId ? (io.of('/').sockets.get(socketId)?.data.principal as Principal | undefined) : undefined;
    if (!sessionId || who?.role !== 'learner') return;
    if (online) s.rooms.signal(sessionId, { instructors: true }, 'live:presence', { userId: who.userId, online: true });
    else void leftSession(s, io, sessionId, who.userId);
  };
  io.of('/').adapter.on('join-room', presence(true));
  io.of('/').adapter.on('leave-room', presence(false));

  io.use((socket, next) => {
    socket.data.principal = verifyToken(s.secret, readCookie(socket.handshake.headers.cookie));
    next();
  });
  io.on('connection', (socket: TypedSocket) => {
    const limiter = new RateLimiter(rate.perSecond, rate.burst);
    const principal = socket.data.principal as Principal | undefined;
    if (principal) void socket.join(`user:${principal.userId}`);
    for (const event of Object.keys(HANDLERS) as ClientEvent[]) {
      (socket as unknown as Socket).on(event, async (payload: unknown, ack?: (a: Ack<unknown>) => void) => {
        if (typeof payload === 'function' && ack === undefined) {
          ack = payload as (a: Ack<unknown>) => void;
          payload = undefined;
        }
        if (typeof ack !== 'function') return;
        if (!limiter.take(socket.id)) return ack({ ok: false, error: toPublicError(new AppError('RATE_LIMITED')) });
        const size = byteSize(payload);
        if (size > MAX_EVENT_BYTES)
          return ack({
            ok: false,
            error: toPublicError(
              new AppError(
                'MESSAGE_TOO_LARGE',
                { bytes: size, limit: MAX_EVENT_BYTES },
                `The ${event} message is ${size} bytes; at most ${MAX_EVENT_BYTES} are accepted.`,
              ),
            ),
          });
        ack(await dispatch(event, principal, payload, socket.id));
      });
    }
  });
}

/** A learner's connection closed: offline unless another of their connections is still in the session. */
async function leftSession(s: Services, io: TypedServer, sessionId: string, userId: string): Promise<void> {
  const still = (
    await io
      .in(roomNames.all(sessionId))
      .fetchSockets()
      .catch(() => [])
  ).some((x) => (x.data.principal as Principal | undefined)?.userId === userId);
  if (!still) s.rooms.signal(sessionId, { instructors: true }, 'live:presence', { userId, online: false });
}
