import type { StepReport } from '@/engine/lab/report';
import type { JudgedPrediction } from '@/engine/grade/prediction';
import type { Prisma } from '@/src/generated/prisma/client';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import type { Services } from '../services';
import type { StepOutcome } from '../steps/step-job';
import { commit } from './attempt-cases';
import type { LiveAttempt } from './attempt-store';

/**
 * Stores a step that changed the attempt (one row, appended; a checkpoint every so often) with
 * its live session's event, before anyone is told, and moves the cached attempt on. A step
 * past the attempt's limits is refused; a write that fails leaves the database as it was and
 * forgets the cached copy. Returns the attempt's new version.
 */
export async function storeStep(
  s: Services,
  me: Principal,
  attempt: LiveAttempt,
  raw: Record<string, unknown>,
  report: StepReport,
  outcome: StepOutcome,
  /** the learner's guess before a traffic test, beside what happened: kept with the step */
  prediction?: JudgedPrediction,
): Promise<number> {
  const limits = s.config.limits;
  if (attempt.version >= limits.stepsPerAttempt)
    throw new AppError(
      'STEP_LIMIT',
      { limit: limits.stepsPerAttempt },
      `This attempt has reached ${limits.stepsPerAttempt} steps, the most one attempt keeps. Reset the level to start a fresh attempt; your best score stays.`,
    );
  if (outcome.bytes > limits.snapshotBytes)
    throw new AppError('NETWORK_TOO_LARGE', { bytes: outcome.bytes, limit: limits.snapshotBytes });
  const attemptId = attempt.id;
  const next = attempt.version + 1;
  const writes: Prisma.PrismaPromise<unknown>[] = [
    s.db.attemptStep.create({
      data: {
        attemptId,
        seq: next,
        step: raw as Prisma.InputJsonValue,
        ...(prediction ? { prediction: prediction as unknown as Prisma.InputJsonValue } : {}),
      },
    }),
    // fenced on the version this step was run against: a second writer changes nothing
    s.db.attempt.update({ where: { id: attemptId, version: attempt.version }, data: { version: next } }),
    ...(next % s.attempts.limits.checkpointEvery === 0
      ? [s.attempts.checkpointWrite(attemptId, next, outcome.snapshot)]
      : []),
  ];
  const progress = outcome.progress ?? attempt.progress;
  try {
    await commit(
      s,
      attempt,
      {
        kind: 'step',
        userId: me.userId,
        name: me.displayName,
        teamId: attempt.teamId!,
        levelId: attempt.level.challenge.id,
        attemptId,
        attemptVersion: next,
        step: raw,
        ok: report.ok,
        summary: report.summary,
        ...(report.drop ? { dropCode: report.drop.code } : {}),
        ...(prediction ? { prediction } : {}),
        checksPassed: progress?.passed ?? 0,
        checksTotal: progress?.total ?? 0,
      },
      writes,
    );
  } catch (e) {
    // the database is the truth: forget what this process holds of the attempt
    s.attempts.drop(attemptId);
    throw e instanceof AppError ? e : new AppError('INTERNAL', undefined, undefined, { cause: e });
  }
  s.attempts.advance(attempt, next, outcome);
  return next;
}
