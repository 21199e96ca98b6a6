import { recentConsole } from './console-log';
import type { AttemptView } from '@/app/_shared/views';
import type { Principal } from '../auth/session-token';
import { AppError } from '../errors';
import { levelView, topologyView } from '../levels/catalog';
import type { Services } from '../services';
import type { LiveAttempt } from './attempt-store';

/**
 * Whether an instructor may look at a learner's work: only a learner of one of their own
 * sessions. An instructor never reads learners who never joined their classes.
 */
export async function teaches(s: Services, instructorId: string, learnerId: string): Promise<boolean> {
  if (instructorId === learnerId) return true;
  const member = await s.db.sessionMember.findFirst({
    where: { userId: learnerId, session: { instructorId } },
    select: { userId: true },
  });
  return member !== null;
}

/**
 * Only the attempt's owner plays it, or in a live session the team that owns it; an
 * instructor may look at the attempts of their own sessions' learners. Anyone else is told it
 * does not exist.
 */
export async function owned(s: Services, who: Principal, attemptId: string, forWriting: boolean): Promise<LiveAttempt> {
  const attempt = await s.attempts.get(attemptId, who.userId);
  const player =
    attempt.sessionId && attempt.teamId
      ? (await s.rooms.get(attempt.sessionId)).members.get(who.userId) === attempt.teamId
      : attempt.userId === who.userId;
  if (player) return attempt;
  if (!forWriting && who.role === 'instructor') {
    const ownSession = attempt.sessionId && (await s.rooms.get(attempt.sessionId)).info.instructorId === who.userId;
    if (ownSession || (await teaches(s, who.userId, attempt.userId))) return attempt;
  }
  throw new AppError('ATTEMPT_NOT_FOUND');
}

/** The attempt as its player sees it: the level, the network now, the hints revealed, the best score. */
export async function attemptView(s: Services, a: LiveAttempt, opened = false): Promise<AttemptView> {
  const [hints, row, shown] = await Promise.all([
    s.db.hintUse.findMany({ where: { attemptId: a.id }, orderBy: { hintIndex: 'asc' } }),
    s.db.attempt.findUniqueOrThrow({ where: { id: a.id }, select: { bestScore: true } }),
    // the console and the last trace travel only when the attempt is opened, not with every step
    opened ? recentConsole(s, a.id) : undefined,
  ]);
  return {
    attemptId: a.id,
    level: levelView(a.level),
    version: a.version,
    topology: topologyView(a.level, a.snapshot.topology),
    runtime: a.runtime,
    clock: s.clocks.view(a.id),
    steps: a.version,
    hintsUsed: hints.map((h) => ({
      index: h.hintIndex,
      cost: h.cost,
      text: a.level.challenge.hints[h.hintIndex]?.text ?? '',
    })),
    bestScore: row.bestScore,
    flows: a.snapshot.flows.map(([name]) => name),
    ...(shown ?? {}),
  };
}
