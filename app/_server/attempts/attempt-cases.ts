import type { Prisma } from '@/src/generated/prisma/client';
import type { LiveEventBody } from '@/app/_shared/live-events';
import { AttemptRefSchema, NoPayloadSchema, StartAttemptSchema, UseHintSchema } from '@/app/_shared/protocol';
import type { AttemptView, GradeView, LevelView, RevealedHint } from '@/app/_shared/views';
import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import { isGradeDeadline } from '../grading/grader';
import { levelView } from '../levels/catalog';
import { assertRunning } from '../live/session-room';
import type { Services } from '../services';
import { validate } from '../validate';
import type { LiveAttempt } from './attempt-store';
import { attemptView, owned } from './attempt-access';
import { gradeView } from './views';

/** A session's attempt changes only while the session runs; its change is stored with the session's event. */
export async function commit(
  s: Services,
  attempt: LiveAttempt,
  event: LiveEventBody,
  writes: Prisma.PrismaPromise<unknown>[],
): Promise<void> {
  if (attempt.sessionId) await s.rooms.whileRunning(attempt.sessionId, (room) => s.rooms.append(room, event, writes));
  else await s.db.$transaction(writes);
}

async function refuseUnlessRunning(s: Services, attempt: LiveAttempt): Promise<void> {
  if (attempt.sessionId) assertRunning(await s.rooms.get(attempt.sessionId));
}

/** Lists the levels a learner can play. */
export function listLevels(s: Services, who: Principal | undefined, input?: unknown): LevelView[] {
  requireRole(who);
  validate(NoPayloadSchema, input);
  return [...s.levels.values()].map(levelView).sort((a, b) => a.order - b.order);
}

/** Starts a new attempt on a level, from its starting topology. */
export async function startAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { levelId } = validate(StartAttemptSchema, input);
  if (!s.levels.has(levelId)) throw new AppError('LEVEL_NOT_FOUND', { levelId });
  // starting over: a clock the learner left running on their last attempt stops, storing what it ran
  await s.clocks.stopOwnedBy(s, me.userId);
  const row = await s.db.attempt.create({ data: { userId: me.userId, levelId } });
  return attemptView(s, await s.attempts.get(row.id, me.userId), true);
}

export async function getAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return attemptView(s, await owned(s, me, attemptId, false), true);
}

/**
 * Opens the learner's attempt on a level from any device: their newest one (outside live
 * sessions), with its console and last trace, or a new one when they have none.
 */
export async function openAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { levelId } = validate(StartAttemptSchema, input);
  if (!s.levels.has(levelId)) throw new AppError('LEVEL_NOT_FOUND', { levelId });
  const newest = await s.db.attempt.findFirst({
    where: { userId: me.userId, levelId, sessionId: null },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (!newest) return startAttempt(s, who, input);
  return attemptView(s, await s.attempts.get(newest.id, me.userId), true);
}

/** Grades the attempt on the server: the only grade that counts. Stores it; keeps the best score. */
export async function gradeAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<GradeView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    await refuseUnlessRunning(s, attempt);
    // the grade reads the stored network: the seconds the clock ran are stored first
    await s.clocks.settle(s, attempt);
    const hints = await s.db.hintUse.findMany({ where: { attemptId } });
    const report = await s.grader
      .run(
        {
          levelId: attempt.level.challenge.id,
          topology: attempt.snapshot.topology,
          hintCosts: hints.map((h) => h.cost),
        },
        s.config.limits.gradeDeadlineMs,
      )
      .catch((e: unknown) => {
        throw new AppError(isGradeDeadline(e) ? 'GRADING_TOO_EXPENSIVE' : 'INTERNAL', undefined, undefined, {
          cause: e,
        });
      });
    const shown = gradeView(report);
    const { bestScore } = await s.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: { bestScore: true },
    });
    await commit(
      s,
      attempt,
      {
        kind: 'grade',
        userId: me.userId,
        name: me.displayName,
        teamId: attempt.teamId!,
        levelId: attempt.level.challenge.id,
        attemptId,
        score: report.score,
        maxScore: report.maxScore,
        complete: report.complete,
      },
      [
        s.db.grade.create({
          data: {
            attemptId,
            score: report.score,
            maxScore: report.maxScore,
            hintPenalty: report.hintPenalty,
            complete: report.complete,
            checks: shown.checks.map((c) => ({ id: c.id, visible: c.visible, passed: c.passed, earned: c.earned })),
          },
        }),
        s.db.attempt.update({ where: { id: attemptId }, data: { bestScore: Math.max(report.score, bestScore) } }),
      ],
    );
    return shown;
  });
}

/** Reveals a hint; its cost comes off the score from now on. Revealing it again costs nothing more. */
export async function useHint(s: Services, who: Principal | undefined, input: unknown): Promise<RevealedHint> {
  const me = requireRole(who);
  const { attemptId, index } = validate(UseHintSchema, input);
  const attempt = await owned(s, me, attemptId, true);
  const hint = attempt.level.challenge.hints[index];
  if (!hint) throw new AppError('HINT_NOT_FOUND', { index });
  return s.attempts.exclusive(attemptId, async () => {
    const seen = await s.db.hintUse.findUnique({ where: { attemptId_hintIndex: { attemptId, hintIndex: index } } });
    if (seen) return { index, cost: seen.cost, text: hint.text };
    await commit(
      s,
      attempt,
      {
        kind: 'hint',
        userId: me.userId,
        name: me.displayName,
        teamId: attempt.teamId!,
        levelId: attempt.level.challenge.id,
        attemptId,
        index,
        cost: hint.cost,
        pushed: false,
      },
      [s.db.hintUse.create({ data: { attemptId, hintIndex: index, cost: hint.cost } })],
    );
    return { index, cost: hint.cost, text: hint.text };
  });
}
