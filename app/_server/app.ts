import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { SignIns } from './auth/sign-ins';
import { createInstructor, prepareSignIn } from './auth/sign-in';
import { localDirectory, RedisDirectory, type RoomDirectory } from './cluster/room-directory';
import { ConfigError, type Config } from './config';
import { ownDataDir, type AdminHandler, type DataDirOwner } from './db/data-dir';
import { openDatabase, type Database } from './db/database';
import { AppError } from './errors';
import { inlineGrader, poolGrader, type Grader } from './grading/grader';
import { queueGrader } from './grading/queue-grader';
import { loadCourse, loadLevels } from './levels/level-files';
import { createLimiters } from './limits/limiters';
import type { Logger } from './log';
import { createServices, type Services } from './services';
import { inlineStepRunner, StepPool, type StepRunner } from './steps/step-pool';
import { createHttpApi } from './transport/http-api';
import { createRouter } from './transport/router';
import { socketBus } from './transport/socket-bus';
import { attachSocketTransport } from './transport/socket-transport';
import type { TypedServer } from './transport/typed-server';

/** socket.io refuses bigger frames outright; up to this, a too-large message gets an error ack. */
const MAX_FRAME_BYTES = 256 * 1024;

/** One running Underlay process: its services, its socket.io server and its JSON API. */
export interface App {
  services: Services;
  io: TypedServer;
  /** answers a request under /api */
  api: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  nodeId: string;
  database: Database['kind'];
  /** socket.io starts answering on this HTTP server */
  attach(http: HttpServer): void;
  close(): Promise<void>;
}

/** Why something failed, in a few words: an error's own message, or its parts' (a failed connect to several addresses). */
function reason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const lines = e.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Prisma writes its invocation first and the driver's words last: "… Message: `Can't reach …`"
  const driver = /Message: `(.+)`$/.exec(lines.at(-1) ?? '')?.[1];
  if (driver) return driver;
  if (lines[0]) return lines[0];
  const parts = (e as { errors?: unknown[] }).errors;
  if (Array.isArray(parts) && parts.length > 0) return [...new Set(parts.map(reason))].join('; ');
  if (e.cause !== undefined) return reason(e.cause);
  return (e as { code?: string }).code ?? e.name;
}

/** A URL with its password hidden, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable)';
  }
}

/** SESSION_SECRET, or one generated once and kept (privately) under the data directory. */
function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  if (config.dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  const file = path.join(config.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** What the owner of the data directory answers on its admin socket (`npm run user:create`). */
function adminHandler(s: Services): AdminHandler {
  return async (req) => {
    if (req.op !== 'create-instructor') return { ok: false, error: `unknown request ${req.op}` };
    try {
      return {
        ok: true,
        data: await createInstructor(s.db, { email: req.email, password: req.password, displayName: req.name }),
      };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, error: e.message };
      s.log.error({ err: e }, 'admin request failed');
      return { ok: false, error: 'the server could not create the account; see its log' };
    }
  };
}

/**
 * Builds one Underlay process from its configuration: the levels, the database (PGlite, owned by
 * this process alone, or PostgreSQL), the grading and step threads, Redis when it is one node of
 * several, socket.io and the JSON API, all wired to one set of services. A failure names what to
 * fix and leaves nothing open.
 */
export async function createApp(config: Config, log: Logger): Promise<App> {
  const closers: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((e: unknown) => log.warn({ err: e }, 'while closing'));
    closers.length = 0;
  };
  try {
    const root = path.resolve(config.levelsDir);
    const { levels, problems } = loadLevels(root);
    const { course, problems: courseProblems } = loadCourse(
      root,
      levels.map((l) => l.challenge.id),
    );
    const all = [...problems, ...courseProblems];
    if (all.length > 0 || !course)
      throw new ConfigError(
        `LEVELS_DIR: the levels do not load: ${all.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('; ') || 'no course.yaml'}`,
      );

    let owner: DataDirOwner | undefined;
    if (!config.databaseUrl && !config.dataDir.startsWith('memory://')) {
      owner = await ownDataDir(config.dataDir);
      closers.push(() => owner!.close());
    }
    const database = await openDatabase({
      ...(config.databaseUrl
        ? { url: config.databaseUrl }
        : { dataDir: config.dataDir.startsWith('memory://') ? config.dataDir : path.join(config.dataDir, 'pglite') }),
      log: (m) => log.info(m),
    }).catch((e: unknown) => {
      const why = reason(e);
      throw new ConfigError(
        config.databaseUrl
          ? `DATABASE_URL: cannot use ${redact(config.databaseUrl)}: ${why}`
          : `DATA_DIR: cannot open the embedded database in ${config.dataDir}: ${why}`,
      );
    });
    closers.push(() => database.close());
    const secret = sessionSecret(config);

    const byId = new Map(levels.map((l) => [l.challenge.id, l.challenge]));
    const local: Grader = config.gradingThreads === 0 ? inlineGrader(byId) : poolGrader(root, config.gradingThreads);
    closers.push(() => local.close());
    const steps: StepRunner =
      config.stepThreads === 0
        ? inlineStepRunner(byId)
        : new StepPool({
            levelsDir: root,
            threads: config.stepThreads,
            budget: { msPerSecond: config.limits.stepMsPerSecond, burstMs: config.limits.stepMsPerSecond * 12 },
          });
    closers.push(() => steps.close());

    let redis: { pub: Redis; sub: Redis; leases: Redis } | undefined;
    if (config.redisUrl) {
      const pub = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
      redis = { pub, sub: pub.duplicate(), leases: pub.duplicate() };
      const clients = Object.values(redis);
      // ioredis reconnects by itself; what it meets meanwhile is logged, not thrown at nobody
      let lastError: unknown;
      let connected = false;
      for (const c of clients)
        c.on('error', (e: unknown) => {
          lastError = e;
          // before the first connection the boot error says it, in one line
          if (connected) log.warn({ err: e }, 'redis');
        });
      closers.push(() => Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect()))));
      await Promise.all(clients.map((c) => c.connect())).catch((e: unknown) => {
        throw new ConfigError(`REDIS_URL: cannot connect to ${redact(config.redisUrl!)}: ${reason(lastError ?? e)}`);
      });
      connected = true;
    }
    const grader = redis
      ? await queueGrader({
          redisUrl: config.redisUrl!,
          prefix: `${config.redisPrefix}:bull`,
          local,
          concurrency: Math.max(1, config.gradingThreads) * 2,
          deadlineMs: config.limits.gradeDeadlineMs,
        })
      : local;
    if (redis) closers.push(() => grader.close());
    log.info(`grading: ${grader.kind}; steps: ${steps.kind}`);

    const io: TypedServer = new Server({
      maxHttpBufferSize: MAX_FRAME_BYTES,
      serveClient: false,
      ...(redis
        ? { adapter: createAdapter(redis.pub, redis.sub, { key: `${config.redisPrefix}:io`, requestsTimeout: 30_000 }) }
        : {}),
    });
    let attached = false;
    // socket.io's close() also closes the HTTP server it is attached to, and fails on one it never was
    closers.push(() =>
      attached ? new Promise<void>((r) => io.close(() => r())) : Promise.resolve(io.of('/').adapter.close()),
    );
    const signIns = new SignIns(database.db, secret);
    const services = createServices({
      config,
      db: database.db,
      levels,
      course,
      signIns,
      grader,
      steps,
      limiters: createLimiters(config.limits, redis ? { client: redis.leases, prefix: config.redisPrefix } : undefined),
      bus: socketBus(io, redis !== undefined, (sid) => signIns.forget(sid)),
      log,
      clustered: redis !== undefined,
    });
    closers.push(async () => {
      services.attempts.close();
      services.rooms.close();
    });
    // running clocks store what they ran while the database and the step threads still work
    closers.push(() => services.clocks.close(services));
    const nodeId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    let directory: RoomDirectory = localDirectory(nodeId);
    if (redis) {
      directory = new RedisDirectory(redis.leases, config.redisPrefix, nodeId, config.leaseMs, (sessionId) => {
        // taken or lost: this process's copy is stale either way; the database has every acknowledged operation
        services.rooms.forget(sessionId);
        services.clocks.forgetSession(services, sessionId);
        services.attempts.forgetSession(sessionId);
      });
    }
    closers.push(() => directory.close());
    const router = createRouter(io, services, directory);
    attachSocketTransport(io, services, router);
    owner?.serve(adminHandler(services));
    await prepareSignIn();
    const pruning = setInterval(() => void services.signIns.prune().catch(() => undefined), 3600_000).unref();
    closers.push(async () => clearInterval(pruning));
    return {
      services,
      io,
      api: createHttpApi(services, router),
      nodeId,
      database: database.kind,
      attach: (http) => {
        io.attach(http);
        attached = true;
      },
      close: closeAll,
    };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
