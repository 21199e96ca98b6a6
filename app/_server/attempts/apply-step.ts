import { learnerStepProblems } from '@/engine/grade/learner-limits';
import { judgePrediction } from '@/engine/grade/prediction';
import { stepAllowed } from '@/engine/grade/permissions';
import { permissionContext } from '@/engine/grade/permission-context';
import { parseSteps, type LabStep } from '@/engine/lab/lab-file';
import type { Problem } from '@/engine/model/problems';
import { ApplyStepSchema } from '@/app/_shared/protocol';
import type { StepView } from '@/app/_shared/views';
import { requireRole } from '../auth/require-role';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import type { Services } from '../services';
import type { StepOutcome } from '../steps/step-job';
import { validate } from '../validate';
import { attemptView, owned } from './attempt-access';
import { consoleLabel, recordConsole } from './console-log';
import { storeStep } from './store-step';
import { runnerError, type LiveAttempt } from './attempt-store';

/** A learner's step as the engine reads it, or every reason it is not one (schema, then learner limits). */
function parseLearnerStep(raw: Record<string, unknown>): LabStep {
  const problems: Problem[] = [];
  const [step] = parseSteps([raw], 'step', problems) as (LabStep | undefined)[];
  const where = [
    ...problems.map((p) => ({ ...p, path: p.path.replace(/^step\[0\]/, 'step') })),
    ...(step ? learnerStepProblems(step) : []),
  ];
  if (!step || where.length > 0)
    throw new AppError(
      'INVALID_INPUT',
      where,
      `Invalid step: ${where.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  return step;
}

/** Runs the step on a step thread, with the learner's turn and the step deadline; nothing here is changed yet. */
async function run(s: Services, me: Principal, attempt: LiveAttempt, raw: unknown): Promise<StepOutcome> {
  try {
    return await s.steps.run(
      {
        levelId: attempt.level.challenge.id,
        from: attempt.snapshot,
        replay: [],
        step: { raw, index: attempt.version + 1 },
        progress: attempt.sessionId === undefined ? false : attempt.progress ? 'on-change' : 'always',
      },
      { owner: me.userId, deadlineMs: s.config.limits.stepDeadlineMs },
    );
  } catch (e) {
    throw runnerError(e, 'step');
  }
}

/**
 * Applies one step (a change or an experiment): validated, held to what the level allows and
 * to a learner's limits, run on a step thread within its deadline, and stored (one row,
 * appended) before it is acknowledged. What changes nothing (a look, a refused AWS call) is
 * answered and not stored. While a session is paused or ended, experiments still run ("you can
 * look around") and are not kept; a change is refused. A step that is refused, or runs past its
 * deadline, changes nothing.
 */
export async function applyStep(s: Services, who: Principal | undefined, input: unknown): Promise<StepView> {
  const me = requireRole(who);
  const { attemptId, step: raw, version, prediction } = validate(ApplyStepSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    if (version !== undefined && version !== attempt.version)
      throw new AppError('STALE_VERSION', { current: attempt.version });
    const step = parseLearnerStep(raw);
    if (prediction && !(step.kind === 'expect' && step.form === 'flow')) {
      const where = {
        path: 'prediction',
        message: 'a prediction goes with a traffic test (an expect with from and to)',
      };
      throw new AppError('INVALID_INPUT', [where], `Invalid step: ${where.path}: ${where.message}`);
    }
    // seconds the running clock ran are stored first: the step lands at the instant the page showed
    await s.clocks.settle(s, attempt);
    const label = consoleLabel(step);
    const permission = stepAllowed(attempt.level.challenge.allowed, step, permissionContext(attempt.snapshot.topology));
    if (!permission.ok) {
      // the refusal is what the console showed: it is kept with the attempt like any output
      const entry = await recordConsole(s, me, attempt, label, { output: permission.reason, ok: false });
      throw new AppError(
        'NOT_ALLOWED_IN_LEVEL',
        { reason: permission.reason, ...(entry ? { consoleEntryId: entry.id } : {}) },
        permission.reason,
      );
    }
    const outcome = await run(s, me, attempt, raw);
    const report = outcome.report!;
    const judged = prediction ? judgePrediction(prediction, report) : undefined;
    const said = (notice?: string) =>
      recordConsole(s, me, attempt, label, {
        output: `${report.output ?? report.error ?? report.summary}${notice ? `\n(${notice})` : ''}`,
        // a traffic test that shows the drop it expected is not a failure of the console
        ok: report.ok || report.kind === 'expect',
        report,
      });
    /** The answer: what the step did, the attempt at `version`, and its console entry. */
    const answer = async (version: number, notice?: string): Promise<StepView> => {
      const entry = await said(notice);
      return {
        report,
        version,
        attempt: await attemptView(s, attempt),
        ...(notice ? { notice } : {}),
        ...(entry ? { entry } : {}),
        ...(judged ? { prediction: judged } : {}),
      };
    };
    if (outcome.changed === 'nothing') return answer(attempt.version);
    const room = attempt.sessionId ? await s.rooms.get(attempt.sessionId) : undefined;
    if (room && room.status !== 'running') {
      if (outcome.changed === 'topology')
        throw new AppError(room.status === 'paused' ? 'SESSION_PAUSED' : 'SESSION_ENDED');
      return answer(
        attempt.version,
        room.status === 'paused'
          ? 'The session is paused: this experiment ran, and nothing it did is kept.'
          : 'The session has ended: this experiment ran, and nothing it did is kept.',
      );
    }
    return answer(await storeStep(s, me, attempt, raw, report, outcome, judged));
  });
}
