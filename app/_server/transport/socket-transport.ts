import {
  CLIENT_EVENTS,
  PROTOCOL_VERSION,
  type Ack,
  type ClientEvent,
  type ConnectRefusal,
  type ConnectRefusalData,
  type HandshakeAuth,
} from '@/app/_shared/protocol';
import { AppError, toPublicError } from '../errors';
import { take } from '../limits/limiters';
import { roomNames } from '../live/live-bus';
import type { Services } from '../services';
import { clientAddress, isSecure, originAllowed } from './client';
import { payloadProblem } from './payload';
import { requestId, type Router } from './router';
import type { TypedServer, TypedSocket } from './typed-server';

/** The room of everyone in a session (roomNames.all): being in it is being present. */
const SESSION_ROOM = /^live:([0-9a-f-]{36})$/;

function refuse(code: ConnectRefusal, message: string, extra: Partial<ConnectRefusalData> = {}): Error {
  const e = new Error(message) as Error & { data: ConnectRefusalData };
  e.data = { code, message, ...extra };
  return e;
}

/** A payload's size as sent (JSON); undefined and functions count as nothing. */
function byteSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '');
  } catch {
    return Infinity;
  }
}

const fail = (e: AppError): Ack<never> => ({ ok: false, error: toPublicError(e) });

/**
 * socket.io's side of the use cases. A connection is refused, with a typed reason, when its page
 * speaks another protocol version (an old tab after a deploy), comes from another site, or opens
 * connections faster than a person does. Every event is counted against its principal over all
 * of their connections (on every node, with Redis) and against its address, checked for size and
 * shape, and then goes the one road to its use case (the router).
 */
export function attachSocketTransport(io: TypedServer, s: Services, router: Router): void {
  const limits = s.config.limits;
  const open = new Map<string, number>();

  io.use(async (socket, next) => {
    const req = socket.request;
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
    if (auth.protocol !== PROTOCOL_VERSION)
      return next(
        refuse('PROTOCOL_MISMATCH', 'Underlay was updated since this page loaded: reload the page to continue.', {
          server: PROTOCOL_VERSION,
        }),
      );
    if (!originAllowed(req, s.config.allowedOrigins))
      return next(refuse('ORIGIN_NOT_ALLOWED', 'Connections are accepted only from this server’s own pages.'));
    const address = clientAddress(req, s.config.trustProxy);
    try {
      const caller = await s.signIns.resolve(req.headers.cookie);
      const who = caller ? caller.principal.userId : `anon:${address}`;
      const verdicts = await Promise.all([
        take(s.limiters.connections, who),
        take(s.limiters.connectionsByAddress, address),
      ]);
      if (verdicts.some((v) => !v.ok))
        return next(refuse('RATE_LIMITED', 'Too many connections just now; wait a moment and reload.'));
      if (caller && (open.get(caller.principal.userId) ?? 0) >= limits.openConnections)
        return next(
          refuse(
            'TOO_MANY_CONNECTIONS',
            `At most ${limits.openConnections} tabs may be open at once; close one and reload.`,
          ),
        );
      socket.data = { ...(caller ? { caller } : {}), address, secure: isSecure(req, s.config) };
      next();
    } catch (e) {
      s.log.error({ err: e, address }, 'socket handshake failed');
      next(new Error('The server could not check this connection; try again.'));
    }
  });

  io.on('connection', (socket: TypedSocket) => {
    const { caller, address, secure } = socket.data;
    const userId = caller?.principal.userId;
    if (caller && userId) {
      open.set(userId, (open.get(userId) ?? 0) + 1);
      socket.on('disconnect', () => {
        const n = (open.get(userId) ?? 1) - 1;
        if (n > 0) open.set(userId, n);
        else open.delete(userId);
      });
      void socket.join([roomNames.user(userId), roomNames.signIn(caller.sid)]);
    }
    let calls = 0;
    for (const event of Object.keys(CLIENT_EVENTS) as ClientEvent[]) {
      (socket.on as (e: string, h: (...args: unknown[]) => void) => void)(event, async (...args: unknown[]) => {
        let [payload, ack] = args as [unknown, ((a: Ack<unknown>) => void) | undefined];
        if (typeof payload === 'function' && ack === undefined) {
          ack = payload as (a: Ack<unknown>) => void;
          payload = undefined;
        }
        if (typeof ack !== 'function') return;
        const verdicts = await Promise.all([
          take(s.limiters.events, userId ?? `anon:${address}`),
          take(s.limiters.eventsByAddress, address),
        ]).catch(() => [{ ok: false as const, retryMs: 1000 }]);
        const slow = verdicts.find((v) => !v.ok);
        if (slow && !slow.ok)
          return ack(fail(new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(slow.retryMs / 1000) })));
        const size = byteSize(payload);
        if (size > limits.bodyBytes)
          return ack(
            fail(
              new AppError(
                'MESSAGE_TOO_LARGE',
                { bytes: size, limit: limits.bodyBytes },
                `The ${event} message is ${size} bytes; at most ${limits.bodyBytes} are accepted.`,
              ),
            ),
          );
        const bad = payloadProblem(payload);
        if (bad) return ack(fail(new AppError('INVALID_INPUT', [bad], `Invalid request: ${bad.path}: ${bad.message}`)));
        ack(
          await router.dispatch(event, caller, payload, {
            socketId: socket.id,
            address,
            secure,
            requestId: requestId(`${socket.id}:${++calls}`),
          }),
        );
      });
    }
  });

  // another node signed someone out: this node stops trusting that sign-in at once
  io.on('underlay:signed-out', (sid) => s.signIns.forget(sid));

  // presence: a learner is online in a session while one of their connections is in its room
  // (the adapter tells the node where the connection lives, wherever the use case ran)
  const presence = (online: boolean) => (room: string, socketId: string) => {
    const sessionId = SESSION_ROOM.exec(room)?.[1];
    const who = sessionId ? io.of('/').sockets.get(socketId)?.data.caller?.principal : undefined;
    if (!sessionId || who?.role !== 'learner') return;
    if (online) s.bus.signal(sessionId, { instructors: true }, 'live:presence', { userId: who.userId, online: true });
    else void leftSession(io, s, sessionId, who.userId);
  };
  io.of('/').adapter.on('join-room', presence(true));
  io.of('/').adapter.on('leave-room', presence(false));
}

/** A learner's connection closed: offline unless another of their connections is still in the session. */
async function leftSession(io: TypedServer, s: Services, sessionId: string, userId: string): Promise<void> {
  const sockets = await io
    .in(roomNames.all(sessionId))
    .fetchSockets()
    .catch(() => []);
  if (!sockets.some((x) => x.data.caller?.principal.userId === userId))
    s.bus.signal(sessionId, { instructors: true }, 'live:presence', { userId, online: false });
}
