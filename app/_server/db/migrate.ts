import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** What the runner needs from a database client (Prisma's raw SQL calls). */
export interface RawSql {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

/**
 * Applies prisma/migrations in name order, each in a transaction, with Prisma's own
 * `_prisma_migrations` bookkeeping (checksums). Prisma's schema engine cannot be downloaded
 * here, so `prisma migrate` cannot run; this does the same job. Returns what it applied.
 */
export async function migrate(
  db: RawSql,
  opts: { dir?: string; log?: (m: string) => void; exec?: (sql: string) => Promise<unknown> } = {},
): Promise<string[]> {
  const dir = opts.dir ?? path.resolve('prisma/migrations');
  // A whole migration script runs as one simple-protocol batch (PGlite's adapter needs exec()).
  const exec = opts.exec ?? ((sql: string) => db.$executeRawUnsafe(sql));
  await db.$executeRawUnsafe(CREATE_TABLE);
  const rows = await db.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const done = new Map(rows.map((r) => [r.migration_name, r]));
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const applied: string[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    const prev = done.get(name);
    if (prev) {
      if (!prev.finished_at)
        throw new Error(`migration ${name} was started but never finished; restore the database or fix it by hand`);
      if (prev.checksum !== checksum) throw new Error(`migration ${name} was changed after it was applied`);
      continue;
    }
    const id = randomUUID();
    await db.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      id,
      checksum,
      name,
    );
    try {
      await exec(`BEGIN;\n${sql}\n;COMMIT;`);
    } catch (e) {
      await exec('ROLLBACK').catch(() => undefined);
      await db.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2`, String(e), id);
      throw new Error(`migration ${name} failed: ${String(e)}`);
    }
    await db.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      id,
    );
    opts.log?.(`applied migration ${name}`);
    applied.push(name);
  }
  return applied;
}
