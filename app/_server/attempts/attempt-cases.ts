import { evaluate } from '@/engine/grade/evaluate';
import { stepAllowed } from '@/engine/grade/permissions';
import { parseSteps, type LabStep } from '@/engine/lab/lab-file';
import { runStep } from '@/engine/lab/run-lab';
import type { Problem } from '@/engine/model/problems';
import { ApplyStepSchema, AttemptRefSchema, ListLevelsSchema, StartAttemptSchema, UseHintSchema } from '@/app/_shared/protocol';
import { requireRole } from '../auth/sign-in';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import type { AttemptView, GradeView, LevelView, RevealedHint, StepView } from '@/app/_shared/views';
import { levelView, topologyView } from '../levels/catalog';
import type { Services } from '../services';
import { validate } from '../validate';
import type { LiveAttempt } from './attempt-store';
import { gradeView } from './views';

/** Only the attempt's owner plays it; instructors may look at anyone's. */
async function owned(s: Services, who: Principal, attemptId: string, forWriting: boolean): Promise<LiveAttempt> {
  const attempt = await s.attempts.get(attemptId);
  if (attempt.userId !== who.userId && (forWriting || who.role !== 'instructor')) throw new AppError('ATTEMPT_NOT_FOUND');
  return attempt;
}

async function view(s: Services, a: LiveAttempt): Promise<AttemptView> {
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
    hintsUsed: hints.map((h) => ({ index: h.hintIndex, cost: h.cost, text: a.level.challenge.hints[h.hintIndex]?.text ?? '' })),
    bestScore: row.bestScore,
  };
}

/** Lists the levels a learner can play. */
export function listLevels(s: Services, who: Principal | undefined, input?: unknown): LevelView[] {
  requireRole(who);
  validate(ListLevelsSchema, input);
  return [...s.levels.values()].map(levelView).sort((a, b) => a.order - b.order);
}

/** Starts a new attempt on a level, from its starting topology. */
export async function startAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { levelId } = validate(StartAttemptSchema, input);
  if (!s.levels.has(levelId)) throw new AppError('LEVEL_NOT_FOUND', { levelId });
  const row = await s.db.attempt.create({ data: { userId: me.userId, levelId, actions: [] } });
  const attempt = await s.attempts.get(row.id);
  return view(s, attempt);
}

export async function getAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return view(s, await owned(s, me, attemptId, false));
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
    if (version !== undefined && version !== attempt.version) throw new AppError('STALE_VERSION', { current: attempt.version });
    const problems: Problem[] = [];
    const [step] = parseSteps([raw], 'step', problems) as (LabStep | undefined)[];
    if (!step || problems.length > 0) {
      const where = problems.map((p) => ({ ...p, path: p.path.replace(/^step\[0\]/, 'step') }));
      throw new AppError('INVALID_INPUT', where, `Invalid step: ${where.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    }
    const topo = attempt.session.control.network;
    const ids = new Set([...topo.instances.keys(), ...topo.enis.keys()]);
    const permission = stepAllowed(attempt.level.challenge.allowed, step, ids);
    if (!permission.ok) throw new AppError('NOT_ALLOWED_IN_LEVEL', { reason: permission.reason }, permission.reason);
    const report = runStep(attempt.session, { ...step, index: attempt.actions.length + 1 });
    const actions = [...attempt.actions, raw];
    try {
      await s.db.attempt.update({ where: { id: attemptId }, data: { actions: actions as object[], version: attempt.version + 1 } });
    } catch {
      s.attempts.drop(attemptId);
      throw new AppError('INTERNAL');
    }
    attempt.actions = actions;
    attempt.version += 1;
    return { report, version: attempt.version, attempt: await view(s, attempt) };
  });
}

/** Grades the attempt on the server: the only grade that counts. Stores it; keeps the best score. */
export async function gradeAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<GradeView> {
  const me = requireRole(who);
  const { attemptId } = validate(AttemptRefSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    const hints = await s.db.hintUse.findMany({ where: { attemptId } });
    const report = evaluate(attempt.level.challenge, attempt.session.control.topology, hints.map((h) => h.hintIndex));
    const shown = gradeView(report);
    const { bestScore } = await s.db.attempt.findUniqueOrThrow({ where: { id: attemptId }, select: { bestScore: true } });
    await s.db.$transaction([
      s.db.grade.create({ data: { attemptId, score: report.score, maxScore: report.maxScore, hintPenalty: report.hintPenalty, complete: report.complete, checks: shown.checks.map((c) => ({ id: c.id, visible: c.visible, passed: c.passed, earned: c.earned })) } }),
      s.db.attempt.update({ where: { id: attemptId }, data: { bestScore: Math.max(report.score, bestScore) } }),
    ]);
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
  await s.db.hintUse.upsert({ where: { attemptId_hintIndex: { attemptId, hintIndex: index } }, create: { attemptId, hintIndex: index, cost: hint.cost }, update: {} });
  return { index, cost: hint.cost, text: hint.text };
}
