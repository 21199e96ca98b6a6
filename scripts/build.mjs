/**
 * `npm run build`: the production build. Next.js builds the pages (.next/), and esbuild bundles
 * the server, its worker threads and the operator's tools into plain JavaScript
 * (.underlay-build/), so production runs with `node` and the packages in `dependencies`, not
 * through tsx. A fingerprint of everything the build reads is kept with it: `npm start` builds
 * only when the sources changed since (scripts/start.mjs).
 *
 *   node scripts/build.mjs             build if anything changed (--force: build anyway)
 *   node scripts/build.mjs --server    only the server bundle (for the tools; seconds)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(root, '.underlay-build');
const STAMP = path.join(OUT, 'fingerprint.json');

/** What the build reads: the sources, the schema, the configuration, the lock file. */
const INPUTS = [
  'app',
  'engine',
  'src/generated',
  'server.ts',
  'scripts/user-create.ts',
  'prisma/schema.prisma',
  'next.config.js',
  'tsconfig.json',
  'package-lock.json',
  'scripts/build.mjs',
];

function files(p) {
  const full = path.join(root, p);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [p];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) => files(path.join(p, d.name)));
}

/** A hash of every input's path and contents: equal means nothing the build reads has changed. */
export function fingerprint() {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap(files))
    h.update(f)
      .update('\0')
      .update(readFileSync(path.join(root, f)))
      .update('\0');
  return h.digest('hex');
}

function stamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** Whether the last build is of these very sources (pages and server, or the server alone). */
export function current(part = 'all') {
  const s = stamp();
  const bundled = ['server.mjs', 'step-worker.mjs', 'grade-worker.mjs', 'user-create.mjs'].every((f) =>
    existsSync(path.join(OUT, f)),
  );
  const fp = fingerprint();
  if (part === 'server') return bundled && s.server === fp;
  return bundled && s.server === fp && s.pages === fp && existsSync(path.join(root, '.next/BUILD_ID'));
}

/** Bundles the server, the worker threads and user:create with esbuild (packages stay imports). */
export async function bundleServer() {
  const { build } = await import('esbuild');
  mkdirSync(OUT, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      server: 'server.ts',
      'step-worker': 'app/_server/steps/step-worker.ts',
      'grade-worker': 'app/_server/grading/grade-worker.ts',
      'user-create': 'scripts/user-create.ts',
    },
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

function record(parts) {
  writeFileSync(STAMP, JSON.stringify({ ...stamp(), ...parts, at: new Date().toISOString() }, null, 2));
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const serverOnly = args.includes('--server');
  const fp = fingerprint();
  if (!force && current(serverOnly ? 'server' : 'all')) return;
  const t0 = Date.now();
  if (!serverOnly) {
    const next = path.join(root, 'node_modules/.bin/next');
    if (!existsSync(next)) {
      console.error('build: Next.js is not installed; run `npm ci` first.');
      process.exit(1);
    }
    const r = spawnSync(next, ['build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  await bundleServer();
  record(serverOnly ? { server: fp } : { server: fp, pages: fp });
  if (!args.includes('--quiet'))
    console.log(
      `build: ${serverOnly ? 'server bundle' : 'pages and server'} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
