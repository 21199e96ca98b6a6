import type { Server, Socket } from 'socket.io';
import type { Ack, ClientEvent, ClientToServerEvents, ServerToClientEvents } from '@/app/_shared/protocol';
import { applyStep, getAttempt, gradeAttempt, listLevels, startAttempt, useHint } from '../attempts/attempt-cases';
import { readCookie, verifyToken, type Principal } from '../auth/session-token';
import { AppError, toPublicError } from '../errors';
import type { Services } from '../services';
import { RateLimiter } from '../http/rate-limit';

type Handler = (s: Services, who: Principal | undefined, payload: unknown) => unknown;

/** Each event's use case; each validates its own payload against the protocol's schema (as for HTTP). */
const HANDLERS: Record<ClientEvent, Handler> = {
  'level:list': listLevels,
  'attempt:start': startAttempt,
  'attempt:get': getAttempt,
  'attempt:step': applyStep,
  'attempt:grade': gradeAttempt,
  'attempt:hint': useHint,
};

/** At most 10 events a second per socket, in bursts of up to 20. */
const RATE = { perSecond: 10, burst: 20 };

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;

/**
 * Wires socket.io to the use cases: the session cookie names the principal at connection;
 * every reply is an ack `{ ok, data } | { ok: false, error }`.
 */
export function registerHandlers(io: TypedServer, s: Services): void {
  io.use((socket, next) => {
    socket.data.principal = verifyToken(s.secret, readCookie(socket.handshake.headers.cookie));
    next();
  });
  io.on('connection', (socket: Socket<ClientToServerEvents, ServerToClientEvents>) => {
    const limiter = new RateLimiter(RATE.perSecond, RATE.burst);
    for (const event of Object.keys(HANDLERS) as ClientEvent[]) {
      (socket as unknown as Socket).on(event, async (payload: unknown, ack?: (a: Ack<unknown>) => void) => {
        if (typeof payload === 'function' && ack === undefined) {
          ack = payload as (a: Ack<unknown>) => void;
          payload = undefined;
        }
        if (typeof ack !== 'function') return;
        if (!limiter.take(socket.id)) return ack({ ok: false, error: toPublicError(new AppError('RATE_LIMITED')) });
        try {
          const data = await HANDLERS[event](s, socket.data.principal as Principal | undefined, payload ?? {});
          ack({ ok: true, data });
        } catch (e) {
          ack({ ok: false, error: toPublicError(e) });
        }
      });
    }
  });
}
