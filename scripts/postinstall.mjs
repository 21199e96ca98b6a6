/**
 * After `npm ci`: generates the Prisma client from the schema. Prisma's CLI is a development
 * dependency; an install without them (`npm ci --omit=dev`, beside a prebuilt server bundle,
 * which holds the client already) skips this.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/.bin/prisma')) {
  console.log('postinstall: no Prisma CLI (a production install): the server bundle holds the client');
  process.exit(0);
}
const r = spawnSync('node_modules/.bin/prisma', ['generate'], {
  stdio: 'inherit',
  // the CLI cannot download its schema engine here, and generate does not need it (stack-recipe.md)
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: './tools/schema-engine-stub' },
});
process.exit(r.status ?? 1);
