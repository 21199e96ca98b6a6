import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { createApp, type App } from '../../app/_server/app';
import { createInstructor } from '../../app/_server/auth/sign-in';
import { testConfig, type Config, type Limits } from '../../app/_server/config';
import { createLogger, type Logger } from '../../app/_server/log';
import type { Services } from '../../app/_server/services';
import type { TypedServer } from '../../app/_server/transport/typed-server';
import { PROTOCOL_VERSION } from '../../app/_shared/protocol';
import { freshPostgres } from './pg-fixture';

/** An answer from the JSON API, as a client reads it. */
export interface ApiAnswer {
  status: number;
  /** parsed JSON, or the text of a file */
  body: unknown;
  setCookie?: string;
  headers: Headers;
}

/** A booted server (no Next: the use cases, the JSON API and socket.io) on a loopback port. */
export interface TestServer {
  app: App;
  services: Services;
  url: string;
  http: HttpServer;
  io: TypedServer;
  /** a request to /api over real HTTP, as JSON unless `raw` says otherwise */
  api(
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
    headers?: Record<string, string>,
  ): Promise<ApiAnswer>;
  /** joins as a learner: the session cookie */
  join(name: string): Promise<string>;
  /** creates an instructor account and signs in: the session cookie */
  instructor(name: string): Promise<string>;
  client(cookie?: string, options?: Partial<ManagerOptions & SocketOptions>): Promise<Socket>;
  close(): Promise<void>;
}

/** Limits a test suite would trip by itself: every learner it creates comes from 127.0.0.1. */
const TEST_LIMITS: Partial<Limits> = {
  joinsPerAddress: 100_000,
  connectionsPerMinute: 10_000,
  apiPerAddressPerSecond: 100_000,
};

export async function startTestServer(
  opts: {
    backend?: 'pglite' | 'postgresql';
    dataDir?: string;
    limits?: Partial<Limits>;
    config?: Partial<Omit<Config, 'limits'>>;
    log?: Logger;
  } = {},
): Promise<TestServer> {
  const pg = opts.backend === 'postgresql' ? await freshPostgres('srv') : undefined;
  const config = testConfig({
    levelsDir: path.resolve(import.meta.dirname, '../../challenges'),
    ...(pg ? { databaseUrl: pg.url } : { dataDir: opts.dataDir ?? 'memory://' }),
    ...opts.config,
    limits: { ...TEST_LIMITS, ...opts.limits },
  });
  const app = await createApp(config, opts.log ?? createLogger('silent'));
  const http = createServer((req, res) => {
    if (req.url?.startsWith('/api')) void app.api(req, res);
  });
  app.attach(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: Socket[] = [];
  const server: TestServer = {
    app,
    services: app.services,
    url,
    http,
    io: app.io,
    async api(method, p, body, cookie, headers = {}) {
      const res = await fetch(`${url}/api${p}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(cookie ? { cookie } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const json = (res.headers.get('content-type') ?? '').includes('application/json');
      const setCookie = res.headers.get('set-cookie') ?? undefined;
      return {
        status: res.status,
        body: json && text ? JSON.parse(text) : text,
        ...(setCookie ? { setCookie } : {}),
        headers: res.headers,
      };
    },
    async join(name) {
      const r = await server.api('POST', '/session/learner', { displayName: name });
      if (!r.setCookie) throw new Error(`join failed: ${JSON.stringify(r.body)}`);
      return r.setCookie.split(';')[0]!;
    },
    async instructor(name) {
      const email = `${name.toLowerCase().replace(/\W+/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      await createInstructor(app.services.db, { email, password: 'correct horse battery', displayName: name });
      const r = await server.api('POST', '/session/instructor', { email, password: 'correct horse battery' });
      if (!r.setCookie) throw new Error(`sign-in failed: ${JSON.stringify(r.body)}`);
      return r.setCookie.split(';')[0]!;
    },
    async client(cookie, options = {}) {
      const s = connect(url, {
        transports: ['websocket'],
        forceNew: true,
        auth: { protocol: PROTOCOL_VERSION },
        ...(cookie ? { extraHeaders: { cookie } } : {}),
        ...options,
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
      await app.close();
      await new Promise<void>((r) => http.close(() => r()));
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
