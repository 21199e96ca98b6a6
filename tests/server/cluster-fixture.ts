import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { issueToken, SESSION_COOKIE, type Principal } from '../../app/_server/auth/session-token';
import { openDatabase, type Database } from '../../app/_server/db/database';
import { freshPostgres } from './pg-fixture';
import { spawnReady } from '../../scripts/spawn-ready';
import { PROTOCOL_VERSION } from '../../app/_shared/protocol';

export const REDIS_URL = process.env.UNDERLAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'cluster-test-secret-cluster-test-secret';

export interface ClusterNode {
  url: string;
  nodeId: string;
  proc: ChildProcess;
  output: string[];
}

/**
 * Several real server processes (scripts/live-node.ts) on one fresh PostgreSQL database and the
 * machine's Redis, under a prefix of their own that is deleted afterwards.
 */
export async function startCluster(label: string, opts: { leaseMs?: number } = {}) {
  const pg = await freshPostgres(label);
  // migrate once, here, before the nodes start (two at once would race to create the tables)
  const database: Database = await openDatabase({ url: pg.url });
  const prefix = `underlay-test:${label}:${process.pid}:${Date.now()}`;
  const nodes: ClusterNode[] = [];
  const sockets: Socket[] = [];

  async function startNode(): Promise<ClusterNode> {
    const started = await spawnReady('scripts/live-node.ts', {
      DATABASE_URL: pg.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      SESSION_SECRET: SECRET,
      PORT: '0',
      GRADING_THREADS: '1',
      LEASE_MS: String(opts.leaseMs ?? 2000),
      LIMIT_EVENTS_PER_SECOND: '200',
      LIMIT_CONNECTIONS_PER_MINUTE: '10000',
      NODE_ENV: 'test',
    });
    const node = {
      url: `http://127.0.0.1:${started.port}`,
      nodeId: started.nodeId,
      proc: started.proc,
      output: started.output,
    };
    nodes.push(node);
    return node;
  }

  /** A user in the database and the session cookie the server would have issued them. */
  async function user(role: Principal['role'], displayName: string): Promise<{ principal: Principal; cookie: string }> {
    const row = await database.db.user.create({ data: { role, displayName } });
    const principal: Principal = { userId: row.id, role, displayName };
    const sid = `test-${row.id}`;
    await database.db.authSession.create({
      data: { id: sid, userId: row.id, expiresAt: new Date(Date.now() + 3600_000) },
    });
    return { principal, cookie: `${SESSION_COOKIE}=${issueToken(SECRET, principal, sid)}` };
  }

  async function client(node: ClusterNode, cookie: string): Promise<Socket> {
    const s = connect(node.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { protocol: PROTOCOL_VERSION },
      extraHeaders: { cookie },
    });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  }

  async function close(): Promise<void> {
    for (const s of sockets) s.disconnect();
    await Promise.all(
      nodes.map(
        (n) =>
          new Promise<void>((r) => {
            if (n.proc.exitCode !== null || n.proc.signalCode !== null) return r();
            n.proc.once('exit', () => r());
            n.proc.kill('SIGTERM');
          }),
      ),
    );
    await database.close();
    await pg.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }

  return { database, prefix, nodes, startNode, user, client, close };
}
