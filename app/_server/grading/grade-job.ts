import type { Challenge } from '@/engine/grade/challenge';
import { evaluate, type GradeReport } from '@/engine/grade/evaluate';
import type { Topology } from '@/engine/model/topology';

/**
 * One piece of grading work, as plain data so it can cross a worker thread or a Redis queue:
 * a full grade, or the progress count the dashboard shows after each step.
 */
export interface GradeJob<K extends JobKind = JobKind> {
  kind: K;
  levelId: string;
  topology: Topology;
  hints: number[];
}

/** What each kind of job answers. */
export interface JobResults {
  grade: GradeReport;
  progress: { passed: number; total: number };
}
export type JobKind = keyof JobResults;

/** Runs a job against the levels this thread loaded (the engine is pure: same input, same grade anywhere). */
export function runGradeJob<K extends JobKind>(
  levels: ReadonlyMap<string, Challenge>,
  job: GradeJob<K>,
): JobResults[K] {
  const challenge = levels.get(job.levelId);
  if (!challenge) throw new Error(`no level ${job.levelId} here`);
  const report = evaluate(challenge, job.topology, job.hints);
  const result: JobResults[JobKind] =
    job.kind === 'progress'
      ? { passed: report.checks.filter((c) => c.passed).length, total: report.checks.length }
      : report;
  return result as JobResults[K];
}
