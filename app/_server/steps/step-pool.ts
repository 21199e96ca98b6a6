import type { Worker } from 'node:worker_threads';
import type { Challenge } from '@/engine/grade/challenge';
import { startWorker } from '../workers/worker-entry';
import { runWorkerJob, StepJobError, type OutcomeOf, type WorkerJob } from './step-job';

export interface RunOptions {
  /** whose work this is: one job per owner runs at a time, and owners take turns */
  owner: string;
  /** how long the job may run once a thread has it; then the thread is stopped */
  deadlineMs: number;
}

/** Where learners' steps and attempt rebuilds run: never on the event loop that serves sockets. */
export interface StepRunner {
  readonly kind: string;
  run<J extends WorkerJob>(job: J, opts: RunOptions): Promise<OutcomeOf<J>>;
  close(): Promise<void>;
}

/** The job ran past its deadline: its thread was stopped and nothing it did is kept. */
export class DeadlineExceeded extends Error {}
/** Too much is waiting already (for this owner, or the whole server), or this owner's last job ran past its deadline just now. */
export class RunnerBusy extends Error {
  constructor(
    readonly scope: 'owner' | 'server' | 'cooldown',
    readonly retryMs = 0,
  ) {
    super(`too many jobs waiting (${scope})`);
  }
}
/** The thread died under the job (out of its memory limit, or a crash). */
export class WorkerFailed extends Error {}

/** On the calling thread (tests, `STEP_THREADS=0`): correct, but nothing can stop a long job. */
export function inlineStepRunner(levels: ReadonlyMap<string, Challenge>): StepRunner {
  return {
    kind: 'inline',
    run: async <J extends WorkerJob>(job: J) => runWorkerJob(levels, job) as OutcomeOf<J>,
    close: async () => undefined,
  };
}

interface Task {
  job: WorkerJob;
  opts: RunOptions;
  resolve(o: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task?: Task & { id: number; timer: NodeJS.Timeout; startedAt: number };
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; outcome: unknown }
  | { id: number; ok: false; error: { message: string; code?: StepJobError['code'] } };

export interface StepPoolOptions {
  levelsDir: string;
  threads: number;
  /** jobs one owner may have waiting; more are refused at once */
  maxQueuedPerOwner?: number;
  /** jobs the whole pool may have waiting */
  maxQueued?: number;
  /** a thread's heap: a job that needs more kills only its thread */
  memoryMb?: number;
  /** after one of an owner's jobs was stopped at its deadline, their next ones are refused this long */
  cooldownMs?: number;
  /**
   * thread time one owner may use: a bucket of `burstMs` that refills at `msPerSecond`. An
   * owner who used it up waits for it to refill, so one learner cannot keep a thread busy.
   */
  budget?: { msPerSecond: number; burstMs: number };
}

const DEFAULT_BUDGET = { msPerSecond: 250, burstMs: 3000 };
/** Owners with a bucket or a cool-down kept before the finished ones are dropped. */
const MAX_OWNERS_KEPT = 10_000;

/**
 * Worker threads that run step jobs with a deadline. Each owner (a learner) has one job
 * running at most and its own queue; owners take turns, so one learner flooding steps waits
 * behind their own steps, not in front of everyone else's. A job that outlives its deadline
 * has its thread terminated (JavaScript cannot be interrupted any other way); a warm spare
 * thread takes its place at once, and its owner waits a cool-down before their next job, so
 * nobody can keep the pool restarting threads. Each owner also has a budget of thread time
 * (250 ms a second, in bursts of 3 s): past it, their jobs wait for it to refill.
 */
export class StepPool implements StepRunner {
  readonly kind: string;
  private readonly slots: Slot[] = [];
  /** a started thread waiting to replace one that was stopped */
  private spare: Slot;
  private readonly pending = new Map<string, Task[]>();
  /** owners with waiting jobs, in the order they get their next turn */
  private readonly turn: string[] = [];
  private readonly running = new Set<string>();
  private readonly cooling = new Map<string, number>();
  /** each owner's thread-time bucket (ms); an owner with a full bucket has no entry */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private refill: NodeJS.Timeout | undefined;
  private queued = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly o: StepPoolOptions) {
    this.kind = `worker threads (${o.threads}, and a spare)`;
    for (let i = 0; i < o.threads; i++) this.slots.push(this.spawn());
    this.spare = this.spawn();
  }

  private spawn(slot: Slot = {} as Slot): Slot {
    const memory = this.o.memoryMb ?? 256;
    const worker = startWorker('step-worker', import.meta.url, {
      workerData: { levelsDir: this.o.levelsDir },
      resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: Math.min(64, memory / 4) },
    });
    slot.worker = worker;
    slot.ready = false;
    delete slot.task;
    worker.on('message', (m: Reply) => {
      if (slot.worker !== worker) return;
      if ('ready' in m) {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const task = slot.task;
      if (!task || task.id !== m.id) return;
      this.release(slot);
      if (m.ok) task.resolve(m.outcome);
      else task.reject(m.error.code ? new StepJobError(m.error.code, m.error.message) : new Error(m.error.message));
    });
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      if (slot.worker !== worker || this.closed) return;
      // died on its own (out of memory, a crash): the job fails, another thread takes the slot
      const task = slot.task;
      const wasReady = slot.ready;
      if (task) this.release(slot);
      task?.reject(new WorkerFailed('the step worker stopped'));
      if (slot === this.spare) {
        if (wasReady) this.spawn(slot);
        else setTimeout(() => !this.closed && this.spawn(slot), 1000).unref();
      } else this.replace(slot, wasReady);
    });
    return slot;
  }

  /** A slot's thread is gone: the warm spare takes its place, and a new spare starts. */
  private replace(slot: Slot, promptly: boolean): void {
    if (this.spare.ready) {
      const spare = this.spare;
      this.slots[this.slots.indexOf(slot)] = spare;
      this.spare = this.spawn(slot);
      this.dispatch();
    } else if (promptly) this.spawn(slot);
    else setTimeout(() => !this.closed && this.spawn(slot), 1000).unref();
  }

  run<J extends WorkerJob>(job: J, opts: RunOptions): Promise<OutcomeOf<J>> {
    if (this.closed) return Promise.reject(new Error('the step pool is closed'));
    const until = this.cooling.get(opts.owner);
    if (until !== undefined) {
      if (until > Date.now()) return Promise.reject(new RunnerBusy('cooldown', until - Date.now()));
      this.cooling.delete(opts.owner);
    }
    const mine = this.pending.get(opts.owner) ?? [];
    if (mine.length >= (this.o.maxQueuedPerOwner ?? 4)) return Promise.reject(new RunnerBusy('owner'));
    if (this.queued >= (this.o.maxQueued ?? 2000)) return Promise.reject(new RunnerBusy('server'));
    return new Promise<OutcomeOf<J>>((resolve, reject) => {
      mine.push({ job, opts, resolve: resolve as (o: unknown) => void, reject });
      if (mine.length === 1) {
        this.pending.set(opts.owner, mine);
        this.turn.push(opts.owner);
      }
      this.queued++;
      this.dispatch();
    });
  }

  /** An owner's thread time left now (ms); negative when they used more than their bucket. */
  private tokens(owner: string, now = Date.now()): number {
    const budget = this.o.budget ?? DEFAULT_BUDGET;
    const b = this.buckets.get(owner);
    if (!b) return budget.burstMs;
    const tokens = Math.min(budget.burstMs, b.tokens + ((now - b.at) * budget.msPerSecond) / 1000);
    if (tokens >= budget.burstMs) this.buckets.delete(owner);
    return tokens;
  }

  private charge(owner: string, ms: number): void {
    const now = Date.now();
    this.buckets.set(owner, { tokens: this.tokens(owner, now) - ms, at: now });
    // owners who went away leave no trace: full buckets and ended cool-downs are dropped
    if (this.buckets.size > MAX_OWNERS_KEPT) for (const o of [...this.buckets.keys()]) this.tokens(o, now);
    if (this.cooling.size > MAX_OWNERS_KEPT)
      for (const [o, until] of this.cooling) if (until <= now) this.cooling.delete(o);
  }

  /** Gives every idle thread the next owner's next job, owners in turn, skipping those over budget. */
  private dispatch(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      if (!slot.ready || slot.task) continue;
      const k = this.turn.findIndex((owner) => !this.running.has(owner) && this.tokens(owner, now) > 0);
      if (k < 0) return this.wake(now);
      const owner = this.turn.splice(k, 1)[0]!;
      const mine = this.pending.get(owner)!;
      const task = mine.shift()!;
      this.queued--;
      if (mine.length > 0) this.turn.push(owner);
      else this.pending.delete(owner);
      this.assign(slot, task);
    }
  }

  /** Owners wait only on their budget: dispatch again when the first of them has thread time again. */
  private wake(now: number): void {
    if (this.refill) return;
    const budget = this.o.budget ?? DEFAULT_BUDGET;
    const waits = this.turn
      .filter((o) => !this.running.has(o))
      .map((o) => (-this.tokens(o, now) * 1000) / budget.msPerSecond);
    if (waits.length === 0) return;
    this.refill = setTimeout(
      () => {
        this.refill = undefined;
        this.dispatch();
      },
      Math.max(1, Math.min(...waits) + 1),
    );
    this.refill.unref();
  }

  private assign(slot: Slot, task: Task): void {
    const id = this.nextId++;
    this.running.add(task.opts.owner);
    const timer = setTimeout(() => this.expire(slot, id), task.opts.deadlineMs);
    slot.task = { ...task, id, timer, startedAt: performance.now() };
    slot.worker.postMessage({ id, job: task.job });
  }

  private release(slot: Slot): void {
    const task = slot.task;
    if (!task) return;
    clearTimeout(task.timer);
    this.running.delete(task.opts.owner);
    this.charge(task.opts.owner, performance.now() - task.startedAt);
    delete slot.task;
    queueMicrotask(() => this.dispatch());
  }

  private expire(slot: Slot, id: number): void {
    const task = slot.task;
    if (!task || task.id !== id) return;
    this.release(slot);
    const old = slot.worker;
    this.replace(slot, true);
    void old.terminate();
    const cooldown = this.o.cooldownMs ?? 10_000;
    this.cooling.set(task.opts.owner, Date.now() + cooldown);
    // what else this owner queued waits out the cool-down too: it is refused now
    for (const t of this.pending.get(task.opts.owner) ?? []) t.reject(new RunnerBusy('cooldown', cooldown));
    this.queued -= this.pending.get(task.opts.owner)?.length ?? 0;
    this.pending.delete(task.opts.owner);
    const k = this.turn.indexOf(task.opts.owner);
    if (k >= 0) this.turn.splice(k, 1);
    task.reject(new DeadlineExceeded(`the job ran past ${task.opts.deadlineMs} ms`));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.refill);
    for (const tasks of this.pending.values()) for (const t of tasks) t.reject(new Error('the step pool is closed'));
    this.pending.clear();
    this.turn.length = 0;
    for (const slot of this.slots) {
      slot.task?.reject(new Error('the step pool is closed'));
      if (slot.task) clearTimeout(slot.task.timer);
    }
    await Promise.all([...this.slots, this.spare].map((s) => s.worker.terminate()));
  }
}
