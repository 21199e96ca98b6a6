import { randomUUID } from 'node:crypto';
import { standings, type LearnerSessionView, type SessionSummary } from '@/app/_shared/live-events';
import type { SessionStatus } from '@/app/_shared/live-protocol';
import {
  JoinSessionSchema,
  SelectSchema,
  SessionAttemptSchema,
  SessionRefSchema,
  SyncSessionSchema,
} from '@/app/_shared/live-protocol';
import type { AttemptView } from '@/app/_shared/views';
import type { SyncReply } from '@/app/_shared/protocol';
import { levelView } from '../levels/catalog';
import { attemptView } from '../attempts/attempt-access';
import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import type { Services } from '../services';
import { validate } from '../validate';
import { memberOf, participant } from './session-access';
import type { CallContext } from '../call-context';
import { roomNames } from './live-bus';
import { assertRunning, toEvent, type SessionInfo, type SessionRoom } from './session-room';

/** A sync that missed more than this gets told to reload the whole view instead. */
const MAX_SYNC_EVENTS = 1000;

export function summary(info: SessionInfo, status: SessionStatus): SessionSummary {
  return {
    sessionId: info.id,
    code: info.code,
    title: info.title,
    mode: info.mode,
    levelIds: info.levelIds,
    teamSize: info.teamSize,
    status,
  };
}

function subscribe(ctx: CallContext, room: SessionRoom, me: Principal, teamId?: string): void {
  const id = room.info.id;
  const rooms = [
    roomNames.all(id),
    ...(me.role === 'instructor' ? [roomNames.instructors(id)] : teamId ? [roomNames.team(id, teamId)] : []),
  ];
  ctx.join(rooms);
}

function learnerView(s: Services, room: SessionRoom, me: Principal, teamId: string): LearnerSessionView {
  const d = room.dashboard;
  const row = d.rows[teamId]!;
  return {
    session: summary(room.info, room.status),
    version: room.version,
    me: { userId: me.userId, teamId, teamName: row.name, members: row.members },
    levels: room.info.levelIds.map((levelId) => {
      const level = s.levels.get(levelId);
      const view = level && levelView(level);
      const cell = row.levels[levelId];
      return {
        levelId,
        title: view?.title ?? levelId,
        maxScore: view?.maxScore ?? 0,
        ...(cell?.attemptId ? { attemptId: cell.attemptId } : {}),
        checksPassed: cell?.checksPassed ?? 0,
        checksTotal: cell?.checksTotal ?? level?.challenge.checks.length ?? 0,
        bestScore: cell?.bestScore ?? 0,
      };
    }),
    messages: d.messages.filter((m) => !m.teamId || m.teamId === teamId),
    ...(room.info.mode === 'race' ? { leaderboard: standings(d) } : {}),
  };
}

/**
 * A learner joins a session with its code. Solo and race: a team of one. Team mode: the
 * first team with room, else a new one. Joining again changes nothing (a closed tab comes back).
 */
export async function joinSession(
  s: Services,
  who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<LearnerSessionView> {
  const me = requireRole(who, 'learner');
  const { code } = validate(JoinSessionSchema, input);
  const row = await s.db.liveSession.findUnique({ where: { code }, select: { id: true } });
  if (!row) throw new AppError('SESSION_NOT_FOUND', { code }, `No session has the code ${code}.`);
  const room = await s.rooms.get(row.id);
  return room.exclusive(async () => {
    let teamId = room.members.get(me.userId);
    if (!teamId) {
      if (room.status === 'ended') throw new AppError('SESSION_ENDED');
      const rows = Object.values(room.dashboard.rows);
      const open = room.info.mode === 'team' ? rows.find((r) => r.members.length < room.info.teamSize) : undefined;
      teamId = open?.teamId ?? randomUUID();
      const teamName = open?.name ?? (room.info.mode === 'team' ? `Team ${rows.length + 1}` : me.displayName);
      await s.rooms.append(room, { kind: 'join', userId: me.userId, name: me.displayName, teamId, teamName }, [
        ...(open ? [] : [s.db.team.create({ data: { id: teamId, sessionId: room.info.id, name: teamName } })]),
        s.db.sessionMember.create({ data: { sessionId: room.info.id, userId: me.userId, teamId } }),
      ]);
    }
    subscribe(ctx, room, me, teamId);
    return learnerView(s, room, me, teamId);
  });
}

/** The session as this learner sees it now (and subscribes the connection to its events). */
export async function getSession(
  s: Services,
  who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<LearnerSessionView> {
  const { sessionId } = validate(SessionRefSchema, input);
  const { me, room, teamId } = await memberOf(s, who, sessionId);
  return room.exclusive(async () => {
    subscribe(ctx, room, me, teamId);
    return learnerView(s, room, me, teamId);
  });
}

/**
 * A reconnecting client sends the last version it saw and gets every event after it that it
 * may see, in order. It is subscribed in the same turn of the queue, so nothing falls between.
 */
export async function syncSession(
  s: Services,
  who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<SyncReply> {
  const { sessionId, since } = validate(SyncSessionSchema, input);
  const { me, room, teamId } = await participant(s, who, sessionId);
  return room.exclusive(async () => {
    subscribe(ctx, room, me, teamId);
    if (since > room.version)
      throw new AppError(
        'STALE_VERSION',
        { current: room.version },
        `Version ${since} is ahead of the session (${room.version}).`,
      );
    const missed = room.version - since;
    if (missed === 0) return { version: room.version, events: [], reload: false };
    const rows = await s.db.sessionEvent.findMany({
      where: { sessionId, seq: { gt: since }, ...(teamId ? { OR: [{ teamId: null }, { teamId }] } : {}) },
      orderBy: { seq: 'asc' },
      take: MAX_SYNC_EVENTS + 1,
    });
    if (rows.length > MAX_SYNC_EVENTS) return { version: room.version, events: [], reload: true };
    return { version: room.version, events: rows.map(toEvent), reload: false };
  });
}

/** The team's attempt on one of the session's levels: the open one, or a new one (`fresh`, or none yet). */
export async function sessionAttempt(s: Services, who: Principal | undefined, input: unknown): Promise<AttemptView> {
  const { sessionId, levelId, fresh } = validate(SessionAttemptSchema, input);
  const { me, room, teamId } = await memberOf(s, who, sessionId);
  if (!room.info.levelIds.includes(levelId)) throw new AppError('LEVEL_NOT_IN_SESSION', { levelId });
  const level = s.levels.get(levelId);
  if (!level) throw new AppError('LEVEL_NOT_FOUND', { levelId });
  // a fresh start leaves the old attempt as it is: its clock stops first, storing what it ran
  const previous = fresh ? room.dashboard.rows[teamId]?.levels[levelId]?.attemptId : undefined;
  if (previous) await s.clocks.stopAttempt(s, previous);
  const attemptId = await room.exclusive(async () => {
    const open = room.dashboard.rows[teamId]?.levels[levelId]?.attemptId;
    if (open && !fresh) return open;
    assertRunning(room);
    const id = randomUUID();
    await s.rooms.append(
      room,
      {
        kind: 'attempt',
        userId: me.userId,
        name: me.displayName,
        teamId,
        levelId,
        attemptId: id,
        checksTotal: level.challenge.checks.length,
      },
      [s.db.attempt.create({ data: { id, userId: me.userId, levelId, sessionId, teamId } })],
    );
    return id;
  });
  return attemptView(s, await s.attempts.get(attemptId, me.userId), true);
}

/** Tells teammates which resource this learner is looking at (not stored: presence, not progress). */
export async function selectResource(
  s: Services,
  who: Principal | undefined,
  input: unknown,
): Promise<Record<string, never>> {
  const { sessionId, resourceId } = validate(SelectSchema, input);
  const { me, teamId } = await memberOf(s, who, sessionId);
  // the next selection replaces this one, so a dropped one costs nothing
  s.bus.signal(sessionId, { teamId, except: me.userId, volatile: true }, 'live:selection', {
    userId: me.userId,
    name: me.displayName,
    resourceId,
  });
  return {};
}
