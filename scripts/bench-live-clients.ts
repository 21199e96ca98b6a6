/**
 * The simulated class for `npm run bench:live`, in a process of its own: N learners and an
 * instructor as socket.io clients. They join one session, open their team's attempt, edit at a
 * steady rate (each edit timed from send to each teammate's and the dashboard's receipt), then
 * all submit at once. The same learners then repeat the edit pattern against bare socket.io.
 * Reads its settings from the JSON file named on the command line; writes the figures as JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../app/_shared/protocol';

interface Config {
  url: string;
  /** every node: learners spread over them as sticky sessions would */
  urls: string[];
  bareUrl: string;
  instructorCookie: string;
  learnerCookies: string[];
  teamSize: number;
  levelId: string;
  editRate: number;
  editSeconds: number;
  burst: number;
  /** teammates reload the attempt after each edit, as the play page does */
  refetch: boolean;
  /** where the figures go (a pipe would be cut off at exit) */
  resultFile: string;
  /** a learner of their own who floods expensive steps over many sockets while the class edits again */
  noisy?: { cookie: string; sockets: number; perSocketPerSecond: number; levelId: string };
}
type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const cfg = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;
const log = (m: string) => process.stderr.write(`  ${m}\n`);

function call<T>(s: Socket, event: string, payload: unknown, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    s.timeout(timeoutMs).emit(event, payload, (err: Error | null, a: Ack<T>) => {
      if (err) reject(err);
      else if (a.ok) resolve(a.data);
      else reject(new Error(`${event}: ${a.error.code} ${a.error.message}`));
    });
  });
}

async function open(url: string, cookie?: string): Promise<Socket> {
  const s = connect(url, {
    transports: ['websocket'],
    forceNew: true,
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

/** Runs `work` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!, i);
      }
    }),
  );
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface EditRun {
  teammate: number[];
  dashboard: number[];
  ack: number[];
  sent: number;
  acked: number;
  failed: number;
  seconds: number;
}

/** Sends edits at the configured rate, one team at a time per edit, for the configured time. */
async function editLoop(
  teams: number[][],
  send: (team: number, member: number, key: string) => Promise<void>,
  pending: Map<string, { t0: number; team: number; sender: number }>,
): Promise<Pick<EditRun, 'sent' | 'acked' | 'failed' | 'ack' | 'seconds'>> {
  const busy = new Set<number>();
  const ack: number[] = [];
  let sent = 0;
  let acked = 0;
  let failed = 0;
  const interval = 1000 / cfg.editRate;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let k = 0; performance.now() - start < cfg.editSeconds * 1000; k++) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    let team = Math.floor(Math.random() * teams.length);
    for (let tries = 0; busy.has(team) && tries < teams.length; tries++) team = (team + 1) % teams.length;
    if (busy.has(team)) continue;
    busy.add(team);
    const member = teams[team]![Math.floor(Math.random() * teams[team]!.length)]!;
    const key = `${team}:${k}`;
    const t0 = performance.now();
    pending.set(key, { t0, team, sender: member });
    sent++;
    inflight.push(
      send(team, member, key)
        .then(
          () => {
            acked++;
            ack.push(performance.now() - t0);
          },
          () => {
            failed++;
          },
        )
        .finally(() => busy.delete(team)),
    );
  }
  await Promise.all(inflight);
  await sleep(1000);
  return { sent, acked, failed, ack, seconds: (performance.now() - start) / 1000 };
}

// ---- Underlay ----
const t0 = performance.now();
const instructor = await open(cfg.url, cfg.instructorCookie);
const session = await call<{ sessionId: string; code: string }>(instructor, 'session:create', {
  title: 'Bench',
  mode: 'team',
  teamSize: cfg.teamSize,
  levelIds: [cfg.levelId],
});
const learners = await pool(cfg.learnerCookies, 100, (c, i) => open(cfg.urls[i % cfg.urls.length]!, c));
log(`${learners.length} learners connected in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const tJoin = performance.now();
const joined = await pool(learners, 50, (s) =>
  call<{ me: { teamId: string } }>(s, 'session:join', { code: session.code }),
);
const joinSeconds = (performance.now() - tJoin) / 1000;
log(`${joined.length} joined in ${joinSeconds.toFixed(1)} s`);
const teamIndex = new Map<string, number>();
const teams: number[][] = [];
joined.forEach((j, i) => {
  if (!teamIndex.has(j.me.teamId)) {
    teamIndex.set(j.me.teamId, teams.length);
    teams.push([]);
  }
  teams[teamIndex.get(j.me.teamId)!]!.push(i);
});
const attempts = await pool(teams, 50, (members) =>
  call<{ attemptId: string }>(learners[members[0]!]!, 'session:attempt', {
    sessionId: session.sessionId,
    levelId: cfg.levelId,
  }).then((a) => a.attemptId),
);
await pool(learners, 50, (s) => call(s, 'session:get', { sessionId: session.sessionId }));
const view = await call<{ state: { version: number } }>(instructor, 'session:dashboard', {
  sessionId: session.sessionId,
});
log(`${teams.length} teams opened their attempt; dashboard at version ${view.state.version}`);

const pending = new Map<string, { t0: number; team: number; sender: number }>();
let refetched = 0;
let refetchFailed = 0;
const byAttemptVersion = new Map<string, string>();
const ours: EditRun = { teammate: [], dashboard: [], ack: [], sent: 0, acked: 0, failed: 0, seconds: 0 };
/** the run the receivers count into: the class alone, then the class beside the noisy learner */
let run = ours;
learners.forEach((s, i) =>
  s.on('live:event', (e: { kind: string; attemptId?: string; attemptVersion?: number }) => {
    if (e.kind !== 'step') return;
    const key = byAttemptVersion.get(`${e.attemptId}:${e.attemptVersion}`);
    const p = key ? pending.get(key) : undefined;
    if (p && p.sender !== i) {
      run.teammate.push(performance.now() - p.t0);
      if (cfg.refetch)
        void call(s, 'attempt:get', { attemptId: e.attemptId }).then(
          () => refetched++,
          () => refetchFailed++,
        );
    }
  }),
);
instructor.on('live:event', (e: { kind: string; attemptId?: string; attemptVersion?: number }) => {
  if (e.kind !== 'step') return;
  const key = byAttemptVersion.get(`${e.attemptId}:${e.attemptVersion}`);
  const p = key ? pending.get(key) : undefined;
  if (p) run.dashboard.push(performance.now() - p.t0);
});
const versions = attempts.map(() => 0);
const rules = ['10.0.1.10/32', '198.51.100.10/32'];
/** One class edit: a member changes their team's security group (an AWS call), and it is timed. */
async function classEdit(team: number, member: number, key: string): Promise<void> {
  const v = ++versions[team]!;
  // the event of this version is ours: recorded before sending, so a fast broadcast is not missed
  byAttemptVersion.set(`${attempts[team]}:${v}`, key);
  const verb = Math.floor((v - 1) / 2) % 2 === 0 ? 'authorize' : 'revoke';
  const cidr = rules[(v - 1) % 2]!;
  await call(learners[member]!, 'attempt:step', {
    attemptId: attempts[team],
    step: { aws: `ec2 ${verb}-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr ${cidr}` },
  });
}
Object.assign(ours, await editLoop(teams, classEdit, pending));
log(
  `edits: ${ours.acked}/${ours.sent} acknowledged in ${ours.seconds.toFixed(1)} s${cfg.refetch ? `; teammates reloaded the attempt ${refetched} times (${refetchFailed} failed)` : ''}`,
);

// ---- a noisy learner: expensive steps over many sockets while the class edits as before ----
interface NoisyRun {
  ok: number[];
  socketsOpen: number;
  socketsRefused: Record<string, number>;
  sent: number;
  answers: Record<string, number>;
  class: EditRun;
}
let noisy: NoisyRun | undefined;
if (cfg.noisy) {
  const n = cfg.noisy;
  const sockets: Socket[] = [];
  const socketsRefused: Record<string, number> = {};
  for (let i = 0; i < n.sockets; i++) {
    try {
      sockets.push(await open(cfg.url, n.cookie));
    } catch (e) {
      const code = (e as { data?: { code?: string } }).data?.code ?? 'ERROR';
      socketsRefused[code] = (socketsRefused[code] ?? 0) + 1;
    }
  }
  const own = await Promise.all(
    sockets.slice(0, 3).map((s) => call<{ attemptId: string }>(s, 'attempt:start', { levelId: n.levelId })),
  );
  const answers: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  /** how long the flood's accepted steps took: they wait behind their own */
  const noisyOk: number[] = [];
  // ten simulated minutes of BGP on level 4: the most a single step may cost (about 0.1 s of the simulator)
  const timers = sockets.map((s, k) =>
    setInterval(() => {
      sent++;
      const t0 = performance.now();
      s.timeout(30_000).emit(
        'attempt:step',
        { attemptId: own[k % own.length]!.attemptId, step: { wait: 600 } },
        (err: Error | null, a: Ack<unknown>) => {
          const code = err ? 'TIMEOUT' : a.ok ? 'ok' : a.error.code;
          answers[code] = (answers[code] ?? 0) + 1;
          answered++;
          if (code === 'ok') noisyOk.push(performance.now() - t0);
        },
      );
    }, 1000 / n.perSocketPerSecond),
  );
  await sleep(1000);
  const during: EditRun = { teammate: [], dashboard: [], ack: [], sent: 0, acked: 0, failed: 0, seconds: 0 };
  run = during;
  Object.assign(during, await editLoop(teams, classEdit, pending));
  run = ours;
  for (const t of timers) clearInterval(t);
  // every step the flood sent gets its answer before the sockets close
  for (let waited = 0; answered < sent && waited < 30_000; waited += 100) await sleep(100);
  for (const s of sockets) s.disconnect();
  noisy = { socketsOpen: sockets.length, socketsRefused, sent, answers, ok: noisyOk, class: during };
  log(
    `noisy learner: ${sockets.length} sockets open (${JSON.stringify(socketsRefused)} refused), ${sent} steps sent: ${JSON.stringify(answers)}; class edits ${during.acked}/${during.sent} acknowledged`,
  );
}

// ---- the submit burst: one member of each team grades at once ----
const burstTeams = teams.slice(0, cfg.burst);
const tBurst = performance.now();
const burst = await Promise.all(
  burstTeams.map((members, i) => {
    const start = performance.now();
    return call<{ score: number }>(learners[members[0]!]!, 'attempt:grade', { attemptId: attempts[i] }, 120_000).then(
      (g) => ({ ok: true, ms: performance.now() - start, score: g.score }),
      (e: Error) => ({ ok: false, ms: performance.now() - start, error: e.message }),
    );
  }),
);
const burstSeconds = (performance.now() - tBurst) / 1000;
log(`burst: ${burst.filter((b) => b.ok).length}/${burst.length} graded in ${burstSeconds.toFixed(1)} s`);
for (const s of [instructor, ...learners]) s.disconnect();

// ---- bare socket.io with the same clients and the same edit pattern ----
const bareInstructor = await open(cfg.bareUrl);
await new Promise<void>((r) => bareInstructor.emit('join', 'instructors', r));
const bare = await pool(cfg.learnerCookies, 100, () => open(cfg.bareUrl));
await pool(
  bare,
  100,
  (s, i) => new Promise<void>((r) => s.emit('join', `team-${teams.findIndex((m) => m.includes(i))}`, r)),
);
const barePending = new Map<string, { t0: number; team: number; sender: number }>();
const bareRun: EditRun = { teammate: [], dashboard: [], ack: [], sent: 0, acked: 0, failed: 0, seconds: 0 };
bare.forEach((s) =>
  s.on('edit', (m: { key: string }) => {
    const p = barePending.get(m.key);
    if (p) bareRun.teammate.push(performance.now() - p.t0);
  }),
);
bareInstructor.on('edit', (m: { key: string }) => {
  const p = barePending.get(m.key);
  if (p) bareRun.dashboard.push(performance.now() - p.t0);
});
Object.assign(
  bareRun,
  await editLoop(
    teams,
    (team, member, key) => new Promise<void>((r) => bare[member]!.emit('edit', { room: `team-${team}`, key }, r)),
    barePending,
  ),
);
for (const s of [bareInstructor, ...bare]) s.disconnect();

writeFileSync(
  cfg.resultFile,
  JSON.stringify({
    sessionId: session.sessionId,
    learners: learners.length,
    teams: teams.length,
    joinSeconds,
    ours: { ...ours },
    bare: { ...bareRun },
    burst: { seconds: burstSeconds, results: burst, attemptIds: attempts.slice(0, cfg.burst) },
    ...(noisy ? { noisy } : {}),
  }),
);
process.exit(0);
