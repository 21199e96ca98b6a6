/**
 * `npm run user:create -- --email ada@example.com --name "Ada" --password '...'`: creates an
 * instructor account (scrypt-hashed password). With the embedded database, a running server
 * owns it: the request goes to that server over its admin socket in the data directory, and
 * the account works at once. With no server running, this takes the directory itself, as the
 * server would. With DATABASE_URL, it writes to PostgreSQL directly.
 */
import path from 'node:path';
import { createInstructor } from '../app/_server/auth/sign-in';
import { ConfigError, loadConfig } from '../app/_server/config';
import { askOwner, DataDirBusy, ownDataDir } from '../app/_server/db/data-dir';
import { openDatabase } from '../app/_server/db/database';
import { AppError } from '../app/_server/errors';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(message: string, code = 1): never {
  console.error(`user:create: ${message}`);
  process.exit(code);
}

const email = arg('email');
const password = arg('password') ?? process.env.UNDERLAY_PASSWORD;
const name = arg('name') ?? email?.split('@')[0] ?? '';
if (!email || !password) {
  console.error(
    'usage: npm run user:create -- --email <email> --password <password> [--name <display name>]\n(or give the password in UNDERLAY_PASSWORD)',
  );
  process.exit(2);
}

let config;
try {
  config = loadConfig(process.env, { dataDir: './data', levelsDir: 'challenges' });
} catch (e) {
  fail(e instanceof ConfigError ? e.message : String(e));
}

async function createHere(
  open: () => Promise<{ db: Parameters<typeof createInstructor>[0]; close(): Promise<void> }>,
): Promise<void> {
  const database = await open();
  try {
    const user = await createInstructor(database.db, { email: email!, password: password!, displayName: name });
    console.log(`created instructor ${user.email} (${user.id})`);
  } catch (e) {
    process.exitCode = 1;
    console.error(`user:create: ${e instanceof AppError ? e.message : String(e)}`);
  } finally {
    await database.close();
  }
}

if (config.databaseUrl) {
  await createHere(() => openDatabase({ url: config.databaseUrl! }));
} else {
  const dir = config.dataDir;
  // a running server owns the directory: it creates the account, and it works at once
  const reply = await askOwner(dir, { op: 'create-instructor', email, password, name }).catch((e: unknown) =>
    fail(e instanceof Error ? e.message : String(e)),
  );
  if (reply) {
    if (!reply.ok) fail(reply.error);
    const user = reply.data as { id: string; email: string };
    console.log(`created instructor ${user.email} (${user.id}) through the running server`);
  } else {
    const owner = await ownDataDir(dir).catch((e: unknown) => fail(e instanceof DataDirBusy ? e.message : String(e)));
    try {
      await createHere(() => openDatabase({ dataDir: path.join(dir, 'pglite') }));
    } finally {
      await owner.close();
    }
  }
}
