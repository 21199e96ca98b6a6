/**
 * `npm run bench:live`: a class on one session, on PostgreSQL (and Redis). It starts the
 * server nodes (scripts/live-node.ts) and a separate client process
 * (scripts/bench-live-clients.ts) that plays the learners and the instructor, then bare
 * socket.io for comparison, and prints the figures against issue 7's targets:
 * 2,000 learners in one session; edit-to-teammate p99 < 150 ms; dashboard update p99 <
 * 500 ms; a burst of 500 submits all graded, none lost or duplicated, p95 < 10 s.
 *
 * Options: --learners 2000 --team 4 --nodes 1 --rate 50 (edits/s) --seconds 20 --burst 500
 *          --no-redis (one node without the Redis adapter and queue)
 *          --no-refetch (teammates do not reload the attempt after each edit, as the page does)
 * Needs PostgreSQL at UNDERLAY_PG_URL (default postgresql://postgres@127.0.0.1:5432/test) and
 * Redis at REDIS_URL (default redis://127.0.0.1:6379).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { spawnReady } from './spawn-ready';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { issueToken, SESSION_COOKIE, type Principal } from '../app/_server/auth/session-token';
import { openDatabase } from '../app/_server/db/database';

function opt(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const LEARNERS = opt('learners', 2000);
const TEAM = opt('team', 4);
const NODES = opt('nodes', 1);
const RATE = opt('rate', 50);
const SECONDS = opt('seconds', 20);
const BURST = opt('burst', 500);
const REDIS = !process.argv.includes('--no-redis');
/** the play page reloads the attempt when a teammate changes it; --no-refetch leaves that load out */
const REFETCH = !process.argv.includes('--no-refetch');
/** one learner floods expensive steps over 50 sockets while the class edits again (--no-noisy leaves it out) */
const NOISY = !process.argv.includes('--no-noisy');
const PG_URL = process.env.UNDERLAY_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomUUID() + randomUUID();
const LEVEL = '01-where-is-my-public-ip';
const root = path.resolve(import.meta.dirname, '..');

const pct = (xs: number[], q: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : NaN;
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');

// a database of its own, migrated once before the nodes start
const dbName = `underlay_bench_${process.pid}_${Date.now()}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(PG_URL);
url.pathname = `/${dbName}`;
const database = await openDatabase({ url: url.toString() });
const prefix = `underlay-bench:${process.pid}`;
const nodes: ChildProcess[] = [];
let bareProc: ChildProcess | undefined;

try {
  console.log(
    `Underlay live benchmark: ${LEARNERS} learners in teams of ${TEAM}, ${NODES} node(s)${REDIS ? ' with Redis (adapter, room leases, BullMQ grading)' : ''}, PostgreSQL${REFETCH ? ', teammates reload the attempt after each edit' : ''}; Node ${process.version}`,
  );
  const instructorId = randomUUID();
  await database.db.user.create({ data: { id: instructorId, role: 'instructor', displayName: 'Bench' } });
  const learnerIds = Array.from({ length: LEARNERS }, () => randomUUID());
  const noisyId = randomUUID();
  await database.db.user.create({ data: { id: noisyId, role: 'learner', displayName: 'Noisy' } });
  await database.db.user.createMany({
    data: learnerIds.map((id, i) => ({ id, role: 'learner', displayName: `Learner ${i + 1}` })),
  });
  // every simulated learner is signed in: a sign-in row each, as the join page would have made
  const sid = (userId: string) => `bench-${userId}`;
  await database.db.authSession.createMany({
    data: [instructorId, noisyId, ...learnerIds].map((id) => ({
      id: sid(id),
      userId: id,
      expiresAt: new Date(Date.now() + 24 * 3600_000),
    })),
  });
  const cookie = (p: Principal) => `${SESSION_COOKIE}=${issueToken(SECRET, p, sid(p.userId))}`;

  const started = await Promise.all(
    Array.from({ length: NODES }, () =>
      spawnReady('scripts/live-node.ts', {
        DATABASE_URL: url.toString(),
        SESSION_SECRET: SECRET,
        PORT: '0',
        NODE_ENV: 'production',
        // the whole class connects from this one machine: the per-address limits are a hall's
        LIMIT_EVENTS_PER_ADDRESS: '1000000',
        LIMIT_CONNECTIONS_PER_ADDRESS: '1000000',
        LIMIT_API_PER_ADDRESS: '1000000',
        ...(REDIS ? { REDIS_URL, REDIS_PREFIX: prefix } : {}),
      }),
    ),
  );
  nodes.push(...started.map((s) => s.proc));
  const bare = await spawnReady('scripts/bench-bare-server.ts', {});
  bareProc = bare.proc;
  const dir = mkdtempSync(path.join(tmpdir(), 'underlay-bench-'));
  const cfgFile = path.join(dir, 'config.json');
  // learners spread over the nodes as a load balancer with sticky sessions would; the instructor on the first
  writeFileSync(
    cfgFile,
    JSON.stringify({
      url: `http://127.0.0.1:${started[0]!.port}`,
      urls: started.map((s) => `http://127.0.0.1:${s.port}`),
      bareUrl: `http://127.0.0.1:${bare.port}`,
      instructorCookie: cookie({ userId: instructorId, role: 'instructor', displayName: 'Bench' }),
      learnerCookies: learnerIds.map((id, i) =>
        cookie({ userId: id, role: 'learner', displayName: `Learner ${i + 1}` }),
      ),
      teamSize: TEAM,
      levelId: LEVEL,
      editRate: RATE,
      editSeconds: SECONDS,
      burst: BURST,
      refetch: REFETCH,
      resultFile: path.join(dir, 'result.json'),
      ...(NOISY
        ? {
            noisy: {
              cookie: cookie({ userId: noisyId, role: 'learner', displayName: 'Noisy' }),
              sockets: 50,
              perSocketPerSecond: 20,
              levelId: '04-bgp-appliance-in-subnet',
            },
          }
        : {}),
    }),
  );

  const client = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/bench-live-clients.ts'), cfgFile],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const code = await new Promise<number | null>((r) => client.on('exit', r));
  if (code !== 0) throw new Error(`the client process failed (${code})`);
  const r = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as {
    sessionId: string;
    learners: number;
    teams: number;
    joinSeconds: number;
    ours: {
      teammate: number[];
      dashboard: number[];
      ack: number[];
      sent: number;
      acked: number;
      failed: number;
      seconds: number;
    };
    bare: { teammate: number[]; dashboard: number[]; ack: number[]; sent: number; acked: number; seconds: number };
    burst: { seconds: number; results: { ok: boolean; ms: number }[]; attemptIds: string[] };
    noisy?: {
      ok: number[];
      socketsOpen: number;
      socketsRefused: Record<string, number>;
      sent: number;
      answers: Record<string, number>;
      class: { teammate: number[]; dashboard: number[]; ack: number[]; sent: number; acked: number; failed: number };
    };
  };

  // what the database says about the burst: one grade per submit, none lost, none twice
  const grades = await database.db.grade.groupBy({
    by: ['attemptId'],
    where: { attemptId: { in: r.burst.attemptIds } },
    _count: { _all: true },
  });
  const gradedOnce = grades.filter((g) => g._count._all === 1).length;
  const twice = grades.filter((g) => g._count._all > 1).length;
  const members = await database.db.sessionMember.count({ where: { sessionId: r.sessionId } });
  const events = await database.db.sessionEvent.count({ where: { sessionId: r.sessionId } });
  const okBurst = r.burst.results.filter((b) => b.ok);

  const rows: [string, string, string, string][] = [
    [
      'learners connected and joined (one session)',
      `${members}`,
      `${LEARNERS}`,
      members === LEARNERS ? 'ok' : 'MISSED',
    ],
    ['  join throughput (join + team + event, in order)', `${f(members / r.joinSeconds)}/s`, '', ''],
    [
      'edits acknowledged / sent',
      `${r.ours.acked} / ${r.ours.sent} (${f(r.ours.acked / r.ours.seconds)}/s)`,
      '',
      r.ours.failed === 0 ? 'ok' : `${r.ours.failed} failed`,
    ],
    ['edit ack p50 / p99 ms', `${f(pct(r.ours.ack, 0.5))} / ${f(pct(r.ours.ack, 0.99))}`, '', ''],
    [
      'edit-to-teammate p50 / p95 / p99 ms',
      `${f(pct(r.ours.teammate, 0.5))} / ${f(pct(r.ours.teammate, 0.95))} / ${f(pct(r.ours.teammate, 0.99))}`,
      'p99 < 150',
      pct(r.ours.teammate, 0.99) < 150 ? 'ok' : 'MISSED',
    ],
    [
      'dashboard update p50 / p95 / p99 ms',
      `${f(pct(r.ours.dashboard, 0.5))} / ${f(pct(r.ours.dashboard, 0.95))} / ${f(pct(r.ours.dashboard, 0.99))}`,
      'p99 < 500',
      pct(r.ours.dashboard, 0.99) < 500 ? 'ok' : 'MISSED',
    ],
    [
      'submit burst graded / sent',
      `${okBurst.length} / ${r.burst.results.length} in ${f(r.burst.seconds)} s`,
      `${BURST}`,
      okBurst.length === BURST ? 'ok' : 'MISSED',
    ],
    [
      '  grades stored once / twice (database)',
      `${gradedOnce} / ${twice}`,
      `${BURST} / 0`,
      gradedOnce === BURST && twice === 0 ? 'ok' : 'MISSED',
    ],
    [
      '  submit p50 / p95 / max s',
      `${f(
        pct(
          okBurst.map((b) => b.ms),
          0.5,
        ) / 1000,
      )} / ${f(
        pct(
          okBurst.map((b) => b.ms),
          0.95,
        ) / 1000,
      )} / ${f(Math.max(...okBurst.map((b) => b.ms)) / 1000)}`,
      'p95 < 10',
      pct(
        okBurst.map((b) => b.ms),
        0.95,
      ) < 10_000
        ? 'ok'
        : 'MISSED',
    ],
    [
      'bare socket.io: relay to teammate p50 / p99 ms',
      `${f(pct(r.bare.teammate, 0.5))} / ${f(pct(r.bare.teammate, 0.99))}`,
      '',
      '',
    ],
    [
      'bare socket.io: to instructor p50 / p99 ms',
      `${f(pct(r.bare.dashboard, 0.5))} / ${f(pct(r.bare.dashboard, 0.99))}`,
      '',
      '',
    ],
    [
      'ratio Underlay / bare (teammate p50, p99)',
      `${f(pct(r.ours.teammate, 0.5) / pct(r.bare.teammate, 0.5))}× , ${f(pct(r.ours.teammate, 0.99) / pct(r.bare.teammate, 0.99))}×`,
      '',
      '',
    ],
    ['session events stored', `${events}`, '', ''],
  ];
  if (r.noisy) {
    const n = r.noisy;
    const with_ = n.class.ack;
    rows.push(
      [
        'noisy learner: sockets open / refused',
        `${n.socketsOpen} / ${
          Object.entries(n.socketsRefused)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ') || '0'
        }`,
        '',
        '',
      ],
      ['  its accepted steps answered p50 / max ms', `${f(pct(n.ok, 0.5))} / ${f(Math.max(...n.ok))}`, '', ''],
      [
        '  expensive steps sent (wait 600 on level 4)',
        `${n.sent}: ${Object.entries(n.answers)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}`,
        '',
        '',
      ],
      [
        'class step ack p50 / p99 ms, without the flood',
        `${f(pct(r.ours.ack, 0.5))} / ${f(pct(r.ours.ack, 0.99))}`,
        '',
        '',
      ],
      [
        'class step ack p50 / p99 ms, with the flood',
        `${f(pct(with_, 0.5))} / ${f(pct(with_, 0.99))}`,
        'p99 < 150',
        pct(with_, 0.99) < 150 ? 'ok' : 'MISSED',
      ],
      [
        '  class edits acknowledged / sent, with the flood',
        `${n.class.acked} / ${n.class.sent}`,
        '',
        n.class.failed === 0 ? 'ok' : `${n.class.failed} failed`,
      ],
      ['  edit-to-teammate p99 ms, with the flood', f(pct(n.class.teammate, 0.99)), '', ''],
    );
  }
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), 9];
  console.log(`${'measure'.padEnd(w[0]!)} | ${'measured'.padEnd(w[1]!)} | ${'target'.padEnd(w[2]!)} | verdict`);
  for (const [a, b, c, d] of rows) console.log(`${a.padEnd(w[0]!)} | ${b.padEnd(w[1]!)} | ${c.padEnd(w[2]!)} | ${d}`);
} finally {
  for (const n of nodes) n.kill('SIGTERM');
  bareProc?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1500));
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  if (REDIS) {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
}
