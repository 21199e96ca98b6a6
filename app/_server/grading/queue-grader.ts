import { Queue, QueueEvents, Worker, type ConnectionOptions } from 'bullmq';
import type { GradeReport } from '@/engine/grade/evaluate';
import type { GradeJob } from './grade-job';
import type { Grader } from './grader';

export interface QueueGraderOptions {
  redisUrl: string;
  /** keeps several deployments (or test runs) on one Redis apart */
  prefix: string;
  /** this process's own threads, which also work the shared queue */
  local: Grader;
  concurrency: number;
  /** how long a caller waits for its grade */
  timeoutMs?: number;
  /** how long one grade may run on a thread */
  deadlineMs?: number;
}

function connection(url: string): ConnectionOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Grading through a Redis-backed queue (BullMQ): every process puts its jobs on one queue and
 * works it with its own threads, so a burst on one node is shared by the grading workers of
 * all of them. A job is removed once done; the caller that queued it stores the one grade.
 */
export async function queueGrader(o: QueueGraderOptions): Promise<Grader> {
  const conn = connection(o.redisUrl);
  const name = 'grade';
  const queue = new Queue<GradeJob, GradeReport>(name, { connection: conn, prefix: o.prefix });
  const events = new QueueEvents(name, { connection: conn, prefix: o.prefix });
  const worker = new Worker<GradeJob, GradeReport>(name, (job) => o.local.run(job.data, o.deadlineMs), {
    connection: conn,
    prefix: o.prefix,
    concurrency: o.concurrency,
  });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  return {
    kind: `Redis queue (BullMQ) over ${o.local.kind}`,
    async run(data: GradeJob) {
      const job = await queue.add('grade', data, {
        removeOnComplete: { age: 300 },
        removeOnFail: { age: 3600 },
        attempts: 1,
      });
      return (await job.waitUntilFinished(events, o.timeoutMs ?? 60_000)) as GradeReport;
    },
    async close() {
      await worker.close();
      await Promise.all([queue.close(), events.close()]);
      await o.local.close();
    },
  };
}
