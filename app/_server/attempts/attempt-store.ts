import { SNAPSHOT_FORMAT, type SessionSnapshot } from '@/engine/lab/session-snapshot';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import type { LevelFiles } from '../levels/level-files';
import type { RuntimeView } from '@/engine/lab/runtime-view';
import { StepJobError, type StepJob, type StepOutcome } from '../steps/step-job';
import { DeadlineExceeded, RunnerBusy, WorkerFailed, type StepRunner } from '../steps/step-pool';
import type { Prisma } from '@/src/generated/prisma/client';

/** An attempt being played: its row's identity and the engine session its steps built, as a snapshot. */
export interface LiveAttempt {
  id: string;
  userId: string;
  /** set when the attempt belongs to a live session's team */
  sessionId?: string;
  teamId?: string;
  level: LevelFiles;
  /** how many steps are stored */
  version: number;
  /** the network now: the stored steps, plus the seconds a running clock has not stored yet */
  snapshot: SessionSnapshot;
  /** what time and the daemons did, from the same session as the snapshot */
  runtime: RuntimeView;
  /** the checks passing (hidden ones included) as last counted, for a live session's dashboard */
  progress?: { passed: number; total: number };
  /** the snapshot's size as JSON: what keeping it costs */
  bytes: number;
}

/** How much work and memory attempts may cost this process. */
export interface AttemptLimits {
  /** a rebuild (checkpoint + the steps after it) must finish within this */
  rebuildDeadlineMs: number;
  /** a checkpoint is stored every this many steps, so a rebuild replays fewer */
  checkpointEvery: number;
  /** attempts kept in memory at most, and their snapshots' total size */
  cacheEntries: number;
  cacheBytes: number;
  /** an attempt nobody touched for this long is let go (it is rebuilt from the database) */
  idleMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = {
  rebuildDeadlineMs: 15_000,
  checkpointEvery: 10,
  cacheEntries: 2000,
  cacheBytes: 256 * 1024 * 1024,
  idleMs: 20 * 60_000,
};

/** Calls one attempt may have queued or running; more are refused with STEPS_PENDING. */
const MAX_WAITING = 8;

/** Errors of the step runner as the learner's errors: a step that costs too much changes nothing. */
export function runnerError(e: unknown, what: 'step' | 'rebuild'): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof DeadlineExceeded || e instanceof WorkerFailed)
    return what === 'step'
      ? new AppError('STEP_TOO_EXPENSIVE', undefined, undefined, { cause: e })
      : new AppError('ATTEMPT_UNAVAILABLE', undefined, undefined, { cause: e });
  if (e instanceof RunnerBusy) {
    if (e.scope === 'cooldown')
      return new AppError(
        'STEP_COOLDOWN',
        { retryAfterSeconds: Math.ceil(e.retryMs / 1000) },
        `Your last step took the simulator too long and was stopped; wait ${Math.ceil(e.retryMs / 1000)} s before the next one.`,
        { cause: e },
      );
    return new AppError(e.scope === 'owner' ? 'STEPS_PENDING' : 'SERVER_BUSY', undefined, undefined, { cause: e });
  }
  return new AppError('INTERNAL', undefined, undefined, { cause: e });
}

/**
 * Live attempts, rebuilt from the database on demand: a restart loses nothing, because an
 * attempt is its level plus its stored steps; the latest checkpoint keeps the replay short,
 * and the replay runs on the step runner's threads, not here. Work on one attempt runs one
 * call at a time. The cache is bounded by count and size, and lets go of idle attempts.
 */
export class AttemptStore {
  private readonly live = new Map<string, LiveAttempt & { usedAt: number }>();
  private readonly loading = new Map<string, Promise<LiveAttempt>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly waiting = new Map<string, number>();
  private readonly starts = new Map<string, Promise<StepOutcome>>();
  private bytes = 0;
  private readonly sweeper: NodeJS.Timeout;
  /** attempts whose clock runs: their snapshot holds seconds not stored yet, so they stay */
  readonly pinned = new Set<string>();
  constructor(
    private readonly db: Db,
    private readonly levels: ReadonlyMap<string, LevelFiles>,
    private readonly runner: StepRunner,
    readonly limits: AttemptLimits = DEFAULT_ATTEMPT_LIMITS,
    /**
     * With several processes, an attempt played outside a session may have been changed through
     * another one (a reconnect lands anywhere): check the stored version before trusting the
     * cache. Session attempts need no check: only the process that holds the session's room
     * touches them.
     */
    private readonly verifyFreshness = false,
  ) {
    this.sweeper = setInterval(() => this.evict(), Math.min(60_000, limits.idleMs)).unref();
  }

  /**
   * Runs `work` after every earlier call on the same attempt has finished. A few may wait;
   * past that a call is refused at once, so a flood on one attempt cannot pile up here.
   */
  exclusive<T>(attemptId: string, work: () => Promise<T>): Promise<T> {
    const waiting = this.waiting.get(attemptId) ?? 0;
    if (waiting >= MAX_WAITING) return Promise.reject(new AppError('STEPS_PENDING'));
    this.waiting.set(attemptId, waiting + 1);
    const prev = this.queues.get(attemptId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(attemptId, settled);
    void settled.then(() => {
      const n = (this.waiting.get(attemptId) ?? 1) - 1;
      if (n > 0) this.waiting.set(attemptId, n);
      else this.waiting.delete(attemptId);
      if (this.queues.get(attemptId) === settled) this.queues.delete(attemptId);
    });
    return next;
  }

  /** The attempt, from memory or rebuilt; `owner` is whose turn a rebuild takes on the step runner. */
  async get(attemptId: string, owner?: string): Promise<LiveAttempt> {
    const cached = this.live.get(attemptId);
    if (cached && (await this.fresh(cached))) {
      this.touch(cached);
      return cached;
    }
    let loading = this.loading.get(attemptId);
    if (!loading) {
      loading = this.load(attemptId, owner).finally(() => this.loading.delete(attemptId));
      this.loading.set(attemptId, loading);
    }
    return loading;
  }

  private async fresh(cached: LiveAttempt): Promise<boolean> {
    if (!this.verifyFreshness || cached.sessionId) return true;
    const row = await this.db.attempt.findUnique({ where: { id: cached.id }, select: { version: true } });
    if (row?.version === cached.version) return true;
    this.drop(cached.id);
    return false;
  }

  private async load(attemptId: string, owner?: string): Promise<LiveAttempt> {
    const row = await this.db.attempt.findUnique({
      where: { id: attemptId },
      select: {
        id: true,
        userId: true,
        levelId: true,
        version: true,
        sessionId: true,
        teamId: true,
        checkpoint: { select: { version: true, snapshot: true } },
      },
    });
    if (!row) throw new AppError('ATTEMPT_NOT_FOUND');
    const level = this.levels.get(row.levelId);
    if (!level) throw new AppError('LEVEL_NOT_FOUND');
    const who = owner ?? row.userId;
    const cp = row.checkpoint;
    const checkpoint =
      cp && cp.version <= row.version && (cp.snapshot as { format?: unknown }).format === SNAPSHOT_FORMAT
        ? { version: cp.version, snapshot: cp.snapshot as unknown as SessionSnapshot }
        : undefined;
    let outcome: StepOutcome;
    try {
      outcome =
        row.version === 0
          ? await this.start(level)
          : await this.rebuild(attemptId, level, checkpoint, row.version, who);
    } catch (e) {
      throw runnerError(e, 'rebuild');
    }
    const attempt = {
      id: row.id,
      userId: row.userId,
      ...(row.sessionId && row.teamId ? { sessionId: row.sessionId, teamId: row.teamId } : {}),
      level,
      version: row.version,
      snapshot: outcome.snapshot,
      runtime: outcome.runtime,
      bytes: outcome.bytes,
    };
    this.remember(attempt);
    return attempt;
  }

  /** A level's start is the same for every attempt: worked out once per level. */
  private start(level: LevelFiles): Promise<StepOutcome> {
    const id = level.challenge.id;
    let start = this.starts.get(id);
    if (!start) {
      start = this.runner.run(
        { levelId: id, from: null, replay: [], progress: false },
        { owner: `level:${id}`, deadlineMs: this.limits.rebuildDeadlineMs },
      );
      this.starts.set(id, start);
      start.catch(() => this.starts.delete(id));
    }
    return start;
  }

  /** The checkpoint plus the steps after it (or every step, when there is no usable checkpoint). */
  private async rebuild(
    attemptId: string,
    level: LevelFiles,
    checkpoint: { version: number; snapshot: SessionSnapshot } | undefined,
    version: number,
    owner: string,
  ): Promise<StepOutcome> {
    const after = checkpoint?.version ?? 0;
    const rows = await this.db.attemptStep.findMany({
      where: { attemptId, seq: { gt: after, lte: version } },
      orderBy: { seq: 'asc' },
      select: { step: true },
    });
    const job: StepJob = {
      levelId: level.challenge.id,
      from: checkpoint?.snapshot ?? null,
      replay: rows.map((r) => r.step),
      progress: false,
    };
    const run = (j: StepJob) => this.runner.run(j, { owner, deadlineMs: this.limits.rebuildDeadlineMs });
    let outcome: StepOutcome;
    let replayed = rows.length;
    try {
      outcome = await run(job);
    } catch (e) {
      if (!(e instanceof StepJobError && e.code === 'CHECKPOINT_UNUSABLE')) throw e;
      // the checkpoint no longer builds (the engine changed): replay every step from the start
      const all = await this.db.attemptStep.findMany({
        where: { attemptId, seq: { lte: version } },
        orderBy: { seq: 'asc' },
        select: { step: true },
      });
      replayed = all.length;
      outcome = await run({ ...job, from: null, replay: all.map((r) => r.step) });
    }
    // a long replay is not repeated: the next rebuild starts from here
    if (replayed > this.limits.checkpointEvery)
      await this.saveCheckpoint(attemptId, version, outcome.snapshot).catch(() => undefined);
    return outcome;
  }

  /** The write that stores a checkpoint (inside a step's transaction, or on its own). */
  checkpointWrite(attemptId: string, version: number, snapshot: SessionSnapshot): Prisma.PrismaPromise<unknown> {
    const data = { version, snapshot: snapshot as unknown as Prisma.InputJsonValue };
    return this.db.attemptCheckpoint.upsert({ where: { attemptId }, create: { attemptId, ...data }, update: data });
  }

  private async saveCheckpoint(attemptId: string, version: number, snapshot: SessionSnapshot): Promise<void> {
    await this.checkpointWrite(attemptId, version, snapshot);
  }

  /** An attempt after a stored step: its new version and snapshot. */
  advance(attempt: LiveAttempt, version: number, outcome: StepOutcome): void {
    attempt.version = version;
    attempt.snapshot = outcome.snapshot;
    attempt.runtime = outcome.runtime;
    if (outcome.progress) attempt.progress = outcome.progress;
    const kept = this.live.get(attempt.id);
    if (kept === attempt) this.bytes += outcome.bytes - kept.bytes;
    attempt.bytes = outcome.bytes;
    if (kept === attempt) this.touch(kept);
    this.evict();
  }

  private remember(attempt: LiveAttempt): void {
    this.drop(attempt.id);
    this.live.set(attempt.id, Object.assign(attempt, { usedAt: Date.now() }));
    this.bytes += attempt.bytes;
    this.evict();
  }

  private touch(a: LiveAttempt & { usedAt: number }): void {
    a.usedAt = Date.now();
    // a Map keeps insertion order: moving the entry to the end keeps the least recent first
    this.live.delete(a.id);
    this.live.set(a.id, a);
  }

  /** Lets go of idle attempts, then of the least recent ones while over the count or size budget. */
  evict(now = Date.now()): void {
    for (const [id, a] of this.live) {
      const over = this.live.size > this.limits.cacheEntries || this.bytes > this.limits.cacheBytes;
      if (!over && now - a.usedAt < this.limits.idleMs) break;
      if (this.queues.has(id) || this.pinned.has(id)) continue;
      this.drop(id);
    }
  }

  /** What the cache holds now. */
  stats(): { attempts: number; bytes: number } {
    return { attempts: this.live.size, bytes: this.bytes };
  }

  /** Forgets the in-memory copy (after a failed write, so the database stays the truth). */
  drop(attemptId: string): void {
    const a = this.live.get(attemptId);
    if (!a) return;
    this.live.delete(attemptId);
    this.bytes -= a.bytes;
  }

  /** The live session a cached attempt belongs to, if any. */
  sessionOf(attemptId: string): string | undefined {
    return this.live.get(attemptId)?.sessionId;
  }

  /** Forgets every cached attempt of a session (its room moved to or from this process). */
  forgetSession(sessionId: string): void {
    for (const [id, a] of this.live) if (a.sessionId === sessionId) this.drop(id);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
