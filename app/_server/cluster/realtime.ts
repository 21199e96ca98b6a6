import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Services } from '../services';
import { registerHandlers, type HandlerOptions, type TypedServer } from '../socket/register-handlers';
import { localDirectory, RedisDirectory, type RoomDirectory } from './room-directory';

export interface RealtimeOptions {
  /** several processes: socket.io's Redis adapter, and room leases in Redis */
  redisUrl?: string;
  /** keys and channels under this prefix */
  redisPrefix?: string;
  leaseMs?: number;
  rate?: HandlerOptions['rate'];
}

/** socket.io refuses bigger frames outright; up to this, a too-large message gets an error ack. */
const MAX_FRAME_BYTES = 256 * 1024;

/**
 * socket.io on an HTTP server, wired to the use cases. With Redis, broadcasts reach sockets on
 * every process (the Redis adapter) and each session's room lives on one process at a time.
 */
export async function attachRealtime(
  http: HttpServer,
  s: Services,
  o: RealtimeOptions = {},
): Promise<{ io: TypedServer; nodeId: string; close(): Promise<void> }> {
  const nodeId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const prefix = o.redisPrefix ?? 'underlay';
  const leaseMs = o.leaseMs ?? 3000;
  let directory: RoomDirectory = localDirectory(nodeId);
  let redis: Redis[] = [];
  let io: TypedServer;
  if (o.redisUrl) {
    const pub = new Redis(o.redisUrl, { lazyConnect: true });
    const sub = pub.duplicate();
    const leases = pub.duplicate();
    redis = [pub, sub, leases];
    await Promise.all(redis.map((r) => r.connect()));
    io = new Server(http, {
      maxHttpBufferSize: MAX_FRAME_BYTES,
      adapter: createAdapter(pub, sub, { key: `${prefix}:io`, requestsTimeout: 30_000 }),
    });
    s.attempts.verifyFreshness = true;
    directory = new RedisDirectory(leases, prefix, nodeId, leaseMs, (sessionId) => {
      // taken or lost: this process's copy is stale either way; the database has every acknowledged operation
      s.rooms.forget(sessionId);
      s.attempts.forgetSession(sessionId);
    });
  } else {
    io = new Server(http, { maxHttpBufferSize: MAX_FRAME_BYTES });
  }
  registerHandlers(io, s, { directory, ...(o.rate ? { rate: o.rate } : {}) });
  return {
    io,
    nodeId,
    async close() {
      await directory.close();
      await new Promise<void>((r) => io.close(() => r()));
      await Promise.all(redis.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
