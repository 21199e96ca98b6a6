import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import path from 'node:path';
import { bootServices } from '../../app/_server/boot';
import type { Database } from '../../app/_server/db/database';
import { handleApi, type ApiResponse } from '../../app/_server/http/api';
import { createInstructor } from '../../app/_server/auth/sign-in';
import type { Services } from '../../app/_server/services';
import type { TypedServer } from '../../app/_server/socket/register-handlers';
import { attachRealtime } from '../../app/_server/cluster/realtime';
import { freshPostgres } from './pg-fixture';

/** A booted server (no Next: the use cases, the JSON API and socket.io) on a loopback port. */
export interface TestServer {
  services: Services;
  database: Database;
  url: string;
  http: HttpServer;
  io: TypedServer;
  api(method: string, path: string, body?: unknown, cookie?: string): Promise<ApiResponse>;
  join(name: string): Promise<string>;
  /** creates an instructor account and signs in: the session cookie */
  instructor(name: string): Promise<string>;
  client(cookie?: string): Promise<Socket>;
  close(): Promise<void>;
}

export async function startTestServer(
  opts: { backend?: 'pglite' | 'postgresql'; dataDir?: string; rate?: { perSecond: number; burst: number } } = {},
): Promise<TestServer> {
  const pg = opts.backend === 'postgresql' ? await freshPostgres('srv') : undefined;
  const { services, database } = await bootServices({
    ...(pg ? { databaseUrl: pg.url } : { dataDir: opts.dataDir ?? 'memory://' }),
    levelsDir: path.resolve(import.meta.dirname, '../../challenges'),
  });
  const http = createServer();
  const realtime = await attachRealtime(http, services, opts.rate ? { rate: opts.rate } : {});
  const io = realtime.io;
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  const server: TestServer = {
    services,
    database,
    url,
    http,
    io,
    api: (method, p, body, cookie) => handleApi(services, { method, path: p, body, ...(cookie ? { cookie } : {}) }),
    async join(name) {
      const r = await server.api('POST', '/session/learner', { displayName: name });
      return r.setCookie!.split(';')[0]!;
    },
    async instructor(name) {
      const email = `${name.toLowerCase().replace(/\W+/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      await createInstructor(services.db, { email, password: 'correct horse battery', displayName: name });
      const r = await server.api('POST', '/session/instructor', { email, password: 'correct horse battery' });
      return r.setCookie!.split(';')[0]!;
    },
    async client(cookie) {
      const s = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        ...(cookie ? { extraHeaders: { cookie } } : {}),
      });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        if (s.connected) return resolve();
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      return s;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await realtime.close();
      await new Promise<void>((r) => http.close(() => r()));
      await database.close();
      await pg?.drop();
    },
  };
  return server;
}

/** Emits an event and waits for its ack. */
export function emit<T = unknown>(
  socket: Socket,
  event: string,
  payload?: unknown,
): Promise<{ ok: boolean; data?: T; error?: { code: string; message: string; details?: unknown } }> {
  return new Promise((resolve) => {
    if (payload === undefined) socket.emit(event, resolve);
    else socket.emit(event, payload, resolve);
  });
}
