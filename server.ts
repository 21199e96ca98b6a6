/**
 * Underlay's server: Next.js and socket.io on one Node HTTP server. On a fresh clone it runs
 * on the embedded PGlite (data under ./data) with the shipped levels; DATABASE_URL selects a
 * real PostgreSQL. PORT (default 3000) and HOST (default 0.0.0.0) choose where it listens.
 * REDIS_URL makes it one node of several: socket.io's Redis adapter, room leases, and a shared
 * grading queue (README: several nodes behind a load balancer).
 */
import { createServer } from 'node:http';
import next from 'next';
import { bootServices } from './app/_server/boot';
import { attachRealtime } from './app/_server/cluster/realtime';
import { optionsFromEnv } from './app/_server/env-options';
import { setServices } from './app/_server/services';

const dev = process.env.NODE_ENV !== 'production';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';

const options = optionsFromEnv(process.env, { dataDir: './data' });
// a configuration mistake (levels that do not load, REDIS_URL without DATABASE_URL) is a message, not a stack
const { services, database } = await bootServices({ ...options.boot, log: (m) => console.log(`> ${m}`) }).catch(
  (e: unknown) => {
    console.error(`> Underlay cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
setServices(services);

const httpServer = createServer();
const app = next({ dev, hostname: hostname === '0.0.0.0' ? 'localhost' : hostname, port, httpServer });
const handle = app.getRequestHandler();
await app.prepare();
httpServer.on('request', (req, res) => {
  if (req.url?.startsWith('/socket.io/')) return;
  // the API rate-limits anonymous callers by address
  req.headers['x-forwarded-for'] ??= req.socket.remoteAddress ?? 'unknown';
  void handle(req, res);
});
const realtime = await attachRealtime(httpServer, services, options.realtime);

httpServer.listen(port, hostname, () => {
  console.log(
    `> Underlay ready on http://localhost:${port} (${database.kind}, ${services.levels.size} levels, ${dev ? 'development' : 'production'}${process.env.REDIS_URL ? `, node ${realtime.nodeId} over Redis` : ''})`,
  );
});

const shutdown = () => {
  void realtime
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
