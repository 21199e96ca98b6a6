import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import type { Services } from '../services';
import type { SessionRoom } from './session-room';

/**
 * Who may touch a session: its own instructor, or a learner who joined it. Anyone else is
 * told the session does not exist, so ids and codes of other sessions leak nothing.
 */
export async function ownedSession(
  s: Services,
  who: Principal | undefined,
  sessionId: string,
): Promise<{ me: Principal; room: SessionRoom }> {
  const me = requireRole(who, 'instructor');
  const room = await s.rooms.get(sessionId);
  if (room.info.instructorId !== me.userId) throw new AppError('SESSION_NOT_FOUND');
  return { me, room };
}

export async function memberOf(
  s: Services,
  who: Principal | undefined,
  sessionId: string,
): Promise<{ me: Principal; room: SessionRoom; teamId: string }> {
  const me = requireRole(who, 'learner');
  const room = await s.rooms.get(sessionId);
  const teamId = room.members.get(me.userId);
  if (!teamId) throw new AppError('SESSION_NOT_FOUND');
  return { me, room, teamId };
}

/** A member or the session's instructor; learners see their own team. */
export async function participant(
  s: Services,
  who: Principal | undefined,
  sessionId: string,
): Promise<{ me: Principal; room: SessionRoom; teamId?: string }> {
  const me = requireRole(who);
  return me.role === 'instructor' ? ownedSession(s, me, sessionId) : memberOf(s, me, sessionId);
}
