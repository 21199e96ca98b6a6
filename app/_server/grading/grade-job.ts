import type { Challenge } from '@/engine/grade/challenge';
import { evaluate, type GradeReport } from '@/engine/grade/evaluate';
import type { Topology } from '@/engine/model/topology';

/** One grade, as plain data so it can cross a worker thread or a Redis queue. */
export interface GradeJob {
  levelId: string;
  topology: Topology;
  /** what each revealed hint was charged (a pushed hint: nothing) */
  hintCosts: number[];
}

/** Runs a job against the levels this thread loaded (the engine is pure: same input, same grade anywhere). */
export function runGradeJob(levels: ReadonlyMap<string, Challenge>, job: GradeJob): GradeReport {
  const challenge = levels.get(job.levelId);
  if (!challenge) throw new Error(`no level ${job.levelId} here`);
  return evaluate(challenge, job.topology, job.hintCosts);
}
