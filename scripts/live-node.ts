/**
 * One realtime node without Next.js: the use cases, the JSON API under /api and socket.io,
 * configured from the environment as server.ts is (app/_server/env-options.ts, plus PORT and
 * SESSION_SECRET). The multi-process test and `npm run
 * bench:live` start several of these. Prints `READY <port> <nodeId>` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { bootServices } from '../app/_server/boot';
import { attachRealtime } from '../app/_server/cluster/realtime';
import { optionsFromEnv } from '../app/_server/env-options';
import { handleApi, responseBody, responseHeaders } from '../app/_server/http/api';

const env = process.env;
const options = optionsFromEnv(env, { dataDir: 'memory://' });
const { services, database } = await bootServices({
  ...options.boot,
  levelsDir: path.resolve(import.meta.dirname, '../challenges'),
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
      const r = await handleApi(services, {
        method: req.method ?? 'GET',
        path: url.pathname.slice(4),
        query: Object.fromEntries(url.searchParams),
        ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
        body,
        client: req.socket.remoteAddress ?? 'node',
      });
      res.writeHead(r.status, responseHeaders(r));
      res.end(responseBody(r));
    })();
  });
});
const realtime = await attachRealtime(http, services, options.realtime);
http.listen(Number(env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`READY ${(http.address() as AddressInfo).port} ${realtime.nodeId}`);
});
const stop = () => {
  void realtime
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
