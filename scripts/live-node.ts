/**
 * One realtime node without Next.js: the use cases, the JSON API under /api and socket.io,
 * configured from the environment as server.ts is (app/_server/config.ts; the data directory
 * defaults to memory://). The multi-process test and `npm run bench:live` start several of
 * these. Prints `READY <port> <nodeId>` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../app/_server/app';
import { bootErrorLine, loadConfig, type Config } from '../app/_server/config';
import { createLogger } from '../app/_server/log';

function cannotStart(e: unknown): never {
  console.error(`live-node cannot start: ${bootErrorLine(e)}`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig(
    { PORT: '0', ...process.env },
    { dataDir: 'memory://', levelsDir: path.resolve(import.meta.dirname, '../challenges') },
  );
} catch (e) {
  cannotStart(e);
}
const app = await createApp(config, createLogger(config.logLevel)).catch(cannotStart);
const http = createServer((req, res) => {
  if (req.url?.startsWith('/api/')) void app.api(req, res);
});
app.attach(http);
http.listen(config.port, '127.0.0.1', () => {
  console.log(`READY ${(http.address() as AddressInfo).port} ${app.nodeId}`);
});
const stop = () => {
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
