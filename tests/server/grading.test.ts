import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startAttempt } from '../../engine/grade/evaluate';
import { loadLevels } from '../../app/_server/levels/level-files';
import { inlineGrader, poolGrader, type Grader } from '../../app/_server/grading/grader';
import { queueGrader } from '../../app/_server/grading/queue-grader';
import type { GradeJob } from '../../app/_server/grading/grade-job';
import { REDIS_URL } from './cluster-fixture';
import { loadConfig } from '../../app/_server/config';

const root = path.resolve(import.meta.dirname, '../../challenges');
const { levels } = loadLevels(root);
const byId = new Map(levels.map((l) => [l.challenge.id, l.challenge]));
const level1 = levels.find((l) => l.challenge.id === '01-where-is-my-public-ip')!;
const started = startAttempt(level1.challenge);
if (!started.ok) throw new Error('level 1 does not start');
/** level 1's start, with hint 0 revealed (it costs 5) */
const job: GradeJob = { levelId: level1.challenge.id, topology: started.session.control.topology, hintCosts: [5] };

/** Counts the jobs a grader ran, and can make each one slow. */
function counted(inner: Grader, delayMs = 0): Grader & { count: number } {
  const g: Grader & { count: number } = {
    kind: inner.kind,
    count: 0,
    async run(j: GradeJob) {
      g.count++;
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return inner.run(j);
    },
    close: () => inner.close(),
  };
  return g;
}

describe('booting one node of several', () => {
  it('refuses REDIS_URL without a shared PostgreSQL, naming the variable to set', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', REDIS_URL }, { dataDir: 'memory://', levelsDir: root })).toThrow(
      /^DATABASE_URL: REDIS_URL makes this one node of several, and they must share a PostgreSQL: set DATABASE_URL too/,
    );
  });
});

describe('grading off the event loop', () => {
  const closing: Grader[] = [];
  afterAll(async () => {
    for (const g of closing) await g.close();
  });

  it('grades in a worker thread exactly as on the calling thread (the engine is pure)', async () => {
    const pool = poolGrader(root, 1);
    closing.push(pool);
    const here = await inlineGrader(byId).run(job);
    const there = await pool.run(job);
    expect(there).toEqual(here);
    expect(there.score).toBe(50);
    expect(there.hintPenalty).toBe(5);
    expect(there.checks.filter((c) => c.passed)).toHaveLength(3);
  });

  it('shares a burst over the Redis queue: a second node’s workers take jobs the first node queued, and every caller gets its one answer', async () => {
    const prefix = `underlay-test:grading:${process.pid}:${Date.now()}`;
    // node 1 is slow, so node 2 must pick up part of node 1's burst for it to finish in time
    const slow = counted(inlineGrader(byId), 40);
    const fast = counted(inlineGrader(byId));
    const node1 = await queueGrader({ redisUrl: REDIS_URL, prefix, local: slow, concurrency: 1 });
    const node2 = await queueGrader({ redisUrl: REDIS_URL, prefix, local: fast, concurrency: 2 });
    closing.push(node1, node2);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => node1.run({ ...job, hintCosts: i % 2 ? [5] : [] })),
    );
    expect(results.map((r) => r.score)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 ? 50 : 55)));
    expect(slow.count + fast.count).toBe(40);
    expect(fast.count).toBeGreaterThan(10);
    expect(slow.count).toBeGreaterThan(0);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }, 60_000);
});
