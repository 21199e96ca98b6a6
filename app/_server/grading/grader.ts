import { Piscina } from 'piscina';
import type { Challenge } from '@/engine/grade/challenge';
import type { GradeReport } from '@/engine/grade/evaluate';
import { workerEntry } from '../workers/worker-entry';
import { runGradeJob, type GradeJob } from './grade-job';

/** Where grading runs: the caller awaits a result; the socket event loop never runs the checks. */
export interface Grader {
  readonly kind: string;
  /** grades, or rejects once `deadlineMs` passed with the grade still running (its thread is stopped) */
  run(job: GradeJob, deadlineMs?: number): Promise<GradeReport>;
  close(): Promise<void>;
}

/** How a grade stopped at its deadline says so, through a thread or a Redis queue alike. */
export const GRADE_DEADLINE = 'GRADE_DEADLINE';

export function isGradeDeadline(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith(GRADE_DEADLINE);
}

/** Grading on the calling thread (tests that want no threads; `GRADING_THREADS=0`). */
export function inlineGrader(levels: ReadonlyMap<string, Challenge>): Grader {
  return { kind: 'inline', run: async (job) => runGradeJob(levels, job), close: async () => undefined };
}

/**
 * A pool of worker threads (piscina). Workers run the TypeScript sources through tsx in
 * development (the bundle in production) and load the levels from the same folder. A grade
 * past its deadline is aborted: piscina stops the thread that runs it.
 */
export function poolGrader(levelsDir: string, threads: number): Grader {
  const entry = workerEntry('grade-worker', import.meta.url);
  const pool = new Piscina({
    filename: entry.url.href,
    minThreads: threads,
    maxThreads: threads,
    workerData: { levelsDir },
    execArgv: entry.execArgv,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  const run = (job: GradeJob, deadlineMs?: number) =>
    (pool.run(job, deadlineMs ? { signal: AbortSignal.timeout(deadlineMs) } : {}) as Promise<GradeReport>).catch(
      (e: unknown) => {
        throw (e as Error).name === 'AbortError' ? new Error(`${GRADE_DEADLINE}: past ${deadlineMs} ms`) : e;
      },
    );
  return { kind: `worker threads (${threads})`, run, close: () => pool.destroy() };
}
