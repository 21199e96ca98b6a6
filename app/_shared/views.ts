import type { Challenge, Check } from '@/engine/grade/challenge';
import type { JudgedPrediction } from '@/engine/grade/prediction';
import type { StepReport } from '@/engine/lab/report';
import type { Topology } from '@/engine/model/topology';
import type { RuntimeView } from '@/engine/lab/runtime-view';

export type { RuntimeView } from '@/engine/lab/runtime-view';

/** The attempt's clock: whether it runs now, and who started it (a teammate, in a team). */
export interface ClockView {
  running: boolean;
  by?: string;
}

/** What a running clock pushes each second to everyone who plays the attempt. */
export interface AttemptTick {
  attemptId: string;
  version: number;
  clock: ClockView;
  runtime: RuntimeView;
  /** the network, when a daemon changed it (a notify script's API call), or with a notice */
  topology?: Topology;
  /** why the clock stopped by itself */
  notice?: string;
}

/**
 * What the server sends a learner, as types both sides share: the server builds these
 * (app/_server/levels/catalog.ts, attempts/views.ts) and the play page reads them.
 */

/** What a learner may know of a level: everything but hidden checks, solutions and unused hints. */
export interface LevelView extends Pick<
  Challenge,
  'id' | 'title' | 'order' | 'summary' | 'minutes' | 'buildsOn' | 'track' | 'allowed' | 'hidePublicAddresses'
> {
  briefing: string;
  maxScore: number;
  /** visible checks in full (their steps let the browser preview them with the engine) */
  visibleChecks: Omit<Check, 'visible'>[];
  hiddenChecks: { count: number; points: number };
  hints: { index: number; cost: number }[];
  /** an imported level's describe-* files (paths; GET /levels/{levelId}/snapshot has their text) */
  snapshot?: string[];
}

/** An attempt as its owner sees it: the level, the current network and the hints revealed. */
export interface AttemptView {
  attemptId: string;
  level: LevelView;
  version: number;
  /** the network now (level 1 leaves public addresses out: the learner finds them) */
  topology: Topology;
  /** simulated time and what the daemons did: the clock, the timeline, the diagram's badges */
  runtime: RuntimeView;
  clock: ClockView;
  steps: number;
  hintsUsed: RevealedHint[];
  bestScore: number;
  /** the traffic sessions open in the attempt (named flows), oldest first */
  flows: string[];
  /** what the console showed, oldest first (the newest few dozen), when the attempt is opened */
  console?: ConsoleEntryView[];
  /** the newest traffic test's report, for the trace viewer, when the attempt is opened */
  lastTrace?: StepReport;
}

/** One command the attempt's console ran: who ran it, on what, and what it printed. */
export interface ConsoleEntryView {
  id: number;
  /** `aws`, an instance id, `traffic`, `simulator` */
  target: string;
  command: string;
  output: string;
  ok: boolean;
  /** who ran it (a teammate's commands show their name) */
  by: { userId: string; name: string };
}

/** A console entry pushed to the attempt's other pages (the learner's other tabs, the team). */
export interface AttemptConsole {
  attemptId: string;
  entry: ConsoleEntryView;
  /** the traffic test's report, when the entry has a trace */
  report?: StepReport;
}

export interface RevealedHint {
  index: number;
  cost: number;
  text: string;
}

/** One applied step: what it did, and the attempt after it. */
export interface StepView {
  report: StepReport;
  version: number;
  attempt: AttemptView;
  /** said when the step ran but was not kept (a paused session: look, but change nothing) */
  notice?: string;
  /** the console entry the step left */
  entry?: ConsoleEntryView;
  /** a traffic test the learner predicted: the guess beside what happened */
  prediction?: JudgedPrediction;
}

/** A check as the learner sees it: a visible check with its steps and traces; a hidden one as pass/fail and its hint. */
export type CheckView =
  | {
      id: string;
      visible: true;
      points: number;
      earned: number;
      passed: boolean;
      requiresMet: boolean;
      /** checks it requires that did not pass: visible ones by id, hidden ones as "hidden check 2" */
      waitingOn?: string[];
      feedback: string;
      steps: StepReport[];
    }
  | {
      id: string;
      visible: false;
      points: number;
      earned: number;
      passed: boolean;
      requiresMet: boolean;
      waitingOn?: string[];
      feedback?: string;
    };

export interface GradeView {
  score: number;
  maxScore: number;
  hintPenalty: number;
  complete: boolean;
  checks: CheckView[];
}

export type Role = 'learner' | 'instructor';

/** Who a request comes from, as the signed session cookie says. */
export interface Principal {
  userId: string;
  role: Role;
  displayName: string;
}

export type LevelStatus = 'completed' | 'in-progress' | 'available' | 'locked';

/** One level in the course, with the learner's standing on it. */
export interface LevelProgress {
  levelId: string;
  title: string;
  order: number;
  status: LevelStatus;
  bestScore: number;
  maxScore: number;
  attempts: number;
  /** prerequisites not completed yet (a locked level can still be opened; it is a recommendation) */
  missing: string[];
}

/** The course as a learner sees it: tracks in order, each level with their progress. */
export interface CourseView {
  id: string;
  title: string;
  summary: string;
  tracks: { id: string; title: string; summary: string; levels: LevelProgress[]; planned: string[] }[];
  score: number;
  maxScore: number;
}

/** One attempt in a learner's results, with every grade it got, newest first. */
export interface AttemptResult {
  attemptId: string;
  levelId: string;
  bestScore: number;
  steps: number;
  startedAt: string;
  grades: { score: number; maxScore: number; hintPenalty: number; complete: boolean; createdAt: string }[];
}
