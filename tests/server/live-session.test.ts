import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import {
  stuckReason,
  type DashboardView,
  type LearnerSessionView,
  type LiveEvent,
  type SessionSummary,
} from '../../app/_shared/live-events';
import type { AttemptView, StepView } from '../../app/_shared/views';
import { collect, followDashboard, ok, storedSteps, until } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const LEVEL = '01-where-is-my-public-ip';
const FIX = 'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32';
/** i-c's group lets nothing in: this ping always drops there */
const PING = { expect: { from: 'i-a', to: '10.0.1.30', protocol: 'icmp', result: 'any' } };
/** level 1's whole fix (play.test.ts) */
const SOLUTION = [
  'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
  FIX,
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
];

describe('a live team session over socket.io', () => {
  let server: TestServer;
  let teacher: Socket;
  let ana: Socket;
  let ben: Socket;
  let cy: Socket;
  let session: SessionSummary;
  const got = new Map<Socket, LiveEvent[]>();
  /** what the instructor hears of who is online */
  const presence: { userId: string; online: boolean }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    teacher = await server.client(await server.instructor('Teach'));
    session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Week 3 lab',
      mode: 'team',
      teamSize: 2,
      levelIds: [LEVEL],
    });
    await ok(teacher, 'session:dashboard', { sessionId: session.sessionId });
    for (const [name, set] of [
      ['Ana', (s: Socket) => (ana = s)],
      ['Ben', (s: Socket) => (ben = s)],
      ['Cy', (s: Socket) => (cy = s)],
    ] as const) {
      const s = await server.client(await server.join(name));
      set(s);
      got.set(s, collect(s));
    }
    got.set(teacher, collect(teacher));
    teacher.on('live:presence', (p: { userId: string; online: boolean }) => presence.push(p));
  }, 60_000);
  afterAll(() => server.close());

  it('gives a 6-character join code without look-alike characters, and only instructors create sessions', async () => {
    expect(session.code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(session).toMatchObject({ mode: 'team', teamSize: 2, status: 'running', levelIds: [LEVEL] });
    expect((await emit(ana, 'session:create', { title: 'x', mode: 'solo', levelIds: [LEVEL] })).error?.code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await emit(teacher, 'session:create', { title: 'x', mode: 'team', teamSize: 9, levelIds: ['nope'] })).error,
    ).toMatchObject({ code: 'INVALID_INPUT' });
    expect(
      (await emit(teacher, 'session:create', { title: 'x', mode: 'solo', levelIds: ['nope'] })).error,
    ).toMatchObject({ code: 'LEVEL_NOT_FOUND', details: [{ path: 'levelIds[0]' }] });
  });

  it('puts the first two learners in one team and the third in another; joining again changes nothing', async () => {
    const a = await ok<LearnerSessionView>(ana, 'session:join', { code: session.code.toLowerCase() });
    const b = await ok<LearnerSessionView>(ben, 'session:join', { code: session.code });
    const c = await ok<LearnerSessionView>(cy, 'session:join', { code: session.code });
    expect(a.me.teamId).toBe(b.me.teamId);
    expect(c.me.teamId).not.toBe(a.me.teamId);
    expect(b.me.members.map((m) => m.name)).toEqual(['Ana', 'Ben']);
    expect(c.me.teamName).toBe('Team 2');
    const again = await ok<LearnerSessionView>(ana, 'session:join', { code: session.code });
    expect(again.me.teamId).toBe(a.me.teamId);
    expect(await server.services.db.sessionMember.count({ where: { sessionId: session.sessionId } })).toBe(3);
    expect((await emit(ana, 'session:join', { code: 'ZZZZZ2' })).error?.code).toBe('SESSION_NOT_FOUND');
    expect((await emit(ana, 'session:join', { code: 'O0O0O0' })).error?.code).toBe('INVALID_INPUT');
  });

  it("shares one topology in a team: a teammate's edit is stored before the ack, then reaches the teammate and the instructor, not the other team", async () => {
    const a = await ok<AttemptView>(ana, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    const b = await ok<AttemptView>(ben, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    expect(b.attemptId).toBe(a.attemptId);
    const c = await ok<AttemptView>(cy, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    expect(c.attemptId).not.toBe(a.attemptId);
    const before = got.get(cy)!.length;

    const step = await ok<StepView>(ana, 'attempt:step', { attemptId: a.attemptId, step: { aws: FIX } });
    expect(step.version).toBe(1);
    // stored before the ack: the attempt row and the numbered event are there now
    expect(await storedSteps(server.services.db, a.attemptId)).toEqual([{ aws: FIX }]);
    expect(await server.services.db.attempt.findUniqueOrThrow({ where: { id: a.attemptId } })).toMatchObject({
      version: 1,
    });
    const stored = await server.services.db.sessionEvent.findFirstOrThrow({
      where: { sessionId: session.sessionId, kind: 'step' },
    });
    expect(stored).toMatchObject({
      teamId:
        a.attemptId && (await server.services.db.attempt.findUniqueOrThrow({ where: { id: a.attemptId } })).teamId,
    });

    await until(() => got.get(ben)!.some((e) => e.kind === 'step'), 3000, 'the teammate to see the edit');
    const seen = got.get(ben)!.find((e) => e.kind === 'step')!;
    expect(seen).toMatchObject({
      kind: 'step',
      name: 'Ana',
      attemptId: a.attemptId,
      attemptVersion: 1,
      step: { aws: FIX },
      seq: stored.seq,
    });
    await until(() => got.get(teacher)!.some((e) => e.kind === 'step'), 3000, 'the instructor to see the edit');
    // Ben works on from Ana's change: his view of the attempt has it
    const bNow = await ok<AttemptView>(ben, 'attempt:get', { attemptId: a.attemptId });
    expect(bNow.version).toBe(1);
    expect(
      bNow.topology.securityGroups.find((g) => g.id === 'sg-b')!.inbound!.some((r) => r.source === '10.0.1.10/32'),
    ).toBe(true);
    expect(
      got
        .get(cy)!
        .slice(before)
        .filter((e) => e.kind === 'step'),
    ).toEqual([]);
    // Cy may neither read nor change the other team's topology
    expect((await emit(cy, 'attempt:get', { attemptId: a.attemptId })).error?.code).toBe('ATTEMPT_NOT_FOUND');
    expect((await emit(cy, 'attempt:step', { attemptId: a.attemptId, step: { aws: FIX } })).error?.code).toBe(
      'ATTEMPT_NOT_FOUND',
    );
  });

  it("shows each teammate the other's selection, not their own", async () => {
    const seen: unknown[] = [];
    const mine: unknown[] = [];
    ben.on('live:selection', (s: unknown) => seen.push(s));
    ana.on('live:selection', (s: unknown) => mine.push(s));
    await ok(ana, 'session:select', { sessionId: session.sessionId, resourceId: 'i-b' });
    await until(() => seen.length > 0, 3000, 'the selection');
    expect(seen[0]).toMatchObject({ name: 'Ana', resourceId: 'i-b' });
    expect(mine).toEqual([]);
  });

  it('resyncs a client that reconnects from its last version with exactly what it may see', async () => {
    const benEvents = got.get(ben)!;
    const last = benEvents.at(-1)!.seq;
    const benId = (await ok<LearnerSessionView>(ben, 'session:get', { sessionId: session.sessionId })).me.userId;
    // the instructor heard each learner come online when they joined
    expect(new Set(presence.filter((p) => p.online).map((p) => p.userId)).size).toBe(3);
    ben.disconnect();
    await until(() => presence.some((p) => p.userId === benId && !p.online), 3000, 'Ben to show offline');
    const { attemptId } = await ok<AttemptView>(ana, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
    });
    const cAttempt = await ok<AttemptView>(cy, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    await ok(ana, 'attempt:step', { attemptId, step: PING });
    await ok(cy, 'attempt:step', { attemptId: cAttempt.attemptId, step: PING });
    await ok(teacher, 'session:broadcast', { sessionId: session.sessionId, text: 'Ten minutes left' });
    ben.connect();
    await until(() => ben.connected, 3000, 'the reconnect');
    const sync = await ok<{ version: number; events: LiveEvent[] }>(ben, 'session:sync', {
      sessionId: session.sessionId,
      since: last,
    });
    await until(() => presence.at(-1)?.userId === benId && presence.at(-1)!.online, 3000, 'Ben to show online again');
    expect(sync.events.map((e) => e.kind)).toEqual(['step', 'message']);
    expect(sync.events[0]).toMatchObject({ name: 'Ana', attemptId, attemptVersion: 2 });
    expect(sync.events[1]).toMatchObject({ text: 'Ten minutes left', from: 'Teach' });
    expect(sync.version).toBe(await server.services.db.sessionEvent.count({ where: { sessionId: session.sessionId } }));
    // and it is subscribed again: the next experiment arrives live (a look, like a describe call, changes nothing and is not an event)
    await ok(ana, 'attempt:step', { attemptId, step: PING });
    await until(() => got.get(ben)!.some((e) => e.seq === sync.version + 1), 3000, 'live events after the resync');
    expect((await emit(ben, 'session:sync', { sessionId: session.sessionId, since: 10_000 })).error?.code).toBe(
      'STALE_VERSION',
    );
  });

  it('flags a learner who hits the same drop again and again, and the live dashboard equals a fresh one', async () => {
    const dash = await followDashboard(teacher, session.sessionId);
    const { attemptId } = await ok<AttemptView>(cy, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
    });
    for (let i = 0; i < 2; i++) {
      const r = await ok<StepView>(cy, 'attempt:step', { attemptId, step: PING });
      expect(r.report.drop?.code).toBe('SG_HAS_NO_RULES');
    }
    const cyTeam = (
      await server.services.db.sessionMember.findFirstOrThrow({
        where: { sessionId: session.sessionId, user: { displayName: 'Cy' } },
      })
    ).teamId;
    await until(() => (dash.state().rows[cyTeam]?.levels[LEVEL]?.sameDrop ?? 0) >= 3, 3000, 'three drops in a row');
    const row = dash.state().rows[cyTeam]!;
    expect(stuckReason(row.levels[LEVEL]!, row, Date.now(), 5)).toBe('dropped with SG_HAS_NO_RULES 3 times in a row');
    // Ana's team is not stuck by drops; with nothing passing for 6 minutes, the clock flags it
    const anaTeam = Object.values(dash.state().rows).find((r) => r.name === 'Team 1')!;
    expect(stuckReason(anaTeam.levels[LEVEL]!, anaTeam, Date.now(), 5)).toBeUndefined();
    expect(
      stuckReason(anaTeam.levels[LEVEL]!, anaTeam, Date.parse(anaTeam.levels[LEVEL]!.lastProgressAt!) + 6 * 60_000, 5),
    ).toBe('no progress for 6 min');
    const fresh = await ok<DashboardView>(teacher, 'session:dashboard', { sessionId: session.sessionId });
    expect(dash.state()).toEqual(fresh.state);
    expect(fresh.online.length).toBe(3);
  });

  it('lets the instructor push a hint to one team (free) and message one team; a timeline lists what a team did', async () => {
    const cyTeam = (await ok<LearnerSessionView>(cy, 'session:get', { sessionId: session.sessionId })).me.teamId;
    const before = got.get(ana)!.length;
    expect(
      await ok(teacher, 'session:hint', { sessionId: session.sessionId, teamId: cyTeam, levelId: LEVEL, index: 0 }),
    ).toEqual({ pushed: true });
    await until(() => got.get(cy)!.some((e) => e.kind === 'hint'), 3000, 'the hint');
    expect(got.get(cy)!.find((e) => e.kind === 'hint')).toMatchObject({ pushed: true, cost: 0, index: 0 });
    const { attemptId } = await ok<AttemptView>(cy, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
    });
    expect(await server.services.db.hintUse.findMany({ where: { attemptId } })).toMatchObject([
      { hintIndex: 0, cost: 0 },
    ]);
    // revealing it again is free and not a new event
    expect(
      await ok(teacher, 'session:hint', { sessionId: session.sessionId, teamId: cyTeam, levelId: LEVEL, index: 0 }),
    ).toEqual({ pushed: false });
    await ok(teacher, 'session:broadcast', {
      sessionId: session.sessionId,
      text: 'Look at the reply path',
      teamId: cyTeam,
    });
    await until(
      () => got.get(cy)!.some((e) => e.kind === 'message' && e.text === 'Look at the reply path'),
      3000,
      'the team message',
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(
      got
        .get(ana)!
        .slice(before)
        .filter((e) => e.kind === 'hint' || e.kind === 'message'),
    ).toEqual([]);
    const timeline = await ok<LiveEvent[]>(teacher, 'session:timeline', {
      sessionId: session.sessionId,
      teamId: cyTeam,
    });
    expect(timeline.map((e) => e.kind)).toEqual(['join', 'attempt', 'step', 'step', 'step', 'hint', 'message']);
    expect(
      (
        await emit(teacher, 'session:timeline', {
          sessionId: session.sessionId,
          teamId: '00000000-0000-4000-8000-000000000000',
        })
      ).error?.code,
    ).toBe('TEAM_NOT_FOUND');
  });

  it('pauses (changes refused, looking allowed), resumes, and ends; results export as CSV', async () => {
    const { attemptId } = await ok<AttemptView>(ana, 'session:attempt', {
      sessionId: session.sessionId,
      levelId: LEVEL,
    });
    expect(await ok(teacher, 'session:control', { sessionId: session.sessionId, action: 'pause' })).toMatchObject({
      status: 'paused',
    });
    await until(() => got.get(cy)!.some((e) => e.kind === 'status'), 3000, 'the pause to reach learners');
    const eventsBefore = await server.services.db.sessionEvent.count({ where: { sessionId: session.sessionId } });
    const refused = await emit(ana, 'attempt:step', { attemptId, step: { aws: FIX.replace('authorize', 'revoke') } });
    expect(refused.error?.code).toBe('SESSION_PAUSED');
    // "you can look around": a traffic test and a read-only command run, and nothing they did is kept
    const look = await ok<StepView>(ana, 'attempt:step', { attemptId, step: PING });
    expect(look.report.summary).toContain('i-a -> 10.0.1.30');
    expect(look.notice).toBe('The session is paused: this experiment ran, and nothing it did is kept.');
    const routes = await ok<StepView>(ana, 'attempt:step', {
      attemptId,
      step: { run: { on: 'i-a', cmd: 'ip route' } },
    });
    expect(routes.report.output).toContain('default via 10.0.1.1 dev eth0');
    expect(await server.services.db.sessionEvent.count({ where: { sessionId: session.sessionId } })).toBe(eventsBefore);
    expect((await emit(ana, 'attempt:grade', { attemptId })).error?.code).toBe('SESSION_PAUSED');
    expect((await ok<AttemptView>(ana, 'attempt:get', { attemptId })).version).toBe(3);
    expect(
      (await emit(teacher, 'session:control', { sessionId: session.sessionId, action: 'pause' })).error?.code,
    ).toBe('BAD_TRANSITION');
    await ok(teacher, 'session:control', { sessionId: session.sessionId, action: 'resume' });
    const graded = await ok<{ score: number }>(ana, 'attempt:grade', { attemptId });
    await until(() => got.get(teacher)!.some((e) => e.kind === 'grade'), 3000, 'the grade on the dashboard');

    const csv = await server.api(
      'GET',
      `/sessions/${session.sessionId}/results.csv`,
      undefined,
      await server.instructor('Other'),
    );
    expect(csv.status).toBe(404);
    const teacherCookie = (teacher.io.opts.extraHeaders as Record<string, string>).cookie!;
    const res = await server.api('GET', `/sessions/${session.sessionId}/results.csv`, undefined, teacherCookie);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(res.body).trim().split('\r\n');
    expect(lines[0]).toBe(
      'session,team,learner,level,best score,max score,checks passed,checks total,complete,hints used,steps,last activity',
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes(',Ana,'))).toContain(`Week 3 lab,Team 1,Ana,${LEVEL},${graded.score},100,`);

    await ok(teacher, 'session:control', { sessionId: session.sessionId, action: 'end' });
    expect(
      (await emit(ana, 'attempt:step', { attemptId, step: { aws: FIX.replace('authorize', 'revoke') } })).error?.code,
    ).toBe('SESSION_ENDED');
    const late = await server.client(await server.join('Late'));
    expect((await emit(late, 'session:join', { code: session.code })).error?.code).toBe('SESSION_ENDED');
    // Ana closes the tab and comes back: her team and progress are there
    const back = await ok<LearnerSessionView>(ana, 'session:get', { sessionId: session.sessionId });
    expect(back.session.status).toBe('ended');
    expect(back.levels[0]).toMatchObject({ attemptId, bestScore: graded.score });
  });

  it('refuses malformed and oversized messages with an error ack and broadcasts nothing', async () => {
    const before = got.get(teacher)!.length;
    const big = await emit(teacher, 'session:broadcast', { sessionId: session.sessionId, text: 'x'.repeat(40_000) });
    expect(big.error).toMatchObject({ code: 'MESSAGE_TOO_LARGE', details: { limit: 32768 } });
    const long = await emit(teacher, 'session:broadcast', { sessionId: session.sessionId, text: 'x'.repeat(501) });
    expect(long.error).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: 'text' }] });
    const odd = await emit(teacher, 'session:broadcast', { sessionId: session.sessionId, text: 'hi', extra: 1 });
    expect(odd.error?.code).toBe('INVALID_INPUT');
    await new Promise((r) => setTimeout(r, 100));
    expect(got.get(teacher)!.length).toBe(before);
  });
});

describe('a race', () => {
  let server: TestServer;
  afterAll(() => server?.close());

  it('ranks by points, then by who got them first, then by fewer hints', async () => {
    server = await startTestServer();
    const teacher = await server.client(await server.instructor('Teach'));
    const race = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Race',
      mode: 'race',
      levelIds: [LEVEL],
    });
    const players = await Promise.all(['Kim', 'Lee', 'Max'].map(async (n) => server.client(await server.join(n))));
    for (const p of players) await ok(p, 'session:join', { code: race.code });
    // everyone hears the standings change, not just the grader's team
    const kimHears: { name: string; points: number }[][] = [];
    players[0]!.on('live:leaderboard', (rows: { name: string; points: number }[]) => kimHears.push(rows));
    const attempts = await Promise.all(
      players.map((p) => ok<AttemptView>(p, 'session:attempt', { sessionId: race.sessionId, levelId: LEVEL })),
    );
    // Lee fixes sg-b and grades first; Max fixes it later; Kim grades the start
    for (const aws of SOLUTION)
      await ok(players[1]!, 'attempt:step', { attemptId: attempts[1]!.attemptId, step: { aws } });
    const lee = await ok<{ score: number }>(players[1]!, 'attempt:grade', { attemptId: attempts[1]!.attemptId });
    for (const aws of SOLUTION)
      await ok(players[2]!, 'attempt:step', { attemptId: attempts[2]!.attemptId, step: { aws } });
    const max = await ok<{ score: number }>(players[2]!, 'attempt:grade', { attemptId: attempts[2]!.attemptId });
    expect(max.score).toBe(lee.score);
    await ok(players[0]!, 'attempt:grade', { attemptId: attempts[0]!.attemptId });
    await until(
      () => kimHears.some((rows) => rows[0]?.name === 'Lee' && rows[0].points === lee.score),
      3000,
      'the standings to reach Kim',
    );
    const view = await ok<LearnerSessionView>(players[0]!, 'session:get', { sessionId: race.sessionId });
    expect(view.leaderboard!.map((r) => r.name)).toEqual(['Lee', 'Max', 'Kim']);
    expect(view.leaderboard![0]!.points).toBe(lee.score);
    expect(lee.score).toBeGreaterThan(view.leaderboard![2]!.points);
    // in a race each learner has their own topology
    expect(new Set(attempts.map((a) => a.attemptId)).size).toBe(3);
  }, 60_000);
});
