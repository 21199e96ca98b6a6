/**
 * `npm run size`: the gzipped JavaScript a page ships on first load, from the production build's
 * manifests (Next 16 no longer prints it). First load = the root main files every page runs +
 * the JS chunks of the page's entries (its layouts and the page). Polyfills are left out: they
 * load only in browsers without ES modules. Fails when the play page exceeds its 320 kB budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const NEXT = '.next';
const BUDGET_KB = 320;
const PAGES = ['/play/[levelId]/page', '/course/page', '/page'];

function fail(message: string): never {
  console.error(`size: ${message}`);
  process.exit(1);
}

if (!existsSync(join(NEXT, 'build-manifest.json'))) fail('no production build in .next: run `npx next build` first');
const build = JSON.parse(readFileSync(join(NEXT, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] };

function entryFiles(page: string): string[] {
  const file = join(NEXT, 'server', 'app', `${page}_client-reference-manifest.js`);
  if (!existsSync(file)) fail(`no client manifest for ${page} (${file})`);
  const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
  g.__RSC_MANIFEST = {};
  new Function(readFileSync(file, 'utf8'))();
  const manifest = g.__RSC_MANIFEST[page];
  if (!manifest) fail(`${file} does not describe ${page}`);
  return Object.values(manifest.entryJSFiles).flat();
}

const gz = (file: string) => gzipSync(readFileSync(join(NEXT, file)), { level: 9 }).length;
let over = false;
for (const page of PAGES) {
  const files = [...new Set([...build.rootMainFiles, ...entryFiles(page)])];
  const bytes = files.reduce((n, f) => n + gz(f), 0);
  const kb = bytes / 1000;
  const route = page.replace(/\/?page$/, '') || '/';
  const mark = page.startsWith('/play')
    ? kb <= BUDGET_KB
      ? ` (budget ${BUDGET_KB} kB: ok)`
      : ` (budget ${BUDGET_KB} kB: OVER)`
    : '';
  if (page.startsWith('/play') && kb > BUDGET_KB) over = true;
  console.log(
    `${route.padEnd(18)} ${kb.toFixed(1).padStart(7)} kB gzipped JS first load, ${files.length} files${mark}`,
  );
}
if (over) process.exit(1);
