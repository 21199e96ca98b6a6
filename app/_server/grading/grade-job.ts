import type { Challenge } from '@/engine/grade/challenge';
import { evaluate, type GradeReport } from '@/engine/grade/evaluate';
import type { Topology } from '@/engine/model/topology';

/**
 * One piece of grading work, as plain data so it can cross a worker thread or a Redis queue:
 * a full grade, or the progress count the dashboard shows after each step.
 */
export interface GradeJob {
  kind: 'grade' | 'progress';
  levelId: string;
  topology: Topology;
  hints: number[];
}

export type GradeJobResult = { kind: 'grade'; report: GradeReport } | { kind: 'progress'; passed: number; total: number };

/** Runs a job against the levels this thread loaded (the engine is pure: same input, same grade anywhere). */
export function runGradeJob(levels: ReadonlyMap<string, Challenge>, job: GradeJob): GradeJobResult {
  const challenge = levels.get(job.levelId);
  if (!challenge) throw new Error(`no level ${job.levelId} here`);
  const report = evaluate(challenge, job.topology, job.hints);
  if (job.kind === 'progress') return { kind: 'progress', passed: report.checks.filter((c) => c.passed).length, total: report.checks.length };
  return { kind: 'grade', report };
}
