import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  emptyDashboard,
  reduceDashboard,
  type DashboardState,
  type DashboardView,
  type LearnerSessionView,
  type LiveEvent,
  type SessionSummary,
} from '../../app/_shared/live-events';
import type { AttemptView, StepView } from '../../app/_shared/views';
import { toEvent } from '../../app/_server/live/session-room';
import { REDIS_URL, startCluster } from './cluster-fixture';
import { collect, ok, storedSteps, until } from './live-helpers';
import { emit } from './server-fixture';

const LEVEL = '01-where-is-my-public-ip';
const EDITS = [
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
  'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
  // every edit changes the network: a look (describe-*) changes nothing and is not stored
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol tcp --port 22 --cidr 10.0.1.10/32',
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol tcp --port 443 --cidr 10.0.1.10/32',
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol tcp --port 80 --cidr 10.0.1.10/32',
];

describe('two server processes, one session, Redis and PostgreSQL', () => {
  let cluster: Awaited<ReturnType<typeof startCluster>>;
  afterAll(async () => cluster?.close(), 60_000);

  it('serves a team split across the processes; when the room’s process dies, no acknowledged edit is lost and the clients resync', async () => {
    cluster = await startCluster('cluster', { leaseMs: 2000 });
    const [a, b] = await Promise.all([cluster.startNode(), cluster.startNode()]);
    const teach = await cluster.user('instructor', 'Teach');
    const ana = await cluster.user('learner', 'Ana');
    const ben = await cluster.user('learner', 'Ben');
    const teacher = await cluster.client(a!, teach.cookie);
    const anaSocket = await cluster.client(a!, ana.cookie);
    let benSocket = await cluster.client(b!, ben.cookie);

    const session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Split',
      mode: 'team',
      teamSize: 2,
      levelIds: [LEVEL],
    });
    // Ben joins through B first, so B takes the session's room
    const benView = await ok<LearnerSessionView>(benSocket, 'session:join', { code: session.code });
    const redis = new Redis(REDIS_URL);
    expect(await redis.get(`${cluster.prefix}:room:${session.sessionId}`)).toBe(b!.nodeId);

    // the instructor (on A) and Ana (on A) are served by B's room, through A
    const dash = await ok<DashboardView>(teacher, 'session:dashboard', { sessionId: session.sessionId });
    let board: DashboardState = dash.state;
    teacher.on('live:event', (e: LiveEvent) => (board = reduceDashboard(board, e)));
    const anaView = await ok<LearnerSessionView>(anaSocket, 'session:join', { code: session.code });
    expect(anaView.me.teamId).toBe(benView.me.teamId);
    const benEvents = collect(benSocket);
    const anaEvents = collect(anaSocket);

    const attempt = await ok<AttemptView>(anaSocket, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
    });
    expect(
      (await ok<AttemptView>(benSocket, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL })).attemptId,
    ).toBe(attempt.attemptId);
    const acked: string[] = [];
    for (const aws of EDITS.slice(0, 2)) {
      const r = await ok<StepView>(anaSocket, 'attempt:step', { attemptId: attempt.attemptId, step: { aws } });
      acked.push(aws);
      expect(r.version).toBe(acked.length);
    }
    // Ana's edits (sent to A, run on B) reach Ben on B and come back to Ana on A
    // the HTTP API takes the same road: a step posted to A runs in B's room
    const viaHttp = await fetch(`${a!.url}/api/attempts/${attempt.attemptId}/steps`, {
      method: 'POST',
      headers: { cookie: ana.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ step: { aws: EDITS[2] } }),
    });
    expect(((await viaHttp.json()) as { data: { version: number } }).data.version).toBe(3);
    acked.push(EDITS[2]!);
    // and B's room knows it: the next edit through the socket follows it
    expect(
      (await ok<StepView>(anaSocket, 'attempt:step', { attemptId: attempt.attemptId, step: { aws: EDITS[3] } }))
        .version,
    ).toBe(4);
    acked.push(EDITS[3]!);
    await until(
      () =>
        benEvents.filter((e) => e.kind === 'step').length === 4 &&
        anaEvents.filter((e) => e.kind === 'step').length === 4,
      5000,
      'the edits on both processes',
    );
    const benLast = benEvents.at(-1)!.seq;

    // outside a session, a learner's reconnect may land on either process: neither may work from a stale copy
    const benOnA = await cluster.client(a!, ben.cookie);
    const solo = await ok<AttemptView>(benOnA, 'attempt:start', { levelId: LEVEL });
    await ok(benOnA, 'attempt:step', { attemptId: solo.attemptId, step: { aws: EDITS[3] } });
    await ok(benSocket, 'attempt:step', { attemptId: solo.attemptId, step: { aws: EDITS[0] } });
    const third = await ok<StepView>(benOnA, 'attempt:step', { attemptId: solo.attemptId, step: { aws: EDITS[4] } });
    expect(third.version).toBe(3);
    expect(await storedSteps(cluster.database.db, solo.attemptId)).toEqual([
      { aws: EDITS[3] },
      { aws: EDITS[0] },
      { aws: EDITS[4] },
    ]);
    benOnA.disconnect();

    // B dies with the room
    b!.proc.kill('SIGKILL');
    await until(() => !benSocket.connected, 5000, 'Ben to notice');
    // An edit sent while the cluster still counts B may be answered ROOM_UNAVAILABLE (whether B
    // ran it cannot be known, so the server does not retry it; the message says to try again). B is
    // dead here, so a resend is safe: it goes through once A holds the room, and nothing else is refused.
    const refused: string[] = [];
    for (const aws of EDITS.slice(4)) {
      for (let attempt_ = 0; attempt_ < 5; attempt_++) {
        const r = await emit<StepView>(anaSocket, 'attempt:step', { attemptId: attempt.attemptId, step: { aws } });
        if (r.ok) {
          acked.push(aws);
          break;
        }
        refused.push(r.error!.code);
        if (r.error!.code !== 'ROOM_UNAVAILABLE') break;
      }
    }
    // A took the room once B's lease ran out, and served the edits from the database's state
    expect(await redis.get(`${cluster.prefix}:room:${session.sessionId}`)).toBe(a!.nodeId);
    expect(acked).toHaveLength(6);
    expect(refused.filter((code) => code !== 'ROOM_UNAVAILABLE')).toEqual([]);

    // Ben comes back (through A now) and asks for what he missed since his last version
    benSocket = await cluster.client(a!, ben.cookie);
    const sync = await ok<{ version: number; events: LiveEvent[] }>(benSocket, 'session:sync', {
      sessionId: session.sessionId,
      since: benLast,
    });
    const benSteps = [...benEvents, ...sync.events].filter(
      (e): e is Extract<LiveEvent, { kind: 'step' }> => e.kind === 'step',
    );
    expect(benSteps.map((e) => e.attemptVersion)).toEqual([1, 2, 3, 4, 5, 6]);

    const stored = await storedSteps(cluster.database.db, attempt.attemptId);
    expect(stored).toEqual(acked.map((aws) => ({ aws })));
    expect(benSteps.map((e) => e.step)).toEqual(stored);
    const events = (
      await cluster.database.db.sessionEvent.findMany({
        where: { sessionId: session.sessionId },
        orderBy: { seq: 'asc' },
      })
    ).map(toEvent);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(sync.version).toBe(events.length);
    // the instructor stayed on A the whole time: the live dashboard equals the stored log
    await until(() => board.version === events.length, 5000, 'the dashboard to catch up');
    expect(board).toEqual(
      events.reduce(reduceDashboard, { ...emptyDashboard(dash.state), status: 'running' as const }),
    );

    // the new owner grades (through the shared queue) and the view Ben gets is current
    const graded = await ok<{ score: number; complete: boolean }>(benSocket, 'attempt:grade', {
      attemptId: attempt.attemptId,
    });
    expect(graded).toMatchObject({ score: 100, complete: true });
    expect((await ok<AttemptView>(benSocket, 'attempt:get', { attemptId: attempt.attemptId })).version).toBe(6);
    await redis.quit();
  }, 120_000);
});
