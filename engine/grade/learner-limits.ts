import type { LabStep } from '../lab/lab-file';
import type { Problem } from '../model/problems';

/**
 * What one learner step may ask of the simulator, beyond what the level allows. A lab file may
 * wait up to a day (lab-format.md); a learner's single step may not, because a server runs it
 * for a whole class. No level needs more: the longest wait in the briefs is 150 s, and the
 * NAT gateway's idle timeout (R64) is 350 s.
 */
export const LEARNER_LIMITS = {
  /** simulated seconds one `wait` step may advance */
  waitSeconds: 600,
} as const;

/** The problems that keep a learner's step out of bounds, each with its path (none: within bounds). */
export function learnerStepProblems(step: LabStep): Problem[] {
  if (step.kind === 'wait' && step.seconds > LEARNER_LIMITS.waitSeconds)
    return [
      {
        path: 'step.wait',
        message: `at most ${LEARNER_LIMITS.waitSeconds} seconds of simulated time per step; send several waits to go further`,
      },
    ];
  return [];
}
