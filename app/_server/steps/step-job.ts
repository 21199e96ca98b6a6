import type { Challenge } from '@/engine/grade/challenge';
import { evaluate, startAttempt } from '@/engine/grade/evaluate';
import { parseSteps, type LabStep } from '@/engine/lab/lab-file';
import type { StepReport } from '@/engine/lab/report';
import { continueWait, runStep, type LabSession } from '@/engine/lab/run-lab';
import { runtimeView, type RuntimeView } from '@/engine/lab/runtime-view';
import { restoreSession, snapshotSession, type SessionSnapshot } from '@/engine/lab/session-snapshot';
import type { Problem } from '@/engine/model/problems';
import { runExploreJob, type ExploreJob, type ExploreOutcome } from '../explore/explore-job';

/**
 * One piece of attempt work, as plain data so it crosses to a worker thread: start from a
 * snapshot (or the level's start), replay stored steps (a rebuild), then maybe run one new step.
 */
export interface StepJob {
  levelId: string;
  /** where to start; null: the level's starting network and its setup steps */
  from: SessionSnapshot | null;
  /** stored steps to replay first, in order (they were validated when accepted) */
  replay: unknown[];
  /** the new step, already validated and allowed, and its index as the console numbers it */
  step?: { raw: unknown; index: number };
  /**
   * or: the running clock's next seconds, not a stored step (they are stored as one `wait` when
   * the clock stops); `first` starts the run's experiment, as a `wait` step would
   */
  tick?: { seconds: number; first: boolean };
  /**
   * count the checks passing afterwards, hidden ones included (a live session's dashboard):
   * `always`, or `on-change` (only when the topology changed: the checks read nothing else)
   */
  progress: false | 'always' | 'on-change';
}

/**
 * The topology as AWS records it and the guests are configured: without what daemons set at run
 * time (a VIP a keepalived master holds, routes bgpd installed), which is runtime state.
 */
function configured(session: LabSession): string {
  return JSON.stringify(session.control.topology, (key, value: unknown) =>
    key === 'daemonAddresses' || key === 'daemonRoutes' ? undefined : value,
  );
}

/**
 * What changed: nothing (a look, a refused call), the runtime (time, caches, captures, what
 * daemons hold), or the topology (an API call, a guest's configuration).
 */
export type StepChange = 'nothing' | 'runtime' | 'topology';

export interface StepOutcome {
  snapshot: SessionSnapshot;
  /** what time and the daemons did, for the page's clock, timeline and diagram badges */
  runtime: RuntimeView;
  /** the snapshot's size as JSON, in bytes */
  bytes: number;
  report?: StepReport;
  changed: StepChange;
  progress?: { passed: number; total: number };
}

/** Why a job could not run; `code` lets the caller fall back (an unusable checkpoint is rebuilt from the steps). */
export class StepJobError extends Error {
  constructor(
    readonly code: 'LEVEL_MISSING' | 'CHECKPOINT_UNUSABLE' | 'LEVEL_UNUSABLE',
    message: string,
  ) {
    super(message);
  }
}

function parseOne(raw: unknown, index: number): LabStep {
  const problems: Problem[] = [];
  const [step] = parseSteps([raw], 'step', problems);
  if (!step) throw new StepJobError('LEVEL_UNUSABLE', `a stored step no longer parses: ${problems[0]?.message ?? ''}`);
  return { ...step, index };
}

function begin(challenge: Challenge, from: SessionSnapshot | null): LabSession {
  if (from) {
    const restored = restoreSession(from);
    if (!restored.ok) throw new StepJobError('CHECKPOINT_UNUSABLE', restored.problems[0]?.message ?? 'unusable');
    return restored.session;
  }
  const started = startAttempt(challenge);
  if (!started.ok) throw new StepJobError('LEVEL_UNUSABLE', `the level ${challenge.id} no longer loads`);
  return started.session;
}

/** Runs a job against the levels this thread loaded. Pure: the same job gives the same outcome anywhere. */
export function runStepJob(levels: ReadonlyMap<string, Challenge>, job: StepJob): StepOutcome {
  const challenge = levels.get(job.levelId);
  if (!challenge) throw new StepJobError('LEVEL_MISSING', `no level ${job.levelId} here`);
  const session = begin(challenge, job.from);
  job.replay.forEach((raw, i) => runStep(session, parseOne(raw, i + 1)));
  let report: StepReport | undefined;
  let changed: StepChange = 'nothing';
  let before: { topology: string; all: string } | undefined;
  if (job.step || job.tick) {
    before = { topology: configured(session), all: JSON.stringify(snapshotSession(session)) };
    if (job.step) report = runStep(session, parseOne(job.step.raw, job.step.index));
    else continueWait(session, job.tick!.seconds, job.tick!.first);
  }
  const snapshot = snapshotSession(session);
  const text = JSON.stringify(snapshot);
  if (before && text !== before.all) changed = configured(session) === before.topology ? 'runtime' : 'topology';
  const outcome: StepOutcome = { snapshot, runtime: runtimeView(session), bytes: text.length, changed };
  if (report) outcome.report = report;
  if (job.progress === 'always' || (job.progress === 'on-change' && changed === 'topology')) {
    const graded = evaluate(challenge, session.control.topology, []);
    outcome.progress = { passed: graded.checks.filter((c) => c.passed).length, total: graded.checks.length };
  }
  return outcome;
}

/** What a step thread runs: an attempt's step job, or work on an uploaded account. */
export type WorkerJob = StepJob | ExploreJob;
export type OutcomeOf<J extends WorkerJob> = J extends ExploreJob ? ExploreOutcome : StepOutcome;

export function runWorkerJob(levels: ReadonlyMap<string, Challenge>, job: WorkerJob): StepOutcome | ExploreOutcome {
  return 'explore' in job ? runExploreJob(job) : runStepJob(levels, job);
}
