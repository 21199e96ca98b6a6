import { ClockSchema } from '@/app/_shared/protocol';
import type { AttemptView, ClockView } from '@/app/_shared/views';
import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import { assertRunning } from '../live/session-room';
import type { Services } from '../services';
import { validate } from '../validate';
import { attemptView, owned } from './attempt-access';

/**
 * Runs or pauses an attempt's clock: its owner, or in a team any teammate (the team shares one
 * clock). Running needs a level that lets time pass and, in a live session, a running session;
 * pausing stores the seconds run as one `wait` step.
 */
export async function controlClock(
  s: Services,
  who: Principal | undefined,
  input: unknown,
): Promise<{ clock: ClockView; attempt: AttemptView }> {
  const me = requireRole(who);
  const { attemptId, run } = validate(ClockSchema, input);
  return s.attempts.exclusive(attemptId, async () => {
    const attempt = await owned(s, me, attemptId, true);
    if (run) {
      if (!attempt.level.challenge.allowed.simulator.wait)
        throw new AppError('NOT_ALLOWED_IN_LEVEL', undefined, 'This level does not let you advance time.');
      if (attempt.sessionId) assertRunning(await s.rooms.get(attempt.sessionId));
      s.clocks.start(s, me, attempt);
    } else {
      await s.clocks.stop(s, attempt);
    }
    return { clock: s.clocks.view(attemptId), attempt: await attemptView(s, attempt) };
  });
}
