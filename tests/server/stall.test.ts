import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { AttemptView, StepView } from '../../app/_shared/views';
import { AttemptStore } from '../../app/_server/attempts/attempt-store';
import { NO_BUS } from '../../app/_server/live/live-bus';
import { SessionRooms } from '../../app/_server/live/session-room';
import { storedSteps } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const BGP = '04-bgp-appliance-in-subnet';
const L1 = '01-where-is-my-public-ip';
/** On level 4 the BGP daemons tick every simulated second: ten minutes cost the simulator about 0.1 s. */
const LONG_WAIT = { wait: 600 };

async function start(s: Socket, levelId: string): Promise<string> {
  const r = await emit<AttemptView>(s, 'attempt:start', { levelId });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data!.attemptId;
}

/** The event loop's worst delay while `work` runs, in ms: what every other client waits at most. */
async function worstDelay(work: () => Promise<unknown>): Promise<number> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await work();
  h.disable();
  return h.max / 1e6;
}

describe('no learner can stall the server (issue 11)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // a tight deadline, so that ten simulated minutes of BGP on level 4 run past it
    server = await startTestServer({ limits: { stepDeadlineMs: 40, eventsPerSecond: 1000, stepsPerAttempt: 6 } });
  }, 60_000);
  afterAll(() => server.close());

  it('refuses a step that runs past its deadline, stores nothing, cools its sender down, and others go on at once', async () => {
    const s = await server.client(await server.join('Slow'));
    const other = await server.client(await server.join('Other'));
    const id = await start(s, BGP);
    const otherId = await start(other, L1);
    const before = await server.services.db.attempt.findUniqueOrThrow({ where: { id } });
    const r = await emit<StepView>(s, 'attempt:step', { attemptId: id, step: LONG_WAIT });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'STEP_TOO_EXPENSIVE',
        message:
          'This step would take the simulator too long, so it was stopped and nothing was changed. Try a shorter wait or fewer probes.',
      },
    });
    expect(await server.services.db.attempt.findUniqueOrThrow({ where: { id } })).toMatchObject({
      version: before.version,
    });
    expect(await storedSteps(server.services.db, id)).toEqual([]);
    // its sender waits out a cool-down, so nobody can keep the threads restarting
    const again = await emit(s, 'attempt:step', { attemptId: id, step: { wait: 5 } });
    expect(again).toMatchObject({ ok: false, error: { code: 'STEP_COOLDOWN' } });
    expect(again.error!.message).toMatch(
      /^Your last step took the simulator too long and was stopped; wait \d+ s before the next one\.$/,
    );
    // the stopped thread's place was taken by a warm spare: another learner's step goes through at once
    const t0 = performance.now();
    const next = await emit<StepView>(other, 'attempt:step', { attemptId: otherId, step: { wait: 5 } });
    expect(next).toMatchObject({ ok: true, data: { version: 1 } });
    // a cold thread takes seconds to start and load the levels here; a warm one answers in tens of
    // milliseconds, a few hundred when the whole suite loads both cores
    expect(performance.now() - t0).toBeLessThan(1000);
  }, 30_000);

  it('bounds the simulated time one step may advance, saying where', async () => {
    const s = await server.client(await server.join('Patient'));
    const id = await start(s, BGP);
    expect(await emit(s, 'attempt:step', { attemptId: id, step: { wait: 601 } })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: [
          {
            path: 'step.wait',
            message: 'at most 600 seconds of simulated time per step; send several waits to go further',
          },
        ],
      },
    });
  });

  it('caps the steps one attempt keeps, with a clear message; a look still works', async () => {
    const s = await server.client(await server.join('Busy'));
    const id = await start(s, L1);
    for (let i = 0; i < 6; i++)
      expect((await emit(s, 'attempt:step', { attemptId: id, step: { wait: 1 } })).ok).toBe(true);
    expect(await emit(s, 'attempt:step', { attemptId: id, step: { wait: 1 } })).toMatchObject({
      ok: false,
      error: {
        code: 'STEP_LIMIT',
        message:
          'This attempt has reached 6 steps, the most one attempt keeps. Reset the level to start a fresh attempt; your best score stays.',
      },
    });
    const look = await emit<StepView>(s, 'attempt:step', { attemptId: id, step: { aws: 'ec2 describe-route-tables' } });
    expect(look).toMatchObject({ ok: true, data: { version: 6 } });
    expect(await storedSteps(server.services.db, id)).toHaveLength(6);
  });
});

describe('a noisy learner (issue 11: one learner froze everyone)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ limits: { eventsPerSecond: 1000 } });
  }, 60_000);
  afterAll(() => server.close());

  it('a learner flooding expensive steps from many sockets waits behind their own steps, not in front of others', async () => {
    const flooder = await server.join('Flood');
    const sockets = await Promise.all(Array.from({ length: 5 }, () => server.client(flooder)));
    const attempts = await Promise.all(sockets.slice(0, 3).map((s) => start(s, BGP)));
    const calm = await server.client(await server.join('Calm'));
    const calmAttempt = await start(calm, L1);
    // each of the flood's steps costs the simulator ~100 times a normal one (but stays under the deadline)
    const flood = sockets.flatMap((s, k) =>
      Array.from({ length: 6 }, () => emit(s, 'attempt:step', { attemptId: attempts[k % 3]!, step: LONG_WAIT })),
    );
    const times: number[] = [];
    const delay = await worstDelay(async () => {
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        const r = await emit(calm, 'attempt:step', {
          attemptId: calmAttempt,
          step: { expect: { from: 'i-a', to: 'i-b', protocol: 'icmp', result: 'any' } },
        });
        times.push(performance.now() - t0);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
      await Promise.all(flood);
    });
    const answers = await Promise.all(flood);
    // some of the flood ran, the rest was refused at once (too much waiting): none stalled anyone
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(0);
    expect(
      answers.filter((a) => !a.ok).every((a) => ['STEPS_PENDING', 'STEP_TOO_EXPENSIVE'].includes(a.error!.code)),
    ).toBe(true);
    expect(
      Math.max(...times),
      `the calm learner's steps took ${times.map((t) => t.toFixed(0)).join(', ')} ms`,
    ).toBeLessThan(1500);
    expect(delay, 'the event loop never waited for a step').toBeLessThan(100);
  }, 60_000);
});

describe('stored attempts: append-only steps, checkpoints, short rebuilds off the event loop', () => {
  it('stores one row per step, checkpoints every 10, and after a restart rebuilds from the checkpoint without blocking anyone', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-rebuild-'));
    const first = await startTestServer({ dataDir, limits: { eventsPerSecond: 1000 } });
    const cookie = await first.join('Ana');
    const s = await first.client(cookie);
    const id = await start(s, BGP);
    for (let i = 0; i < 23; i++) {
      const r = await emit<StepView>(s, 'attempt:step', { attemptId: id, step: { wait: 60 } });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
    }
    const rows = await first.services.db.attemptStep.findMany({ where: { attemptId: id }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    const checkpoint = await first.services.db.attemptCheckpoint.findUniqueOrThrow({ where: { attemptId: id } });
    expect(checkpoint.version).toBe(20);
    expect((checkpoint.snapshot as { world: { time: number } }).world.time).toBe(20 * 60);
    const before = (await emit<AttemptView>(s, 'attempt:get', { attemptId: id })).data!.topology;
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      const again = await second.client(cookie);
      let view: AttemptView | undefined;
      const delay = await worstDelay(async () => {
        view = (await emit<AttemptView>(again, 'attempt:get', { attemptId: id })).data;
      });
      expect(view).toMatchObject({ version: 23, steps: 23 });
      expect(view!.topology).toEqual(before);
      expect(delay, 'the rebuild ran on a step thread').toBeLessThan(100);
      // the rebuilt clock: 23 waits of a minute
      const next = await emit<StepView>(again, 'attempt:step', {
        attemptId: id,
        step: { run: { on: 'i-h1', cmd: 'ip route' } },
      });
      expect(next.ok, JSON.stringify(next.error)).toBe(true);
      expect(second.services.attempts.stats().attempts).toBe(1);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('keeps at most so many attempts in memory, and lets go of idle ones', async () => {
    const server = await startTestServer();
    try {
      const s = await server.client(await server.join('Many'));
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push(await start(s, L1));
      const small = new AttemptStore(server.services.db, server.services.levels, server.services.steps, {
        ...server.services.attempts.limits,
        cacheEntries: 3,
        idleMs: 60_000,
      });
      try {
        for (const id of ids) await small.get(id);
        expect(small.stats().attempts).toBe(3);
        // the least recently used went first; an evicted attempt comes back from the database
        expect((await small.get(ids[0]!)).id).toBe(ids[0]);
        small.evict(Date.now() + 61_000);
        expect(small.stats()).toEqual({ attempts: 0, bytes: 0 });
      } finally {
        small.close();
      }
      // rooms too: a session nobody touched for longer than the limit is let go (it reloads on use)
      const teacher = await server.client(await server.instructor('Teach'));
      const session = await emit<{ sessionId: string; code: string }>(teacher, 'session:create', {
        title: 'T',
        mode: 'solo',
        levelIds: [L1],
      });
      await emit(s, 'session:join', { code: session.data!.code });
      expect(server.services.rooms.size).toBe(1);
      await server.services.rooms.evict(Date.now() + server.services.rooms.limits.idleMs + 1);
      expect(server.services.rooms.size).toBe(0);
      expect((await emit(s, 'session:get', { sessionId: session.data!.sessionId })).ok).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('a session room loads from its dashboard checkpoint and the events after it', () => {
  it('folds only what came after the checkpoint (so a long class loads fast), and ends where the events do', async () => {
    const server = await startTestServer();
    try {
      const db = server.services.db;
      const teacher = await db.user.create({ data: { role: 'instructor', displayName: 'T' } });
      const row = await db.liveSession.create({
        data: { code: 'CHKPT2', instructorId: teacher.id, title: 'Long class', mode: 'solo', levelIds: [L1] },
      });
      const rooms = new SessionRooms(db, NO_BUS, { checkpointEvery: 3, idleMs: 60_000 });
      try {
        const room = await rooms.get(row.id);
        for (let i = 1; i <= 7; i++)
          await room.exclusive(() =>
            rooms.append(room, { kind: 'join', userId: `u${i}`, name: `L${i}`, teamId: `t${i}`, teamName: `L${i}` }),
          );
        // the checkpoint is written beside the room's queue, a moment later
        let stored = await db.liveSession.findUniqueOrThrow({ where: { id: row.id } });
        for (let i = 0; i < 50 && stored.dashboardSeq < 6; i++) {
          await new Promise((r) => setTimeout(r, 20));
          stored = await db.liveSession.findUniqueOrThrow({ where: { id: row.id } });
        }
        expect(stored.dashboardSeq).toBe(6);
        // the events the checkpoint covers are no longer needed to load the room
        await db.sessionEvent.deleteMany({ where: { sessionId: row.id, seq: { lte: 6 } } });
        const fresh = new SessionRooms(db, NO_BUS, { checkpointEvery: 3, idleMs: 60_000 });
        try {
          const loaded = await fresh.get(row.id);
          expect(loaded.version).toBe(7);
          expect(Object.keys(loaded.dashboard.rows).sort()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
          expect(loaded.members.get('u3')).toBe('t3');
          expect(loaded.dashboard).toEqual(room.dashboard);
        } finally {
          fresh.close();
        }
      } finally {
        rooms.close();
      }
    } finally {
      await server.close();
    }
  }, 60_000);
});
