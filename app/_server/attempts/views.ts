import type { GradeReport } from '@/engine/grade/evaluate';
import type { CheckView, GradeView } from '@/app/_shared/views';

/**
 * Filters a grade for the learner (the server is the only authority; STYLE.md example 3):
 * hidden checks lose their id, their steps and their traces, and say only whether they
 * passed and, if not, their feedback line.
 */
export function gradeView(report: GradeReport): GradeView {
  let hidden = 0;
  // a hidden check is named by its place among the hidden ones: what a passing check waits on
  const named = new Map<string, string>();
  return {
    score: report.score,
    maxScore: report.maxScore,
    hintPenalty: report.hintPenalty,
    complete: report.complete,
    checks: report.checks.map((c): CheckView => {
      const waitingOn = c.waitingOn.map((id) => named.get(id) ?? id);
      if (c.visible)
        return {
          id: c.id,
          visible: true,
          points: c.points,
          earned: c.earned,
          passed: c.passed,
          requiresMet: c.requiresMet,
          ...(waitingOn.length > 0 ? { waitingOn } : {}),
          feedback: c.feedback,
          steps: c.steps,
        };
      hidden++;
      named.set(c.id, `hidden check ${hidden}`);
      return {
        id: `hidden-${hidden}`,
        visible: false,
        points: c.points,
        earned: c.earned,
        passed: c.passed,
        requiresMet: c.requiresMet,
        ...(waitingOn.length > 0 ? { waitingOn } : {}),
        ...(c.passed ? {} : { feedback: c.feedback }),
      };
    }),
  };
}
