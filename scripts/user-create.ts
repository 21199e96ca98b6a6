/**
 * `npm run user:create -- --email ada@example.com --name "Ada" --password '...'`: creates an
 * instructor account (scrypt-hashed password) in the configured database.
 */
import { openDatabase } from '../app/_server/db/database';
import { createInstructor } from '../app/_server/auth/sign-in';
import { AppError } from '../app/_server/errors';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
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
const database = await openDatabase(
  process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL }
    : { dataDir: `${process.env.DATA_DIR ?? './data'}/pglite` },
);
try {
  const user = await createInstructor(database.db, { email, password, displayName: name });
  console.log(`created instructor ${user.email} (${user.id})`);
} catch (e) {
  console.error(`user:create: ${e instanceof AppError ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
