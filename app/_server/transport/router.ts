import { randomUUID } from 'node:crypto';
import { JoinSessionSchema } from '@/app/_shared/live-protocol';
import type { Ack } from '@/app/_shared/protocol';
import type { Caller } from '../auth/sign-ins';
import type { CallContext } from '../call-context';
import type { RoomDirectory } from '../cluster/room-directory';
import { AppError, toPublicError } from '../errors';
import { USE_CASES, type UseCaseName } from '../registry';
import type { Services } from '../services';
import type { Origin, RemoteAnswer, RemoteOp, TypedServer } from './typed-server';

export type { Origin };

/** Runs a use case where it belongs: here, or on the node that holds its session's room. */
export interface Router {
  dispatch(name: UseCaseName, caller: Caller | undefined, payload: unknown, origin: Origin): Promise<Ack<unknown>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Attempts whose session this node looked up, at most this many remembered. */
const ATTEMPT_SESSIONS = 10_000;

/**
 * The one road from a transport to a use case. With several processes an operation on a live
 * session runs on the process that holds the session's room: this one forwards it there and
 * relays the answer. An unexpected error is logged here, once, with its cause and the request
 * id; the caller gets a coded error and never a stack.
 */
export function createRouter(io: TypedServer, s: Services, directory: RoomDirectory): Router {
  const sessionOfAttempt = new Map<string, string | null>();

  /** The session an operation concerns, if any: named, found by join code, or through a session attempt. */
  async function sessionOf(name: UseCaseName, payload: unknown): Promise<string | undefined> {
    const kind = USE_CASES[name].room;
    if (!kind || !payload || typeof payload !== 'object') return undefined;
    const p = payload as Record<string, unknown>;
    if (kind === 'session') return typeof p.sessionId === 'string' && UUID.test(p.sessionId) ? p.sessionId : undefined;
    if (kind === 'code') {
      const join = JoinSessionSchema.safeParse(payload);
      if (!join.success) return undefined;
      return (await s.db.liveSession.findUnique({ where: { code: join.data.code }, select: { id: true } }))?.id;
    }
    if (typeof p.attemptId !== 'string' || !UUID.test(p.attemptId)) return undefined;
    if (!sessionOfAttempt.has(p.attemptId)) {
      const row = await s.db.attempt.findUnique({ where: { id: p.attemptId }, select: { sessionId: true } });
      if (!row) return undefined;
      sessionOfAttempt.set(p.attemptId, row.sessionId);
      if (sessionOfAttempt.size > ATTEMPT_SESSIONS) sessionOfAttempt.delete(sessionOfAttempt.keys().next().value!);
    }
    return sessionOfAttempt.get(p.attemptId) ?? undefined;
  }

  function context(caller: Caller | undefined, origin: Origin): CallContext {
    const socketId = origin.socketId;
    return {
      join: socketId ? (rooms) => s.bus.join(socketId, rooms) : () => undefined,
      address: origin.address,
      secure: origin.secure,
      ...(caller ? { sid: caller.sid } : {}),
    };
  }

  /** Runs a use case in this process; the connection it subscribes may live on another. */
  async function runHere(
    name: UseCaseName,
    caller: Caller | undefined,
    payload: unknown,
    origin: Origin,
  ): Promise<Ack<unknown>> {
    try {
      return {
        ok: true,
        data: await USE_CASES[name].run(s, caller?.principal, payload ?? {}, context(caller, origin)),
      };
    } catch (e) {
      const unexpected = !(e instanceof AppError) || e.code === 'INTERNAL';
      if (unexpected)
        s.log.error(
          {
            err: e instanceof AppError && e.cause !== undefined ? e.cause : e,
            requestId: origin.requestId,
            op: name,
            userId: caller?.principal.userId,
          },
          'operation failed',
        );
      return { ok: false, error: toPublicError(e) };
    }
  }

  /** Sends an operation to its room's owner: its answer, or whether the owner is gone or only slow. */
  function forward(
    op: RemoteOp,
  ): Promise<{ kind: 'done'; ack: Ack<unknown> } | { kind: 'absent' } | { kind: 'unknown' }> {
    return new Promise((resolve) => {
      io.serverSideEmit('underlay:op', op, (err: Error | null, replies: RemoteAnswer[]) => {
        const answer = (replies ?? []).find((r) => r?.owner === op.owner);
        if (answer) resolve({ kind: 'done', ack: answer.ack });
        else resolve(err ? { kind: 'unknown' } : { kind: 'absent' });
      });
    });
  }

  io.on('underlay:op', (op: RemoteOp, reply: (r: RemoteAnswer) => void) => {
    if (op.owner !== directory.nodeId) return reply(null);
    void (async () => {
      // a lease lost since the sender looked: let it look again
      if ((await directory.owner(op.sessionId)) !== directory.nodeId) return reply(null);
      reply({ owner: directory.nodeId, ack: await runHere(op.name, op.caller, op.payload, op.origin) });
    })();
  });

  return {
    async dispatch(name, caller, payload, origin) {
      if (!directory.clustered) return runHere(name, caller, payload, origin);
      const sessionId = await sessionOf(name, payload).catch(() => undefined);
      if (!sessionId) return runHere(name, caller, payload, origin);
      const deadline = Date.now() + directory.leaseMs + 2000;
      for (;;) {
        const owner = await directory.owner(sessionId);
        if (owner === directory.nodeId) return runHere(name, caller, payload, origin);
        const r = await forward({ owner, name, payload, ...(caller ? { caller } : {}), origin, sessionId });
        if (r.kind === 'done') return r.ack;
        // the owner answered nothing in time: the operation may have run, so it is not retried
        if (r.kind === 'unknown' || Date.now() > deadline)
          return { ok: false, error: toPublicError(new AppError('ROOM_UNAVAILABLE')) };
        // the owner is gone: its lease runs out shortly, then this process (or another) takes the room
        await sleep(150);
      }
    },
  };
}

/** A request id: the one a trusted proxy sent, or a new one. */
export function requestId(given?: string): string {
  return given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}
