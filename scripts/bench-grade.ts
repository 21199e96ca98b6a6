/**
 * `npm run bench:grade`: grades each shipped level's reference solution and its untouched
 * start (a failing attempt) through the server's use case, on the embedded database, and
 * prints p50/p95 per level. Target (issue 4): p95 under 100 ms.
 */
import { createApp } from '../app/_server/app';
import { applyStep } from '../app/_server/attempts/apply-step';
import { gradeAttempt, startAttempt } from '../app/_server/attempts/attempt-cases';
import { joinAsLearner } from '../app/_server/auth/sign-in';
import type { Principal } from '../app/_server/auth/session-token';
import { NO_CONTEXT } from '../app/_server/call-context';
import { testConfig } from '../app/_server/config';
import { createLogger } from '../app/_server/log';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const app = await createApp(testConfig({ limits: { joinsPerAddress: 1000 } }), createLogger('warn'));
const services = app.services;

function pct(samples: number[], q: number): string {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
}

async function timeGrades(who: Principal, attemptId: string): Promise<{ samples: number[]; score: number }> {
  const samples: number[] = [];
  let score = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    score = (await gradeAttempt(services, who, { attemptId })).score;
    samples.push(performance.now() - t0);
  }
  return { samples, score };
}

console.log(`Grading on the server (use case gradeAttempt: evaluate + store), ${ROUNDS} rounds each, embedded PGlite`);
console.log(`${'level'.padEnd(38)} | attempt   | score | p50 ms | p95 ms | max ms`);
const all: number[] = [];
for (const level of [...services.levels.values()].sort((a, b) => a.challenge.order - b.challenge.order)) {
  const { principal } = await joinAsLearner(
    services,
    undefined,
    // a display name fits in 40 characters, whatever the level's id
    { displayName: `bench level ${level.challenge.order}` },
    NO_CONTEXT,
  );
  const failing = await startAttempt(services, principal, { levelId: level.challenge.id });
  const solved = await startAttempt(services, principal, { levelId: level.challenge.id });
  for (const step of level.solutionSteps) await applyStep(services, principal, { attemptId: solved.attemptId, step });
  for (const [label, id] of [
    ['solution', solved.attemptId],
    ['start', failing.attemptId],
  ] as const) {
    const { samples, score } = await timeGrades(principal, id);
    all.push(...samples);
    console.log(
      `${level.challenge.id.padEnd(38)} | ${label.padEnd(9)} | ${String(score).padStart(5)} | ${pct(samples, 0.5).padStart(6)} | ${pct(samples, 0.95).padStart(6)} | ${pct(samples, 1).padStart(6)}`,
    );
  }
}
console.log(`all grades: p50 ${pct(all, 0.5)} ms, p95 ${pct(all, 0.95)} ms (target p95 < 100 ms)`);
await app.close();
