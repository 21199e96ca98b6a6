import { buildNetwork } from '../network/build-network';
import { cloneData } from '../model/clone';
import type { Problem } from '../model/problems';
import type { Topology } from '../model/topology';
import type { LabFile, LabStep } from '../lab/lab-file';
import { loadLab } from '../lab/load-lab';
import type { StepReport } from '../lab/report';
import { runStep, startSession, type LabSession } from '../lab/run-lab';
import type { Challenge, Check } from './challenge';
import { totalPoints } from './points';

/** One check's outcome. Hidden checks never carry their steps or traces out of the server. */
export interface CheckResult {
  id: string;
  visible: boolean;
  points: number;
  earned: number;
  passed: boolean;
  /** false when a check it requires failed: it cannot score (level briefs, `requires`) */
  requiresMet: boolean;
  /** the checks it requires that did not pass (ids, in order): why a passing check earned nothing */
  waitingOn: string[];
  feedback: string;
  steps: StepReport[];
}

export interface GradeReport {
  levelId: string;
  score: number;
  maxScore: number;
  hintPenalty: number;
  checks: CheckResult[];
  /** every check passed */
  complete: boolean;
}

/** A learner's session on a level: the level's start (and setup steps) ready for actions. */
export function startAttempt(
  challenge: Challenge,
): { ok: true; session: LabSession; setup: StepReport[] } | { ok: false; problems: Problem[] } {
  const loaded = loadLab(challenge.lab);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  const session = startSession(loaded.loaded);
  const setup = challenge.lab.steps.map((s) => runStep(session, s));
  return { ok: true, session, setup };
}

/** Replays a learner's steps on a fresh attempt: the server rebuilds an attempt this way after a restart. */
export function replayAttempt(
  challenge: Challenge,
  actions: LabStep[],
): { ok: true; session: LabSession; reports: StepReport[] } | { ok: false; problems: Problem[] } {
  const started = startAttempt(challenge);
  if (!started.ok) return started;
  const reports = actions.map((a) => runStep(started.session, a));
  return { ok: true, session: started.session, reports };
}

/**
 * Grades a submitted attempt: the checks run in order on a copy of its topology, with the
 * clock at 0, every instance running as configured and every daemon freshly started;
 * `fail`, `wait` and `recover` carry forward from check to check (level briefs). `hintCosts`
 * are what each hint revealed so far was charged: its cost, or nothing for one an instructor
 * pushed (the server keeps what each cost).
 */
export function evaluate(challenge: Challenge, attempt: Topology, hintCosts: readonly number[] = []): GradeReport {
  const results = runChecks(attempt, challenge.checks, challenge.lab);
  const earned = results.reduce((n, r) => n + r.earned, 0);
  const hintPenalty = hintCosts.reduce((n, c) => n + c, 0);
  return {
    levelId: challenge.id,
    score: Math.max(0, earned - hintPenalty),
    maxScore: totalPoints(challenge.checks),
    hintPenalty,
    checks: results,
    complete: results.every((r) => r.passed),
  };
}

/**
 * Runs checks in order on a copy of a topology: clock at 0, daemons fresh, nothing crashed.
 * The server grades with every check; the browser previews the visible ones with this too.
 */
export function runChecks(
  attempt: Topology,
  checks: Check[],
  lab: LabFile = { title: 'checks', steps: [] },
): CheckResult[] {
  const topology = cloneData(attempt);
  for (const inst of topology.instances) {
    inst.os.daemonAddresses = [];
    inst.os.daemonRoutes = [];
  }
  const built = buildNetwork(topology);
  if (!built.ok) return checks.map((c) => result(c, false, c.requires, []));
  const session = startSession({ lab, network: built.network, warnings: [] });
  const passed = new Set<string>();
  return checks.map((check) => {
    const steps = check.steps.map((s) => runStep(session, s));
    const ok = steps.every((s) => s.ok);
    const waitingOn = check.requires.filter((r) => !passed.has(r));
    if (ok) passed.add(check.id);
    return result(check, ok, waitingOn, steps);
  });
}

function result(check: Check, passed: boolean, waitingOn: string[], steps: StepReport[]): CheckResult {
  const requiresMet = waitingOn.length === 0;
  return {
    id: check.id,
    visible: check.visible,
    points: check.points,
    earned: passed && requiresMet ? check.points : 0,
    passed,
    requiresMet,
    waitingOn,
    feedback: check.feedback,
    steps,
  };
}
