import path from 'node:path';
import { loadLevels } from '../../app/_server/levels/level-files';
import { parseSolution } from '../../engine/grade/challenge';
import { startAttempt } from '../../engine/grade/evaluate';
import { runStep } from '../../engine/lab/run-lab';
import type { StepReport } from '../../engine/lab/report';

const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));

/**
 * A fresh attempt on a shipped level: a function that runs steps on it, as a learner sends them
 * (lab-step objects), and returns their reports.
 */
export function attemptOn(levelId: string): (steps: unknown[]) => StepReport[] {
  const level = levels.find((l) => l.challenge.id === levelId)!;
  const start = startAttempt(level.challenge);
  if (!start.ok) throw new Error(JSON.stringify(start.problems));
  return (steps) => {
    const parsed = parseSolution({ steps });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return parsed.steps.map((s) => runStep(start.session, s));
  };
}
