import { stepAllowed } from '@/engine/grade/permissions';
import { parseSteps, type LabStep } from '@/engine/lab/lab-file';
import { runStep } from '@/engine/lab/run-lab';
import type { Problem } from '@/engine/model/problems';
import {
  ApplyStepSchema,
  AttemptRefSchema,
  NoPayloadSchema,
  StartAttemptSchema,
  UseHintSchema,
} from '@/app/_shared/protocol';
import { requireRole } from '../auth/sign-in';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import type { AttemptView, GradeView, LevelView, RevealedHint, StepView } from '@/app/_shared/views';
import { levelView, topologyView } from '../levels/catalog';
import type { Services } from '../services';
import { validate } from '../validate';
import type { LiveAttempt } from './attempt-store';
import { gradeView } from './views';
import type { LiveEventBody } from '@/app/_shared/live-events';
import type { Prisma } from '@/src/generated/prisma/client';
import { assertRunning } from '../live/session-room';

/**
 * Only the attempt's owner plays it, or in a live session the team that owns it; instructors
 * may look at anyone's. Anyone else is told it does not exist.
 */
async function owned(s: Services, who: Principal, attemptId: string, forWriting: boolean): Promise<LiveAttempt> {
  const attempt = await s.attempts.get(attemptId);
  const player =
    attempt.sessionId && attempt.teamId
      ? (await s.rooms.get(attempt.sessionId)).members.get(who.userId) === attempt.teamId
      : attempt.userId === who.userId;
  if (!player && (forWriting || who.role !== 'instructor')) throw new AppError('ATTEMPT_NOT_FOUND');
  return attempt;
}

/** A session's attempt changes only while the session runs; its change is stored with the session's event. */
async function commit(
  s: Services,
  attempt: LiveAttempt,
  event: LiveEventBody,
  writes: Prisma.PrismaPromise<unknown>[],
): Promise<void> {
  if (attempt.sessionId) await s.rooms.whileRunning(attempt.sessionId, (room) => s.rooms.append(room, event, writes));
  else await s.db.$transaction(writes);
}

/**
 * Checks passed now, hidden ones included (the dashboard shows progress between grades): off
 * the event loop, on this process's own threads, since a teammate waits for the step.
 */
function progress(s: Services, a: LiveAttempt): Promise<{ passed: number; total: number }> {
  return s.grader.runLocal({
    kind: 'progress',
    levelId: a.level.challenge.id,
    topology: a.session.control.topology,
    hints: [],
  });
}

async function refuseUnlessRunning(s: Services, attempt: LiveAttempt): Promise<void> {
  if (attempt.sessionId) assertRunning(await s.rooms.get(attempt.sessionId));
}

export async function attemptView(s: Services, a: LiveAttempt): Promise<AttemptView> {
  const [hints, row] = await Promise.all([
    s.db.hintUse.findMany({ where: { attemptId: a.id }, orderBy: { hintIndex: 'asc' } }),
    s.db.attempt.findUniqueOrThrow({ where: { id: a.id }, select: { bestScore: true } }),
  ]);
  return {
    attemptId: a.id,
    level: levelView(a.level),
    version: a.version,
    topology: topologyView(a.level, a.session.control.topology),
    steps: a.actions.length,
    hintsUsed: hints.map((h) => ({
      index: h.hintIndex,
      cost: h.cost,
      text: a.level.challenge.hints[h.hintIndex]?.text ?? '',
    })),
    bestScore: row.bestScore,
  };
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
  const row = await s.db.attempt.create({ data: { userId: me.userId, levelId, actions: [] } });
  const attempt = await s.attempts.get(row.id);
  return attemptView(s, attempt);
}

export async function getAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return attemptView(s, await owned(s, me, attemptId, false));
}

/**
 * Applies one step (a change or an experiment): validated, checked against what the level
 * allows, run by the engine, persisted before it is acknowledged. A refused step changes
 * nothing; an AWS or shell refusal comes back as the tool's own output. The reply carries the
 * attempt as it now is, so the page needs no second round trip to redraw.
 */
export async function applyStep(s: Services, who: Principal | undefined, input: unknown): Promise<StepView> {
  const me = requireRole(who);
  const { attemptId, step: raw, version } = validate(ApplyStepSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    if (version !== undefined && version !== attempt.version)
      throw new AppError('STALE_VERSION', { current: attempt.version });
    const problems: Problem[] = [];
    const [step] = parseSteps([raw], 'step', problems) as (LabStep | undefined)[];
    if (!step || problems.length > 0) {
      const where = problems.map((p) => ({ ...p, path: p.path.replace(/^step\[0\]/, 'step') }));
      throw new AppError(
        'INVALID_INPUT',
        where,
        `Invalid step: ${where.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      );
    }
    const topo = attempt.session.control.network;
    const ids = new Set([...topo.instances.keys(), ...topo.enis.keys()]);
    const permission = stepAllowed(attempt.level.challenge.allowed, step, ids);
    if (!permission.ok) throw new AppError('NOT_ALLOWED_IN_LEVEL', { reason: permission.reason }, permission.reason);
    await refuseUnlessRunning(s, attempt);
    const report = runStep(attempt.session, { ...step, index: attempt.actions.length + 1 });
    const actions = [...attempt.actions, raw];
    const nextVersion = attempt.version + 1;
    try {
      const checks = attempt.sessionId ? await progress(s, attempt) : { passed: 0, total: 0 };
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
          attemptVersion: nextVersion,
          step: raw,
          ok: report.ok,
          summary: report.summary,
          ...(report.drop ? { dropCode: report.drop.code } : {}),
          checksPassed: checks.passed,
          checksTotal: checks.total,
        },
        [
          s.db.attempt.update({
            where: { id: attemptId },
            data: { actions: actions as object[], version: nextVersion },
          }),
        ],
      );
    } catch (e) {
      // the engine already ran the step in memory: forget that copy, the database is the truth
      s.attempts.drop(attemptId);
      throw e instanceof AppError ? e : new AppError('INTERNAL');
    }
    attempt.actions = actions;
    attempt.version = nextVersion;
    return { report, version: attempt.version, attempt: await attemptView(s, attempt) };
  });
}

/** Grades the attempt on the server: the only grade that counts. Stores it; keeps the best score. */
export async function gradeAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<GradeView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    await refuseUnlessRunning(s, attempt);
    const hints = await s.db.hintUse.findMany({ where: { attemptId } });
    const report = await s.grader.run({
      kind: 'grade',
      levelId: attempt.level.challenge.id,
      topology: attempt.session.control.topology,
      hints: hints.map((h) => h.hintIndex),
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
