import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LearnerSessionView, LiveEvent, SessionSummary } from '../../app/_shared/live-events';
import type { AttemptTick, AttemptView, ClockView, StepView } from '../../app/_shared/views';
import { collect, ok, storedSteps, until } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const L3 = '03-ha-failover-without-garp';
/** level 3's fix, as its reference solution writes it (the files, protocol 112, the ENI flag) */
const L3_FIX = (
  parseYaml(readFileSync(path.resolve(import.meta.dirname, '../../challenges', L3, 'solution.yaml'), 'utf8')) as {
    steps: Record<string, unknown>[];
  }
).steps
  .slice(0, 7)
  .filter((st) => !('expectError' in st));
const L4 = '04-bgp-appliance-in-subnet';

/** Every tick a socket hears. */
function ticks(socket: Socket): AttemptTick[] {
  const got: AttemptTick[] = [];
  socket.on('attempt:tick', (t: AttemptTick) => got.push(t));
  return got;
}

const clock = (s: Socket, attemptId: string, run: boolean) =>
  ok<{ clock: ClockView; attempt: AttemptView }>(s, 'attempt:clock', { attemptId, run });

describe("an attempt's clock, run by the server (issue 12)", () => {
  let server: TestServer;

  beforeAll(async () => {
    // fast ticks; stored every 5 s; a clock nobody touches pauses after 8 s
    server = await startTestServer({ limits: { clockTickMs: 40, clockStoreEvery: 5, clockIdleSeconds: 8 } });
  }, 60_000);
  afterAll(() => server.close());

  it('ticks a second at a time to the learner, stores the seconds as one wait when paused, and a rebuild agrees', async () => {
    const s = await server.client(await server.join('Ada'));
    const heard = ticks(s);
    const a = await ok<AttemptView>(s, 'attempt:start', { levelId: L4 });
    expect(a.runtime.time).toBe(0);
    expect(a.clock).toEqual({ running: false });
    const started = await clock(s, a.attemptId, true);
    expect(started.clock).toEqual({ running: true, by: 'Ada' });
    await until(() => heard.length >= 3, 5000, 'three ticks');
    expect(heard.map((t) => t.runtime.time).slice(0, 3)).toEqual([1, 2, 3]);
    // by the second second, BGP is up: the tick carries the session edges and the timeline
    expect(heard[1]!.runtime.bgp.find((e) => e.a === 'i-h1' && e.b === 'i-r1')?.state).toBe('Established');
    expect(heard[1]!.runtime.events.some((e) => e.kind === 'bgp-route' && e.instance === 'i-h1')).toBe(true);
    const paused = await clock(s, a.attemptId, false);
    const time = paused.attempt.runtime.time;
    expect(paused.clock).toEqual({ running: false });
    expect(time).toBeGreaterThanOrEqual(3);
    // what was stored: waits summing to the time shown, nothing else
    const stored = (await storedSteps(server.services.db, a.attemptId)) as { wait: number }[];
    expect(stored.reduce((n, st) => n + st.wait, 0)).toBe(time);
    expect(stored.every((st) => Object.keys(st).join() === 'wait')).toBe(true);
    // a rebuild from the stored steps is the same network at the same instant
    const before = JSON.stringify(paused.attempt.runtime);
    server.services.attempts.drop(a.attemptId);
    const again = await ok<AttemptView>(s, 'attempt:get', { attemptId: a.attemptId });
    expect(JSON.stringify(again.runtime)).toBe(before);
    const n = heard.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(heard.length).toBe(n);
  });

  it('a step sent while the clock runs lands after the seconds run so far, which are stored first', async () => {
    const s = await server.client(await server.join('Bea'));
    const heard = ticks(s);
    const a = await ok<AttemptView>(s, 'attempt:start', { levelId: L4 });
    await clock(s, a.attemptId, true);
    await until(() => heard.length >= 2, 5000, 'two ticks');
    const step = await ok<StepView>(s, 'attempt:step', {
      attemptId: a.attemptId,
      step: { run: { on: 'i-h1', cmd: 'ip route' } },
    });
    expect(step.report.output).toContain('192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp');
    await clock(s, a.attemptId, false);
    const stored = (await storedSteps(server.services.db, a.attemptId)) as Record<string, unknown>[];
    expect(Object.keys(stored[0]!)).toEqual(['wait']);
    expect((stored[0] as { wait: number }).wait).toBeGreaterThanOrEqual(2);
  });

  it('stores every few seconds while it runs, and pauses by itself when nobody does anything', async () => {
    const s = await server.client(await server.join('Cal'));
    const heard = ticks(s);
    const a = await ok<AttemptView>(s, 'attempt:start', { levelId: L4 });
    await clock(s, a.attemptId, true);
    await until(() => heard.some((t) => !t.clock.running), 5000, 'the clock to pause by itself');
    const last = heard.at(-1)!;
    expect(last.notice).toBe(
      'The clock paused by itself after 8 s with nothing else happening. Run it again when you need it.',
    );
    expect(last.runtime.time).toBe(8);
    // stored at 5 s, then the last 3 s when it paused
    expect(await storedSteps(server.services.db, a.attemptId)).toEqual([{ wait: 5 }, { wait: 3 }]);
  });

  it('stores at once when a notify script changes what AWS knows, and a learner runs one clock at a time', async () => {
    const s = await server.client(await server.join('Dee'));
    const heard = ticks(s);
    const a = await ok<AttemptView>(s, 'attempt:start', { levelId: L3 });
    for (const step of L3_FIX) await ok<StepView>(s, 'attempt:step', { attemptId: a.attemptId, step });
    await ok<StepView>(s, 'attempt:step', { attemptId: a.attemptId, step: { fail: 'i-fw1' } });
    const fixed = (await storedSteps(server.services.db, a.attemptId)).length;
    // fw2 takes over at 3.6 s and its script re-points rtb-app: stored then, not at the 5 s mark
    await clock(s, a.attemptId, true);
    await until(() => heard.some((t) => t.topology !== undefined), 5000, 'the route to move');
    const moved = heard.find((t) => t.topology !== undefined)!;
    expect(moved.runtime.time).toBe(4);
    expect(
      moved.runtime.events.some(
        (e) => e.kind === 'api' && e.text === 'ReplaceRoute rtb-app 0.0.0.0/0: eni-fw1-in → eni-fw2-in',
      ),
    ).toBe(true);
    expect(moved.topology!.routeTables.find((r) => r.id === 'rtb-app')!.routes[0]!.target).toBe('eni-fw2-in');
    expect((await storedSteps(server.services.db, a.attemptId)).slice(fixed)).toEqual([{ wait: 4 }]);
    // a second attempt's clock stops the first one, storing what it ran
    const b = await ok<AttemptView>(s, 'attempt:start', { levelId: L4 });
    expect((await ok<AttemptView>(s, 'attempt:get', { attemptId: a.attemptId })).clock.running).toBe(false);
    await clock(s, b.attemptId, true);
    await until(() => heard.some((t) => t.attemptId === b.attemptId), 5000, 'a tick of the second attempt');
    await clock(s, b.attemptId, false);
    const first = ((await storedSteps(server.services.db, a.attemptId)) as { wait?: number }[]).filter(
      (st) => st.wait !== undefined,
    );
    expect(first.length).toBeGreaterThanOrEqual(1);
    expect(first.reduce((n, st) => n + st.wait!, 0)).toBe(
      (await ok<AttemptView>(s, 'attempt:get', { attemptId: a.attemptId })).runtime.time,
    );
  });

  it('a team shares one clock: a teammate sees it tick and may pause it; a session pause stops it', async () => {
    const teacher = await server.client(await server.instructor('Teach'));
    const session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Failover',
      mode: 'team',
      teamSize: 2,
      levelIds: [L4],
    });
    const ana = await server.client(await server.join('Ana'));
    const ben = await server.client(await server.join('Ben'));
    const benHeard = ticks(ben);
    const events = collect(ben);
    await ok<LearnerSessionView>(ana, 'session:join', { code: session.code });
    await ok<LearnerSessionView>(ben, 'session:join', { code: session.code });
    const a = await ok<AttemptView>(ana, 'session:attempt', { sessionId: session.sessionId, levelId: L4 });
    await ok<AttemptView>(ben, 'session:attempt', { sessionId: session.sessionId, levelId: L4 });
    await clock(ana, a.attemptId, true);
    await until(() => benHeard.length >= 2, 5000, "Ben's ticks");
    expect(benHeard[0]!.clock).toEqual({ running: true, by: 'Ana' });
    const paused = await clock(ben, a.attemptId, false);
    expect(paused.clock.running).toBe(false);
    // the stored wait is a step on the session's timeline, by whoever ran the clock
    await until(() => events.some((e: LiveEvent) => e.kind === 'step'), 5000, 'the step event');
    const step = events.find((e) => e.kind === 'step') as Extract<LiveEvent, { kind: 'step' }>;
    expect(step).toMatchObject({ name: 'Ana', ok: true });
    expect(step.summary).toMatch(/^\d+ s \(the clock ran\)$/);
    // run again; the instructor pauses the session: the clock stops, what it ran is kept
    await clock(ana, a.attemptId, true);
    const n = benHeard.length;
    await until(() => benHeard.length >= n + 2, 5000, 'more ticks');
    await ok(teacher, 'session:control', { sessionId: session.sessionId, action: 'pause' });
    const view = await ok<AttemptView>(ana, 'attempt:get', { attemptId: a.attemptId });
    expect(view.clock.running).toBe(false);
    const stored = (await storedSteps(server.services.db, a.attemptId)) as { wait: number }[];
    expect(stored.reduce((k, st) => k + st.wait, 0)).toBe(view.runtime.time);
    expect((await emit(ana, 'attempt:clock', { attemptId: a.attemptId, run: true })).error?.code).toBe(
      'SESSION_PAUSED',
    );
  });
});
