/**
 * `npm run bench:durability`: what the embedded database (PGlite) keeps when things go wrong,
 * measured on this machine, for the README.
 *
 * 1. A crash of the process (kill -9): a server on a fresh DATA_DIR takes steps from a client
 *    as fast as it acknowledges them, is killed mid-stream, restarts on the same directory;
 *    every acknowledged step must be there.
 * 2. A power cut or an OS crash: what survives depends on whether a commit reaches the disk
 *    before it is acknowledged. strace counts the flush calls (fsync, fdatasync, sync_file_range,
 *    syncfs) PGlite makes over 100 commits; the kernel's writeback settings say how long
 *    unflushed writes can wait in memory.
 * 3. The same question for PostgreSQL (DATABASE_URL): its settings.
 *
 * Options: --rounds 3 (kill -9 rounds). Needs strace for part 2 (apt-get install strace).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../app/_shared/protocol';
import { spawnReady } from './spawn-ready';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 3);
const LEVEL = '01-where-is-my-public-ip';

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string } };
function call<T>(s: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return new Promise((resolve) =>
    s
      .timeout(5000)
      .emit(event, payload, (err: Error | null, a: Ack<T>) =>
        resolve(err ? { ok: false, error: { code: 'TIMEOUT' } } : a),
      ),
  );
}

async function open(port: number, cookie?: string): Promise<Socket> {
  const s = connect(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    auth: { protocol: PROTOCOL_VERSION },
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** One round: steps until the kill, then a restart; how many acknowledged steps are there afterwards. */
async function killRound(): Promise<{ acked: number; kept: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-durability-'));
  const env = {
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LIMIT_EVENTS_PER_SECOND: '100000',
    LIMIT_STEPS_PER_ATTEMPT: '100000',
  };
  const first = await spawnReady('scripts/live-node.ts', env);
  const join = await fetch(`http://127.0.0.1:${first.port}/api/session/learner`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ displayName: 'Dura' }),
  });
  const cookie = join.headers.get('set-cookie')!.split(';')[0]!;
  const s = await open(first.port, cookie);
  const started = await call<{ attemptId: string }>(s, 'attempt:start', { levelId: LEVEL });
  if (!started.ok) throw new Error('no attempt');
  const attemptId = started.data.attemptId;
  let acked = 0;
  const killAt = 1500 + Math.floor(Math.random() * 1500);
  const t0 = performance.now();
  let killed = false;
  while (!killed) {
    const r = await call<{ version: number }>(s, 'attempt:step', { attemptId, step: { wait: 1 } });
    if (r.ok) acked = r.data.version;
    if (performance.now() - t0 > killAt) {
      first.proc.kill('SIGKILL');
      killed = true;
    }
  }
  s.disconnect();
  await new Promise((r) => first.proc.once('exit', r));
  const second = await spawnReady('scripts/live-node.ts', env);
  try {
    const res = await fetch(`http://127.0.0.1:${second.port}/api/attempts/${attemptId}`, { headers: { cookie } });
    const body = (await res.json()) as { data?: { version: number } };
    return { acked, kept: body.data?.version ?? 0 };
  } finally {
    second.proc.kill('SIGTERM');
    await new Promise((r) => second.proc.once('exit', r));
  }
}

/** Flush calls PGlite makes over 100 commits, counted by strace; undefined without strace. */
function flushesPerCommit(): { calls: number; commits: number; msPerCommit: string } | undefined {
  if (spawnSync('strace', ['-V']).status !== 0) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'underlay-fsync-'));
  const script = path.join(dir, 'commits.mts');
  writeFileSync(
    script,
    `import { openDatabase } from ${JSON.stringify(path.join(root, 'app/_server/db/database.ts'))};
const db = await openDatabase({ dataDir: ${JSON.stringify(path.join(dir, 'pglite'))} });
const user = await db.db.user.create({ data: { role: 'learner', displayName: 'x' } });
const a = await db.db.attempt.create({ data: { userId: user.id, levelId: 'l' } });
const t0 = performance.now();
for (let i = 1; i <= 100; i++)
  await db.db.$transaction([db.db.attemptStep.create({ data: { attemptId: a.id, seq: i, step: { wait: i } } }), db.db.attempt.update({ where: { id: a.id }, data: { version: i } })]);
console.log('MS', ((performance.now() - t0) / 100).toFixed(2));
await db.close();`,
  );
  const trace = path.join(dir, 'strace.txt');
  const r = spawnSync(
    'strace',
    [
      '-f',
      '-e',
      'trace=fsync,fdatasync,sync_file_range,syncfs,sync,msync',
      '-o',
      trace,
      process.execPath,
      '--import',
      'tsx',
      script,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  const calls = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => /\b(fsync|fdatasync|sync_file_range|syncfs|sync|msync)\(/.test(l)).length;
  return { calls, commits: 100, msPerCommit: /MS (\S+)/.exec(r.stdout)?.[1] ?? '?' };
}

function sysctl(name: string): string {
  const file = `/proc/sys/vm/${name}`;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : '?';
}

async function postgresSettings(): Promise<string> {
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
    const get = async (n: string) => (await c.query(`SHOW ${n}`)).rows[0][n] as string;
    return `fsync=${await get('fsync')}, synchronous_commit=${await get('synchronous_commit')}, wal_sync_method=${await get('wal_sync_method')}, full_page_writes=${await get('full_page_writes')}`;
  } catch (e) {
    return `not reachable (${(e as Error).message})`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

console.log(`Underlay durability on this machine (Node ${process.version})`);
const rounds = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await killRound();
  rounds.push(r);
  console.log(`  kill -9 round ${i + 1}: ${r.acked} steps acknowledged, ${r.kept} there after the restart`);
}
const acked = rounds.reduce((n, r) => n + r.acked, 0);
const kept = rounds.reduce((n, r) => n + Math.min(r.kept, r.acked), 0);
const flushes = flushesPerCommit();
const rows: [string, string][] = [
  ['PGlite, process killed (kill -9): acknowledged steps kept', `${kept} of ${acked} (${ROUNDS} rounds)`],
  [
    'PGlite, flush calls (fsync, fdatasync, sync_file_range, syncfs)',
    flushes
      ? `${flushes.calls} over ${flushes.commits} commits (${flushes.msPerCommit} ms a commit)`
      : 'strace not installed (apt-get install strace)',
  ],
  [
    'kernel: unflushed writes reach the disk after / flusher wakes every',
    `${Number(sysctl('dirty_expire_centisecs')) / 100} s / ${Number(sysctl('dirty_writeback_centisecs')) / 100} s`,
  ],
  ['PostgreSQL (DATABASE_URL) settings', await postgresSettings()],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${'measure'.padEnd(w)} | measured`);
for (const [a, b] of rows) console.log(`${a.padEnd(w)} | ${b}`);
