import type { GradeReport } from '@/engine/grade/evaluate';
import type { StepReport } from '@/engine/lab/report';

/** A check as the learner sees it: a visible check with its steps and traces; a hidden one as pass/fail and its hint. */
export type CheckView =
  | { id: string; visible: true; points: number; earned: number; passed: boolean; requiresMet: boolean; feedback: string; steps: StepReport[] }
  | { id: string; visible: false; points: number; earned: number; passed: boolean; requiresMet: boolean; feedback?: string };

export interface GradeView {
  score: number;
  maxScore: number;
  hintPenalty: number;
  complete: boolean;
  checks: CheckView[];
}

/**
 * Filters a grade for the learner (the server is the only authority; STYLE.md example 3):
 * hidden checks lose their id, their steps and their traces, and say only whether they
 * passed and, if not, their feedback line.
 */
export function gradeView(report: GradeReport): GradeView {
  let hidden = 0;
  return {
    score: report.score,
    maxScore: report.maxScore,
    hintPenalty: report.hintPenalty,
    complete: report.complete,
    checks: report.checks.map((c): CheckView => {
      if (c.visible) return { id: c.id, visible: true, points: c.points, earned: c.earned, passed: c.passed, requiresMet: c.requiresMet, feedback: c.feedback, steps: c.steps };
      hidden++;
      return { id: `hidden-${hidden}`, visible: false, points: c.points, earned: c.earned, passed: c.passed, requiresMet: c.requiresMet, ...(c.passed ? {} : { feedback: c.feedback }) };
    }),
  };
}
