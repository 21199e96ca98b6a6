import { replayAttempt } from '@/engine/grade/evaluate';
import { parseSteps, type LabStep } from '@/engine/lab/lab-file';
import type { LabSession } from '@/engine/lab/run-lab';
import type { Problem } from '@/engine/model/problems';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import type { LevelFiles } from '../levels/level-files';

/** An attempt being played: its row's identity and the engine session its steps built. */
export interface LiveAttempt {
  id: string;
  userId: string;
  /** set when the attempt belongs to a live session's team */
  sessionId?: string;
  teamId?: string;
  level: LevelFiles;
  version: number;
  actions: unknown[];
  session: LabSession;
}

/**
 * Live attempts, rebuilt from the database on demand: a restart loses nothing, because an
 * attempt is its level plus the steps stored in order, replayed by the deterministic engine.
 * Work on one attempt runs one call at a time.
 */
export class AttemptStore {
  private readonly live = new Map<string, LiveAttempt>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /**
   * With several processes, an attempt played outside a session may have been changed through
   * another one (a reconnect lands anywhere): check the stored version before trusting the cache.
   * Session attempts need no check: only the process that holds the session's room touches them.
   */
  verifyFreshness = false;

  constructor(
    private readonly db: Db,
    private readonly levels: ReadonlyMap<string, LevelFiles>,
  ) {}

  /** Runs `work` after every earlier call on the same attempt has finished. */
  exclusive<T>(attemptId: string, work: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(attemptId) ?? Promise.resolve();
    const next = prev.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(attemptId, settled);
    void settled.then(() => {
      if (this.queues.get(attemptId) === settled) this.queues.delete(attemptId);
    });
    return next;
  }

  async get(attemptId: string): Promise<LiveAttempt> {
    const cached = this.live.get(attemptId);
    if (cached && (!this.verifyFreshness || cached.sessionId)) return cached;
    if (cached) {
      const row = await this.db.attempt.findUnique({ where: { id: attemptId }, select: { version: true } });
      if (row?.version === cached.version) return cached;
      this.live.delete(attemptId);
    }
    const row = await this.db.attempt.findUnique({ where: { id: attemptId } });
    if (!row) throw new AppError('ATTEMPT_NOT_FOUND');
    const level = this.levels.get(row.levelId);
    if (!level) throw new AppError('LEVEL_NOT_FOUND');
    const actions = Array.isArray(row.actions) ? (row.actions as unknown[]) : [];
    const replay = replayAttempt(level.challenge, parseStored(actions));
    if (!replay.ok) throw new AppError('INTERNAL', undefined, `the level ${level.challenge.id} no longer loads`);
    const attempt: LiveAttempt = {
      id: row.id,
      userId: row.userId,
      ...(row.sessionId && row.teamId ? { sessionId: row.sessionId, teamId: row.teamId } : {}),
      level,
      version: row.version,
      actions,
      session: replay.session,
    };
    this.live.set(attemptId, attempt);
    return attempt;
  }

  /** Forgets the in-memory copy (after a failed write, so the database stays the truth). */
  drop(attemptId: string): void {
    this.live.delete(attemptId);
  }

  /** Forgets every cached attempt of a session (its room moved to or from this process). */
  forgetSession(sessionId: string): void {
    for (const [id, a] of this.live) if (a.sessionId === sessionId) this.live.delete(id);
  }
}

/** Steps as stored are the learner's own step objects; they were validated when accepted. */
export function parseStored(actions: unknown[]): LabStep[] {
  const problems: Problem[] = [];
  return parseSteps(actions, 'actions', problems);
}
