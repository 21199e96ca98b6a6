/**
 * A step worker thread: it loads the levels once, then runs learners' steps, attempt rebuilds
 * and work on uploaded accounts off the event loop that serves sockets. The pool (step-pool.ts) gives it one job
 * at a time and terminates it if the job outlives its deadline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Challenge } from '@/engine/grade/challenge';
import { loadLevels } from '../levels/level-files';
import { runWorkerJob, StepJobError, type WorkerJob } from './step-job';

const { levels } = loadLevels((workerData as { levelsDir: string }).levelsDir);
const byId: ReadonlyMap<string, Challenge> = new Map(levels.map((l) => [l.challenge.id, l.challenge]));

parentPort!.on('message', ({ id, job }: { id: number; job: WorkerJob }) => {
  try {
    parentPort!.postMessage({ id, ok: true, outcome: runWorkerJob(byId, job) });
  } catch (e) {
    const code = e instanceof StepJobError ? e.code : undefined;
    parentPort!.postMessage({
      id,
      ok: false,
      error: { message: e instanceof Error ? (e.stack ?? e.message) : String(e), code },
    });
  }
});
parentPort!.postMessage({ ready: true });
