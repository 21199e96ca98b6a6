/**
 * Underlay's server: Next.js, the JSON API and socket.io on one Node HTTP server. On a fresh
 * clone it runs on the embedded PGlite (data under ./data, owned by this process alone) with
 * the shipped levels; DATABASE_URL selects a real PostgreSQL; REDIS_URL makes it one node of
 * several. Every setting is an environment variable (app/_server/config.ts, README).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import next from 'next';
import { createApp, type App } from './app/_server/app';
import { bootErrorLine, loadConfig, type Config } from './app/_server/config';
import { createLogger } from './app/_server/log';
import { setServices } from './app/_server/services';
import { isSecure } from './app/_server/transport/client';
import { contentSecurityPolicy, securityHeaders } from './app/_server/transport/security-headers';

const dev = process.env.NODE_ENV !== 'production';

/** A configuration mistake is one line that names the variable to fix, never a stack. */
function cannotStart(e: unknown): never {
  console.error(`Underlay cannot start: ${bootErrorLine(e)}`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig(process.env, { dataDir: './data', levelsDir: 'challenges' });
} catch (e) {
  cannotStart(e);
}
const log = createLogger(config.logLevel);
const app: App = await createApp(config, log).catch(cannotStart);
setServices(app.services);

const http = createServer();
const nextApp = next({
  dev,
  hostname: config.host === '0.0.0.0' ? 'localhost' : config.host,
  port: config.port,
  httpServer: http,
});
const handle = nextApp.getRequestHandler();
await nextApp.prepare();
http.on('request', (req, res) => {
  if (req.url?.startsWith('/socket.io/')) return;
  if (req.url === '/api' || req.url?.startsWith('/api/') || req.url?.startsWith('/api?')) return void app.api(req, res);
  // pages: Next puts this request's nonce on its inline scripts (it reads the request's policy)
  const nonce = randomBytes(16).toString('base64');
  const policy = contentSecurityPolicy(nonce, dev);
  req.headers['content-security-policy'] = policy;
  res.setHeader('content-security-policy', policy);
  for (const [k, v] of Object.entries(securityHeaders(isSecure(req, config)))) res.setHeader(k, v);
  void handle(req, res);
});
app.attach(http);

http.listen(config.port, config.host, () => {
  const where = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  log.info(
    `Underlay ready on ${where} (${app.database}, ${app.services.levels.size} levels, ${dev ? 'development' : 'production'}${config.redisUrl ? `, node ${app.nodeId} over Redis` : ''})`,
  );
});

let stopping = false;
const shutdown = () => {
  if (stopping) return;
  stopping = true;
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
