/**
 * One realtime node without Next.js: the use cases, the JSON API under /api and socket.io,
 * configured from the environment as server.ts is (DATABASE_URL, REDIS_URL, REDIS_PREFIX,
 * SESSION_SECRET, PORT, GRADING_THREADS, LEASE_MS). The multi-process test and `npm run
 * bench:live` start several of these. Prints `READY <port> <nodeId>` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { bootServices } from '../app/_server/boot';
import { attachRealtime } from '../app/_server/cluster/realtime';
import { handleApi } from '../app/_server/http/api';

const env = process.env;
const { services, database } = await bootServices({
  ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.DATA_DIR ?? 'memory://' }),
  levelsDir: path.resolve(import.meta.dirname, '../challenges'),
  ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
  ...(env.REDIS_PREFIX ? { redisPrefix: env.REDIS_PREFIX } : {}),
  ...(env.GRADING_THREADS ? { gradingThreads: Number(env.GRADING_THREADS) } : {}),
});
const http = createServer((req, res) => {
  if (!req.url?.startsWith('/api/')) return;
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const url = new URL(req.url!, 'http://node');
      const r = await handleApi(services, { method: req.method ?? 'GET', path: url.pathname.slice(4), query: Object.fromEntries(url.searchParams), ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}), body, client: req.socket.remoteAddress ?? 'node' });
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/json', ...(r.setCookie ? { 'set-cookie': r.setCookie } : {}) });
      res.end(r.contentType ? String(r.body) : JSON.stringify(r.body));
    })();
  });
});
const realtime = await attachRealtime(http, services, {
  ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
  ...(env.REDIS_PREFIX ? { redisPrefix: env.REDIS_PREFIX } : {}),
  ...(env.LEASE_MS ? { leaseMs: Number(env.LEASE_MS) } : {}),
  ...(env.SOCKET_RATE ? { rate: { perSecond: Number(env.SOCKET_RATE), burst: Number(env.SOCKET_RATE) * 2 } } : {}),
});
http.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`READY ${(http.address() as AddressInfo).port} ${realtime.nodeId}`);
});
const stop = () => {
  void realtime.close().then(() => database.close()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
