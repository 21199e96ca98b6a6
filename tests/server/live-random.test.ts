import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  emptyDashboard,
  reduceDashboard,
  type DashboardState,
  type DashboardView,
  type LearnerSessionView,
  type LiveEvent,
  type SessionSummary,
} from '../../app/_shared/live-events';
import { toEvent } from '../../app/_server/live/session-room';
import { rng } from '../seeded';
import { ok, storedSteps, until } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const LEVEL = '01-where-is-my-public-ip';
const STEPS: Record<string, unknown>[] = [
  { aws: 'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32' },
  { aws: 'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32' },
  { aws: 'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32' },
  { aws: 'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0' },
  { aws: 'ec2 describe-security-groups --group-ids sg-b' },
  { expect: { from: 'i-a', to: '10.0.1.30', protocol: 'icmp', result: 'any' } },
  { expect: { from: 'i-a', to: '198.51.100.20', protocol: 'icmp', result: 'any' } },
];

/**
 * A client as a real page keeps its state: the last version seen, and what the events said
 * about its team's attempts (or, for the instructor, the dashboard). Live events that arrive
 * while a resync is in flight wait for it, so nothing is applied out of order or twice.
 */
class Client {
  seq = 0;
  teamId?: string;
  attempts = new Map<string, { version: number; actions: unknown[] }>();
  dashboard?: DashboardState;
  /** events wait from the first connection until the first sync has read the history */
  private syncing = true;
  private held: LiveEvent[] = [];

  constructor(
    readonly name: string,
    readonly socket: Socket,
    readonly instructor: boolean,
  ) {
    socket.on('live:event', (e: LiveEvent) => (this.syncing ? this.held.push(e) : this.apply(e)));
  }

  apply(e: LiveEvent): void {
    if (e.seq <= this.seq) return;
    this.seq = e.seq;
    if (this.dashboard) this.dashboard = reduceDashboard(this.dashboard, e);
    if (e.kind === 'attempt') this.attempts.set(e.attemptId, { version: 0, actions: [] });
    if (e.kind === 'step') {
      const a = this.attempts.get(e.attemptId) ?? { version: 0, actions: [] };
      if (e.attemptVersion !== a.version + 1)
        throw new Error(`${this.name}: step ${e.attemptVersion} after ${a.version}`);
      this.attempts.set(e.attemptId, { version: e.attemptVersion, actions: [...a.actions, e.step] });
    }
  }

  /** the first view was loaded some other way: fold what waited */
  ready(): void {
    this.syncing = false;
    for (const e of this.held.splice(0)) this.apply(e);
  }

  async sync(sessionId: string): Promise<void> {
    this.syncing = true;
    try {
      const r = await ok<{ version: number; events: LiveEvent[]; reload: boolean }>(this.socket, 'session:sync', {
        sessionId,
        since: this.seq,
      });
      expect(r.reload).toBe(false);
      for (const e of r.events) this.apply(e);
    } finally {
      this.syncing = false;
      const held = this.held.splice(0);
      for (const e of held) this.apply(e);
    }
  }
}

async function runScenario(server: TestServer, seed: number, ops: number): Promise<void> {
  const rnd = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const teacherSocket = await server.client(await server.instructor(`Teach${seed}`));
  const session = await ok<SessionSummary>(teacherSocket, 'session:create', {
    title: `Seed ${seed}`,
    mode: 'team',
    teamSize: 3,
    levelIds: [LEVEL],
  });
  const teacher = new Client('teacher', teacherSocket, true);
  const view = await ok<DashboardView>(teacherSocket, 'session:dashboard', { sessionId: session.sessionId });
  teacher.dashboard = view.state;
  teacher.seq = view.state.version;
  teacher.ready();

  const cookies = await Promise.all(Array.from({ length: 7 }, (_, i) => server.join(`L${seed}-${i}`)));
  const learners: (Client | undefined)[] = cookies.map(() => undefined);
  const counts = { join: 0, edit: 0, refusedEdit: 0, drop: 0, reconnect: 0, reset: 0, select: 0 };

  async function op(i: number): Promise<void> {
    const c = learners[i];
    const r = rnd();
    if (!c) {
      counts.join++;
      const client = new Client(`L${i}`, await server.client(cookies[i]), false);
      learners[i] = client;
      const joined = await ok<LearnerSessionView>(client.socket, 'session:join', { code: session.code });
      client.teamId = joined.me.teamId;
      // a first visit reads the team's history from the start
      await client.sync(session.sessionId);
      return;
    }
    if (!c.socket.connected) {
      counts.reconnect++;
      c.socket.connect();
      await until(() => c.socket.connected, 5000, 'reconnect');
      await c.sync(session.sessionId);
      return;
    }
    if (r < 0.12) {
      counts.drop++;
      c.socket.disconnect();
      return;
    }
    if (r < 0.17) {
      counts.select++;
      await ok(c.socket, 'session:select', {
        sessionId: session.sessionId,
        resourceId: pick(['i-a', 'i-b', 'sg-b', null]),
      });
      return;
    }
    const fresh = r < 0.2;
    if (fresh) counts.reset++;
    const attempt = await ok<{ attemptId: string }>(c.socket, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
      ...(fresh ? { fresh: true } : {}),
    });
    counts.edit++;
    const res = await emit(c.socket, 'attempt:step', { attemptId: attempt.attemptId, step: pick(STEPS) });
    // a teammate's reset can make this attempt an old one: still the team's, still accepted
    if (!res.ok) counts.refusedEdit++;
  }

  for (let n = 0; n < ops;) {
    // one to three learners act at once; sometimes the instructor drops and comes back
    const batch = 1 + Math.floor(rnd() * 3);
    const who = [...new Set(Array.from({ length: batch }, () => Math.floor(rnd() * learners.length)))];
    const work = who.map((i) => op(i));
    if (rnd() < 0.08) {
      if (teacher.socket.connected) teacher.socket.disconnect();
      else
        work.push(
          (async () => {
            teacher.socket.connect();
            await until(() => teacher.socket.connected);
            await teacher.sync(session.sessionId);
          })(),
        );
    }
    await Promise.all(work);
    n += who.length;
  }

  // everyone comes back and catches up
  for (const c of [teacher, ...learners.filter((x): x is Client => !!x)]) {
    if (!c.socket.connected) {
      c.socket.connect();
      await until(() => c.socket.connected, 5000, 'the final reconnect');
    }
    await c.sync(session.sessionId);
  }
  await new Promise((r) => setTimeout(r, 100));

  const rows = await server.services.db.sessionEvent.findMany({
    where: { sessionId: session.sessionId },
    orderBy: { seq: 'asc' },
  });
  const events = rows.map(toEvent);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const attempts = await Promise.all(
    (await server.services.db.attempt.findMany({ where: { sessionId: session.sessionId } })).map(async (a) => ({
      ...a,
      actions: await storedSteps(server.services.db, a.id),
    })),
  );
  expect(counts.edit, JSON.stringify(counts)).toBeGreaterThan(10);
  expect(counts.drop + counts.reconnect).toBeGreaterThan(3);

  // the instructor's live dashboard is the database's, and the server's
  const fromDb = events.reduce(reduceDashboard, { ...emptyDashboard(view.state), status: 'running' as const });
  const fresh = await ok<DashboardView>(teacherSocket, 'session:dashboard', { sessionId: session.sessionId });
  expect(teacher.dashboard).toEqual(fromDb);
  expect(fresh.state).toEqual(fromDb);
  expect(teacher.seq).toBe(events.length);

  // every learner knows exactly its team's attempts as stored
  for (const c of learners) {
    if (!c) continue;
    const mine = attempts.filter((a) => a.teamId === c.teamId);
    expect([...c.attempts.keys()].sort(), c.name).toEqual(mine.map((a) => a.id).sort());
    for (const a of mine)
      expect(c.attempts.get(a.id), `${c.name} ${a.id}`).toEqual({ version: a.version, actions: a.actions });
    const visible = events.filter((e) => !('teamId' in e) || e.teamId === undefined || e.teamId === c.teamId);
    expect(c.seq, c.name).toBe(visible.at(-1)?.seq ?? 0);
  }
}

describe('seeded random joins, edits, drops and reconnects end with every client equal to the database', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed} on PGlite`, async () => {
      const server = await startTestServer({ limits: { eventsPerSecond: 1000 } });
      servers.push(server);
      await runScenario(server, seed, 120);
    }, 120_000);
  }

  it('seed 5 on PostgreSQL', async () => {
    const server = await startTestServer({ backend: 'postgresql', limits: { eventsPerSecond: 1000 } });
    servers.push(server);
    await runScenario(server, 5, 120);
  }, 120_000);
});
