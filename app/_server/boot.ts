import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from './db/database';
import { loadCourse, loadLevels } from './levels/level-files';
import { createServices, type Services } from './services';
import { defaultThreads, inlineGrader, poolGrader } from './grading/grader';
import { queueGrader } from './grading/queue-grader';

export interface BootOptions {
  /** a real PostgreSQL (DATABASE_URL); else the embedded PGlite under dataDir */
  databaseUrl?: string;
  dataDir?: string;
  levelsDir?: string;
  log?: (m: string) => void;
  /** grading threads (0: on the calling thread); default: every core but one */
  gradingThreads?: number;
  /** a Redis for the shared grading queue (REDIS_URL) */
  redisUrl?: string;
  /** keys and channels under this prefix (several deployments or test runs on one Redis) */
  redisPrefix?: string;
}

/**
 * Opens the database (migrating it), loads and validates the levels, and keeps the session
 * secret (SESSION_SECRET, or one generated once and kept under the data directory).
 */
export async function bootServices(opts: BootOptions = {}): Promise<{ services: Services; database: Database }> {
  if (opts.redisUrl && !opts.databaseUrl)
    throw new Error(
      'REDIS_URL makes this one node of several, and they must share a PostgreSQL: set DATABASE_URL too (the embedded PGlite belongs to one process).',
    );
  const dataDir = opts.dataDir ?? './data';
  const root = opts.levelsDir ?? path.resolve('challenges');
  const { levels, problems } = loadLevels(root);
  const { course, problems: courseProblems } = loadCourse(
    root,
    levels.map((l) => l.challenge.id),
  );
  const all = [...problems, ...courseProblems];
  if (all.length > 0 || !course)
    throw new Error(`levels do not load:\n${all.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n')}`);
  const database = await openDatabase({
    ...(opts.databaseUrl
      ? { url: opts.databaseUrl }
      : { dataDir: dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pglite') }),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const threads = opts.gradingThreads ?? defaultThreads();
  const local =
    threads === 0 ? inlineGrader(new Map(levels.map((l) => [l.challenge.id, l.challenge]))) : poolGrader(root, threads);
  const grader = opts.redisUrl
    ? await queueGrader({
        redisUrl: opts.redisUrl,
        prefix: `${opts.redisPrefix ?? 'underlay'}:bull`,
        local,
        concurrency: Math.max(1, threads) * 2,
      })
    : local;
  opts.log?.(`grading: ${grader.kind}`);
  const services = createServices(database.db, levels, sessionSecret(dataDir), course, grader);
  return {
    services,
    database: {
      ...database,
      close: async () => {
        await grader.close();
        await database.close();
      },
    },
  };
}

function sessionSecret(dataDir: string): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  const file = path.join(dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
