import { randomInt } from 'node:crypto';
import type { DashboardView, LiveEvent, SessionListItem, SessionSummary } from '@/app/_shared/live-events';
import {
  BroadcastSchema,
  ControlSessionSchema,
  CreateSessionSchema,
  JOIN_CODE_ALPHABET,
  PushHintSchema,
  SessionRefSchema,
  TimelineSchema,
} from '@/app/_shared/live-protocol';
import type { SessionStatus } from '@/app/_shared/live-protocol';
import { NoPayloadSchema } from '@/app/_shared/protocol';
import { levelView } from '../levels/catalog';
import type { Principal } from '../auth/session-token';
import { requireRole } from '../auth/require-role';
import { AppError } from '../errors';
import type { Services } from '../services';
import { validate } from '../validate';
import { resultsCsv } from './results-csv';
import { ownedSession } from './session-access';
import type { CallContext } from '../call-context';
import { roomNames } from './live-bus';
import { toEvent } from './session-room';
import { summary } from './session-play-cases';

function joinCode(): string {
  return Array.from({ length: 6 }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
}

/** An instructor opens a session for some levels; it gets a fresh 6-character join code. */
export async function createSession(s: Services, who: Principal | undefined, input: unknown): Promise<SessionSummary> {
  const me = requireRole(who, 'instructor');
  const v = validate(CreateSessionSchema, input);
  const unknown = v.levelIds.map((id, i) => ({ id, i })).filter(({ id }) => !s.levels.has(id));
  if (unknown.length > 0)
    throw new AppError(
      'LEVEL_NOT_FOUND',
      unknown.map(({ id, i }) => ({ path: `levelIds[${i}]`, message: `no level ${id}` })),
      `There is no level ${unknown[0]!.id}.`,
    );
  const data = {
    instructorId: me.userId,
    title: v.title,
    mode: v.mode,
    levelIds: [...new Set(v.levelIds)],
    teamSize: v.mode === 'team' ? v.teamSize! : 1,
    stuckMinutes: v.stuckMinutes ?? 5,
    ...(v.timeLimitMinutes ? { timeLimitMinutes: v.timeLimitMinutes } : {}),
  };
  // 31^6 ≈ 887 million codes: a collision is rare, and the unique index catches it
  for (let tries = 0; tries < 5; tries++) {
    try {
      const row = await s.db.liveSession.create({ data: { ...data, code: joinCode() } });
      return summary({ ...row, mode: v.mode, levelIds: data.levelIds }, 'running');
    } catch (e) {
      if ((e as { code?: string }).code !== 'P2002') throw e;
    }
  }
  throw new AppError('INTERNAL');
}

export async function listSessions(
  s: Services,
  who: Principal | undefined,
  input?: unknown,
): Promise<SessionListItem[]> {
  const me = requireRole(who, 'instructor');
  validate(NoPayloadSchema, input);
  const rows = await s.db.liveSession.findMany({
    where: { instructorId: me.userId },
    orderBy: { createdAt: 'desc' },
    take: 100,
    include: { _count: { select: { members: true } } },
  });
  return rows.map((r) => ({
    ...summary(
      { ...r, mode: r.mode as SessionSummary['mode'], levelIds: r.levelIds as string[] },
      r.status as SessionStatus,
    ),
    createdAt: r.createdAt.toISOString(),
    learners: r._count.members,
  }));
}

/** The dashboard's starting point: the folded state, who is online, the levels; the connection then gets every event. */
export async function getDashboard(
  s: Services,
  who: Principal | undefined,
  input: unknown,
  ctx: CallContext,
): Promise<DashboardView> {
  const { sessionId } = validate(SessionRefSchema, input);
  const { room } = await ownedSession(s, who, sessionId);
  const online = await s.bus.onlineUsers(sessionId);
  return room.exclusive(async () => {
    ctx.join([roomNames.all(sessionId), roomNames.instructors(sessionId)]);
    return {
      state: room.dashboard,
      online,
      levels: room.info.levelIds.map((levelId) => {
        const level = s.levels.get(levelId)!;
        const { title, maxScore } = levelView(level);
        // the session's instructor may read a hint before pushing it (never sent to a learner unrevealed)
        const hints = level.challenge.hints.map((h, index) => ({ index, cost: h.cost, text: h.text }));
        return { levelId, title, maxScore, hints };
      }),
    };
  });
}

const TRANSITIONS: Record<'pause' | 'resume' | 'end', { from: SessionStatus[]; to: SessionStatus }> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  end: { from: ['running', 'paused'], to: 'ended' },
};

/** Pause (learners can look but not change or grade), resume, or end the session. */
export async function controlSession(s: Services, who: Principal | undefined, input: unknown): Promise<SessionSummary> {
  const { sessionId, action } = validate(ControlSessionSchema, input);
  const { room } = await ownedSession(s, who, sessionId);
  // the teams' running clocks stop first, storing what they ran while the session still ran
  if (action !== 'resume') await s.clocks.stopSession(s, sessionId);
  return room.exclusive(async () => {
    const t = TRANSITIONS[action];
    if (!t.from.includes(room.status))
      throw new AppError(
        'BAD_TRANSITION',
        { status: room.status, action },
        `The session is ${room.status}; it cannot ${action}.`,
      );
    await s.rooms.append(room, { kind: 'status', status: t.to }, [
      s.db.liveSession.update({
        where: { id: sessionId },
        data: { status: t.to, ...(t.to === 'ended' ? { endedAt: new Date() } : {}) },
      }),
    ]);
    return summary(room.info, room.status);
  });
}

/** A message to everyone in the session, or to one team. */
export async function broadcastMessage(s: Services, who: Principal | undefined, input: unknown): Promise<LiveEvent> {
  const { sessionId, text, teamId } = validate(BroadcastSchema, input);
  const { me, room } = await ownedSession(s, who, sessionId);
  return room.exclusive(async () => {
    if (teamId && !room.dashboard.rows[teamId]) throw new AppError('TEAM_NOT_FOUND', { teamId });
    return s.rooms.append(room, { kind: 'message', text, from: me.displayName, ...(teamId ? { teamId } : {}) });
  });
}

/**
 * Reveals a hint to a team on its open attempt. A pushed hint is the instructor's call, so it
 * costs the team nothing; it still counts as a hint used on the dashboard and the leaderboard.
 */
export async function pushHint(s: Services, who: Principal | undefined, input: unknown): Promise<{ pushed: boolean }> {
  const { sessionId, teamId, levelId, index } = validate(PushHintSchema, input);
  const { me, room } = await ownedSession(s, who, sessionId);
  const level = s.levels.get(levelId);
  if (!room.info.levelIds.includes(levelId) || !level) throw new AppError('LEVEL_NOT_IN_SESSION', { levelId });
  const hint = level.challenge.hints[index];
  if (!hint) throw new AppError('HINT_NOT_FOUND', { index });
  return room.exclusive(async () => {
    const row = room.dashboard.rows[teamId];
    if (!row) throw new AppError('TEAM_NOT_FOUND', { teamId });
    const attemptId = row.levels[levelId]?.attemptId;
    if (!attemptId)
      throw new AppError('ATTEMPT_NOT_FOUND', { teamId, levelId }, 'This team has not opened that level yet.');
    const seen = await s.db.hintUse.findUnique({ where: { attemptId_hintIndex: { attemptId, hintIndex: index } } });
    if (seen) return { pushed: false };
    await s.rooms.append(
      room,
      {
        kind: 'hint',
        userId: me.userId,
        name: me.displayName,
        teamId,
        levelId,
        attemptId,
        index,
        cost: 0,
        pushed: true,
      },
      [s.db.hintUse.create({ data: { attemptId, hintIndex: index, cost: 0 } })],
    );
    return { pushed: true };
  });
}

/** One team's events in order: what they tried, what it did, when. */
export async function getTimeline(s: Services, who: Principal | undefined, input: unknown): Promise<LiveEvent[]> {
  const { sessionId, teamId } = validate(TimelineSchema, input);
  const { room } = await ownedSession(s, who, sessionId);
  if (!room.dashboard.rows[teamId]) throw new AppError('TEAM_NOT_FOUND', { teamId });
  const rows = await s.db.sessionEvent.findMany({ where: { sessionId, teamId }, orderBy: { seq: 'desc' }, take: 500 });
  return rows.reverse().map(toEvent);
}

/** The session's results as CSV: one line per learner and level. */
export async function exportResults(s: Services, who: Principal | undefined, input: unknown): Promise<string> {
  const { sessionId } = validate(SessionRefSchema, input);
  const { room } = await ownedSession(s, who, sessionId);
  const levels = new Map(
    room.info.levelIds.map((id) => {
      const level = s.levels.get(id)!;
      return [id, { maxScore: levelView(level).maxScore, checks: level.challenge.checks.length }];
    }),
  );
  return resultsCsv(room.dashboard, levels);
}
