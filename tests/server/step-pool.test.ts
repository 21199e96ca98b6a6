import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StepPool } from '../../app/_server/steps/step-pool';
import type { StepJob } from '../../app/_server/steps/step-job';

const levelsDir = path.resolve(import.meta.dirname, '../../challenges');
/** Ten simulated minutes of BGP on level 4: tens of milliseconds of a thread. */
const EXPENSIVE: StepJob = {
  levelId: '04-bgp-appliance-in-subnet',
  from: null,
  replay: [{ wait: 600 }],
  progress: false,
};
const CHEAP: StepJob = { levelId: '01-where-is-my-public-ip', from: null, replay: [], progress: false };

describe('the step pool shares its threads fairly', () => {
  const pools: StepPool[] = [];
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  it("runs one job per owner at a time, so another owner's job does not wait behind a queue of them", async () => {
    const pool = new StepPool({ levelsDir, threads: 2, budget: { msPerSecond: 100_000, burstMs: 100_000 } });
    pools.push(pool);
    // both threads warm (levels loaded): a cold thread's start-up would otherwise decide the order
    await Promise.all(
      ['warm', 'warm2'].map((owner) =>
        pool.run({ ...EXPENSIVE, replay: [{ wait: 1 }] }, { owner, deadlineMs: 30_000 }),
      ),
    );
    await Promise.all(['warm', 'warm2'].map((owner) => pool.run(CHEAP, { owner, deadlineMs: 30_000 })));
    const done: string[] = [];
    const flood = Array.from({ length: 4 }, (_, i) =>
      pool.run(EXPENSIVE, { owner: 'noisy', deadlineMs: 30_000 }).then(() => done.push(`noisy ${i}`)),
    );
    const calm = pool.run(CHEAP, { owner: 'calm', deadlineMs: 30_000 }).then(() => done.push('calm'));
    await Promise.all([...flood, calm]);
    // the calm owner's job took the second thread at once, before the noisy owner's second job
    expect(done.indexOf('calm')).toBeLessThan(2);
  }, 60_000);

  it('makes an owner who used up their thread time wait for it to refill, while others go on', async () => {
    const pool = new StepPool({ levelsDir, threads: 2, budget: { msPerSecond: 50, burstMs: 10 } });
    pools.push(pool);
    await pool.run(CHEAP, { owner: 'warm', deadlineMs: 30_000 });
    await pool.run(CHEAP, { owner: 'warm2', deadlineMs: 30_000 });
    const t0 = performance.now();
    await pool.run(EXPENSIVE, { owner: 'spender', deadlineMs: 30_000 });
    const first = performance.now() - t0;
    expect(first).toBeGreaterThan(20);
    // the spender is now some tens of ms in debt: at 50 ms a second, their next job waits for it
    const second = pool.run(CHEAP, { owner: 'spender', deadlineMs: 30_000 }).then(() => performance.now() - t0);
    const other = pool.run(CHEAP, { owner: 'other', deadlineMs: 30_000 }).then(() => performance.now() - t0);
    const [secondAt, otherAt] = await Promise.all([second, other]);
    expect(otherAt - first).toBeLessThan(300);
    // debt of (first - 10) ms refills at 50 ms/s: at least 20 times that long
    expect(secondAt - first).toBeGreaterThan((first - 10) * 20 * 0.8);
  }, 60_000);
});
