import { mkdirSync } from 'node:fs';
import { makePrivate } from './data-dir';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/src/generated/prisma/client';
import { migrate } from './migrate';

export type Db = PrismaClient;

/** A connected, migrated database and how to close it. */
export interface Database {
  db: Db;
  kind: 'pglite' | 'postgresql';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** a real PostgreSQL; without it, an embedded PGlite */
  url?: string;
  /** PGlite's data directory (kept across restarts), or memory:// */
  dataDir?: string;
  log?: (m: string) => void;
}

/**
 * Opens the database: a real PostgreSQL when a URL is given, else PGlite in-process, served on
 * a loopback socket so the same Prisma adapter (pg) talks to both. Migrations run at start.
 */
export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  if (opts.url) {
    const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: opts.url, max: 10 }) });
    await migrate(db, { ...(opts.log ? { log: opts.log } : {}) });
    return { db, kind: 'postgresql', close: () => db.$disconnect() };
  }
  const dataDir = opts.dataDir ?? './data/pglite';
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create(dataDir);
  // In-process adapter: no socket. (Through pglite-socket, a failed statement, such as a
  // unique violation, dropped the connection and failed the next query too.)
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  await migrate(db, { exec: (sql) => pglite.exec(sql), ...(opts.log ? { log: opts.log } : {}) });
  // PGlite writes its files world-writable (0666): the directory and its files are this user's only
  if (onDisk) makePrivate(dataDir);
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.$disconnect();
      await pglite.close();
      if (onDisk) makePrivate(dataDir);
    },
  };
}
