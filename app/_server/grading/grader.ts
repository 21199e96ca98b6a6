import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Challenge } from '@/engine/grade/challenge';
import { runGradeJob, type GradeJob, type JobKind, type JobResults } from './grade-job';

/** Where grading runs: the caller awaits a result; the socket event loop never runs the checks. */
export interface Grader {
  readonly kind: string;
  run<K extends JobKind>(job: GradeJob<K>): Promise<JobResults[K]>;
  /** this process's threads only: for quick, latency-bound work (a step's progress count) */
  runLocal<K extends JobKind>(job: GradeJob<K>): Promise<JobResults[K]>;
  close(): Promise<void>;
}

/** Grading on the calling thread (tests that want no threads; `GRADING_THREADS=0`). */
export function inlineGrader(levels: ReadonlyMap<string, Challenge>): Grader {
  const run = async <K extends JobKind>(job: GradeJob<K>) => runGradeJob(levels, job);
  return { kind: 'inline', run, runLocal: run, close: async () => undefined };
}

/** The default worker-thread count: every core but the one that serves sockets, at least one. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A pool of worker threads (piscina). Workers run the TypeScript sources through tsx, as the
 * server does, and load the levels from the same folder.
 */
export function poolGrader(levelsDir: string, threads = defaultThreads()): Grader {
  const pool = new Piscina({
    filename: new URL('./grade-worker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    workerData: { levelsDir },
    execArgv: ['--import', 'tsx'],
  });
  const run = <K extends JobKind>(job: GradeJob<K>) => pool.run(job) as Promise<JobResults[K]>;
  return { kind: `worker threads (${threads})`, run, runLocal: run, close: () => pool.destroy() };
}
