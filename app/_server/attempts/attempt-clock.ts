import type { StepReport } from '@/engine/lab/report';
import type { SessionSnapshot } from '@/engine/lab/session-snapshot';
import type { AttemptTick, ClockView } from '@/app/_shared/views';
import { topologyView } from '../levels/catalog';
import type { Principal } from '../auth/session-token';
import { AppError, toPublicError } from '../errors';
import type { Services } from '../services';
import { runnerError, type LiveAttempt } from './attempt-store';
import { storeStep } from './store-step';

/** How a running clock behaves: one simulated second per real second, stored every so often. */
export interface ClockLimits {
  /** real milliseconds between ticks */
  tickMs: number;
  /** seconds run are stored as one `wait` step at least this often (a crash loses no more) */
  storeEvery: number;
  /** a clock nobody touches stops by itself after this many simulated seconds */
  idleSeconds: number;
  /** clocks running at once on this process */
  maxRunning: number;
}

interface Run {
  attemptId: string;
  /** who pressed Run: the ticks take their turns on the step threads, and their stored wait is theirs */
  owner: Principal;
  /** seconds run and not stored yet */
  pending: number;
  /** seconds since anyone did anything on the attempt */
  idle: number;
  /** the snapshot the last tick left: a different one means the cached attempt was rebuilt */
  last?: SessionSnapshot;
  timer?: NodeJS.Timeout;
}

/**
 * The attempts' running clocks (DESIGN.md: simulated time belongs to the attempt and advances
 * only by stored steps). While a clock runs, the server advances the attempt one second at a
 * time on the step threads and tells everyone who plays it; the seconds are stored as one
 * `wait` step when the clock stops, before any other step or a grade, when a daemon changed the
 * topology, and every `storeEvery` seconds. A run of N ticks is the same network as `wait: N`
 * (the engine guarantees it), so what the page showed is what a rebuild replays.
 */
export class AttemptClocks {
  private readonly runs = new Map<string, Run>();
  private closed = false;

  constructor(readonly limits: ClockLimits) {}

  view(attemptId: string): ClockView {
    const run = this.runs.get(attemptId);
    return run ? { running: true, by: run.owner.displayName } : { running: false };
  }

  /**
   * Starts the clock (inside the attempt's queue). Running it again only counts as activity. A
   * learner runs one clock at a time: one they started elsewhere (another level, another tab)
   * stops, storing what it ran.
   */
  start(s: Services, me: Principal, attempt: LiveAttempt): void {
    if (this.closed) throw new AppError('SERVER_BUSY');
    const run = this.runs.get(attempt.id);
    if (run) {
      run.idle = 0;
      return;
    }
    for (const other of [...this.runs.values()])
      if (other.owner.userId === me.userId) void this.stopAttempt(s, other.attemptId).catch(() => undefined);
    if (this.runs.size >= this.limits.maxRunning) throw new AppError('SERVER_BUSY');
    const fresh: Run = { attemptId: attempt.id, owner: me, pending: 0, idle: 0 };
    this.runs.set(attempt.id, fresh);
    s.attempts.pinned.add(attempt.id);
    this.schedule(s, fresh, this.limits.tickMs);
  }

  /** Stops the clock (inside the attempt's queue), storing the seconds it ran. */
  async stop(s: Services, attempt: LiveAttempt, notice?: string): Promise<void> {
    const run = this.runs.get(attempt.id);
    if (!run) return;
    try {
      await this.store(s, run, attempt);
    } finally {
      this.end(s, run);
      this.tell(s, attempt, notice);
    }
  }

  /**
   * Before anything else happens to the attempt (a step, a grade, inside its queue): the seconds
   * run so far are stored first, so the step lands at the instant the page showed. Counts as
   * activity: the clock keeps running.
   */
  async settle(s: Services, attempt: LiveAttempt): Promise<void> {
    const run = this.runs.get(attempt.id);
    if (!run) return;
    run.idle = 0;
    try {
      await this.store(s, run, attempt);
    } catch (e) {
      this.end(s, run);
      this.tell(s, attempt, `The clock stopped: ${toPublicError(e).message}`);
      throw e;
    }
  }

  /** Stops an attempt's clock from outside its queue. */
  async stopAttempt(s: Services, attemptId: string): Promise<void> {
    const run = this.runs.get(attemptId);
    if (!run) return;
    await s.attempts.exclusive(attemptId, async () => this.stop(s, await s.attempts.get(attemptId, run.owner.userId)));
  }

  /** Stops every clock of a live session's attempts (before a pause or the end). */
  async stopSession(s: Services, sessionId: string): Promise<void> {
    const runs = [...this.runs.values()].filter((r) => s.attempts.sessionOf(r.attemptId) === sessionId);
    await Promise.allSettled(runs.map((r) => this.stopAttempt(s, r.attemptId)));
  }

  /** Stops every clock a learner started. */
  async stopOwnedBy(s: Services, userId: string): Promise<void> {
    const mine = [...this.runs.values()].filter((r) => r.owner.userId === userId);
    await Promise.allSettled(mine.map((r) => this.stopAttempt(s, r.attemptId)));
  }

  /** Stores the seconds run as one `wait` step (nothing when none are pending). */
  private async store(s: Services, run: Run, attempt: LiveAttempt): Promise<void> {
    if (run.pending === 0) return;
    const seconds = run.pending;
    const report: StepReport = {
      index: attempt.version + 1,
      kind: 'wait',
      ok: true,
      counted: false,
      summary: `${seconds} s (the clock ran)`,
    };
    await storeStep(s, run.owner, attempt, { wait: seconds }, report, {
      snapshot: attempt.snapshot,
      runtime: attempt.runtime,
      bytes: attempt.bytes,
      changed: 'runtime',
    });
    run.pending = 0;
  }

  private end(s: Services, run: Run): void {
    if (run.timer) clearTimeout(run.timer);
    this.runs.delete(run.attemptId);
    s.attempts.pinned.delete(run.attemptId);
  }

  private schedule(s: Services, run: Run, delay: number): void {
    run.timer = setTimeout(() => {
      const started = Date.now();
      void s.attempts
        .exclusive(run.attemptId, () => this.tick(s, run))
        .catch((e: unknown) => s.log.warn({ err: e, attemptId: run.attemptId }, 'clock tick failed'))
        .finally(() => {
          if (this.runs.get(run.attemptId) === run && !this.closed)
            this.schedule(s, run, Math.max(0, this.limits.tickMs - (Date.now() - started)));
        });
    }, delay);
    run.timer.unref();
  }

  /** One simulated second, inside the attempt's queue. */
  private async tick(s: Services, run: Run): Promise<void> {
    if (this.runs.get(run.attemptId) !== run) return;
    const attempt = await s.attempts.get(run.attemptId, run.owner.userId);
    // rebuilt from the database meanwhile (another process changed it): what was not stored is gone
    if (run.last && attempt.snapshot !== run.last) run.pending = 0;
    if (attempt.sessionId) {
      const room = await s.rooms.get(attempt.sessionId);
      if (room.status !== 'running') {
        // a paused session keeps nothing: the seconds not stored are let go with the cached copy
        this.end(s, run);
        s.attempts.drop(attempt.id);
        const again = await s.attempts.get(run.attemptId, run.owner.userId);
        this.tell(
          s,
          again,
          room.status === 'paused'
            ? 'The session is paused: the clock stopped.'
            : 'The session has ended: the clock stopped.',
        );
        return;
      }
    }
    let outcome;
    try {
      outcome = await s.steps.run(
        {
          levelId: attempt.level.challenge.id,
          from: attempt.snapshot,
          replay: [],
          tick: { seconds: 1, first: run.pending === 0 },
          progress: attempt.sessionId === undefined ? false : attempt.progress ? 'on-change' : 'always',
        },
        { owner: run.owner.userId, deadlineMs: s.config.limits.stepDeadlineMs },
      );
    } catch (e) {
      await this.stop(s, attempt, `The clock stopped: ${toPublicError(runnerError(e, 'step')).message}`);
      return;
    }
    if (outcome.bytes > s.config.limits.snapshotBytes) {
      await this.stop(s, attempt, `The clock stopped: ${toPublicError(new AppError('NETWORK_TOO_LARGE')).message}`);
      return;
    }
    s.attempts.advance(attempt, attempt.version, outcome);
    run.last = attempt.snapshot;
    run.pending++;
    run.idle++;
    try {
      if (run.idle >= this.limits.idleSeconds) {
        await this.stop(
          s,
          attempt,
          `The clock paused by itself after ${this.limits.idleSeconds} s with nothing else happening. Run it again when you need it.`,
        );
        return;
      }
      // a daemon changed what AWS knows (a notify script's API call): store it now
      if (outcome.changed === 'topology' || run.pending >= this.limits.storeEvery) await this.store(s, run, attempt);
    } catch (e) {
      this.end(s, run);
      this.tell(s, attempt, `The clock stopped: ${toPublicError(e).message}`);
      return;
    }
    this.tell(s, attempt, undefined, outcome.changed === 'topology');
  }

  /** Tells everyone who plays the attempt where its clock is: the owner's pages, or the team's. */
  private tell(s: Services, attempt: LiveAttempt, notice?: string, withTopology = false): void {
    const tick: AttemptTick = {
      attemptId: attempt.id,
      version: attempt.version,
      clock: this.view(attempt.id),
      runtime: attempt.runtime,
      ...(withTopology || notice ? { topology: topologyView(attempt.level, attempt.snapshot.topology) } : {}),
      ...(notice ? { notice } : {}),
    };
    if (attempt.sessionId && attempt.teamId)
      s.bus.signal(attempt.sessionId, { teamId: attempt.teamId }, 'attempt:tick', tick);
    else s.bus.toUser(attempt.userId, 'attempt:tick', tick);
  }

  /** A session's room moved to another process: its clocks stop here, without storing. */
  forgetSession(s: Services, sessionId: string): void {
    for (const run of [...this.runs.values()]) if (s.attempts.sessionOf(run.attemptId) === sessionId) this.end(s, run);
  }

  /** On shutdown: every running clock stores what it ran, then stops. */
  async close(s: Services): Promise<void> {
    this.closed = true;
    await Promise.allSettled(
      [...this.runs.values()].map((run) =>
        s.attempts.exclusive(run.attemptId, async () => {
          const attempt = await s.attempts.get(run.attemptId, run.owner.userId);
          await this.stop(s, attempt, 'The server is restarting: the clock stopped.');
        }),
      ),
    );
  }
}
