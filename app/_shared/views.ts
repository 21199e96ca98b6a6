import type { Challenge, Check } from '@/engine/grade/challenge';
import type { StepReport } from '@/engine/lab/report';
import type { Topology } from '@/engine/model/topology';

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
}

/** An attempt as its owner sees it: the level, the current network and the hints revealed. */
export interface AttemptView {
  attemptId: string;
  level: LevelView;
  version: number;
  /** the network now (level 1 leaves public addresses out: the learner finds them) */
  topology: Topology;
  steps: number;
  hintsUsed: RevealedHint[];
  bestScore: number;
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
      feedback?: string;
    };

export interface GradeView {
  score: number;
  maxScore: number;
  hintPenalty: number;
  complete: boolean;
  checks: CheckView[];
}
