import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from './db/database';
import { loadCourse, loadLevels } from './levels/level-files';
import { createServices, type Services } from './services';

export interface BootOptions {
  /** a real PostgreSQL (DATABASE_URL); else the embedded PGlite under dataDir */
  databaseUrl?: string;
  dataDir?: string;
  levelsDir?: string;
  log?: (m: string) => void;
}

/**
 * Opens the database (migrating it), loads and validates the levels, and keeps the session
 * secret (SESSION_SECRET, or one generated once and kept under the data directory).
 */
export async function bootServices(opts: BootOptions = {}): Promise<{ services: Services; database: Database }> {
  const dataDir = opts.dataDir ?? './data';
  const root = opts.levelsDir ?? path.resolve('challenges');
  const { levels, problems } = loadLevels(root);
  const { course, problems: courseProblems } = loadCourse(root, levels.map((l) => l.challenge.id));
  const all = [...problems, ...courseProblems];
  if (all.length > 0 || !course) throw new Error(`levels do not load:\n${all.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n')}`);
  const database = await openDatabase({
    ...(opts.databaseUrl ? { url: opts.databaseUrl } : { dataDir: dataDir.startsWith('memory://') ? dataDir : path.join(dataDir, 'pglite') }),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { services: createServices(database.db, levels, sessionSecret(dataDir), course), database };
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
