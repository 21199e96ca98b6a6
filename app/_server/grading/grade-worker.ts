/**
 * A grading worker thread (piscina): it loads the levels once, then grades jobs off the
 * event loop that serves sockets.
 */
import { workerData } from 'node:worker_threads';
import type { Challenge } from '@/engine/grade/challenge';
import type { GradeReport } from '@/engine/grade/evaluate';
import { loadLevels } from '../levels/level-files';
import { runGradeJob, type GradeJob } from './grade-job';

const { levels } = loadLevels((workerData as { levelsDir: string }).levelsDir);
const byId: ReadonlyMap<string, Challenge> = new Map(levels.map((l) => [l.challenge.id, l.challenge]));

export default function grade(job: GradeJob): GradeReport {
  return runGradeJob(byId, job);
}
