import type { Prisma } from '@/src/generated/prisma/client';
import {
  emptyDashboard,
  reduceDashboard,
  standings,
  type DashboardState,
  type LiveEvent,
  type LiveEventBody,
} from '@/app/_shared/live-events';
import type { SessionMode, SessionStatus } from '@/app/_shared/live-protocol';
import type { Db } from '../db/database';
import { AppError } from '../errors';

/** A session's settings as its row holds them. */
export interface SessionInfo {
  id: string;
  code: string;
  title: string;
  instructorId: string;
  mode: SessionMode;
  levelIds: string[];
  teamSize: number;
  stuckMinutes: number;
}

/** Where a transport delivers an event: one team (and the instructor), or everyone in the session. */
export type Publish = (sessionId: string, event: LiveEvent) => void;

/**
 * One live session's authority (DESIGN.md): one queue, one version counter. An operation runs
 * in the queue, is stored with the next number before it is acknowledged, and is then
 * published; the room keeps the folded dashboard and who plays in which team.
 */
export class SessionRoom {
  dashboard: DashboardState;
  /** learner → team, from the join events */
  readonly members = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly info: SessionInfo,
    events: LiveEvent[],
  ) {
    this.dashboard = emptyDashboard({
      sessionId: info.id,
      title: info.title,
      code: info.code,
      mode: info.mode,
      levelIds: info.levelIds,
      stuckMinutes: info.stuckMinutes,
    });
    for (const e of events) this.apply(e);
  }

  /** The version counter: the number of the last event folded in. */
  get version(): number {
    return this.dashboard.version;
  }

  /** Running, paused or ended: the last status event says. */
  get status(): SessionStatus {
    return this.dashboard.status;
  }

  /** Folds one stored event into the room: the dashboard, and who is in which team. */
  apply(e: LiveEvent): void {
    this.dashboard = reduceDashboard(this.dashboard, e);
    if (e.kind === 'join') this.members.set(e.userId, e.teamId);
  }

  /** Runs `work` after every earlier operation on this session has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

type Row = { seq: number; kind: string; payload: unknown; createdAt: Date };

export function toEvent(r: Row): LiveEvent {
  return { ...(r.payload as LiveEventBody), kind: r.kind, seq: r.seq, at: r.createdAt.toISOString() } as LiveEvent;
}

/** The live rooms of this process, loaded from the database on first use. */
export class SessionRooms {
  private readonly rooms = new Map<string, Promise<SessionRoom>>();
  publish: Publish = () => undefined;
  /** ephemeral signals (selections, presence, standings): not stored, not numbered; `volatile` ones may be dropped under load */
  signal: (
    sessionId: string,
    to: { teamId?: string; instructors?: boolean; everyone?: boolean; except?: string; volatile?: boolean },
    event: string,
    payload: unknown,
  ) => void = () => undefined;

  /** the learners connected to a session now, on any node (the transport knows) */
  onlineUsers: (sessionId: string) => Promise<string[]> = async () => [];

  constructor(private readonly db: Db) {}

  /** Drops this process's copy of a room (another process took it, or this one just did and must reload). */
  forget(sessionId: string): void {
    this.rooms.delete(sessionId);
  }

  get(sessionId: string): Promise<SessionRoom> {
    let room = this.rooms.get(sessionId);
    if (!room) {
      room = this.load(sessionId);
      this.rooms.set(sessionId, room);
      room.catch(() => this.rooms.delete(sessionId));
    }
    return room;
  }

  private async load(sessionId: string): Promise<SessionRoom> {
    const row = await this.db.liveSession.findUnique({
      where: { id: sessionId },
      include: { events: { orderBy: { seq: 'asc' } } },
    });
    if (!row) throw new AppError('SESSION_NOT_FOUND');
    const info: SessionInfo = { ...row, mode: row.mode as SessionMode, levelIds: row.levelIds as string[] };
    return new SessionRoom(info, row.events.map(toEvent));
  }

  /**
   * Stores `body` as the room's next event together with `writes`, in one transaction, then
   * publishes it. Call inside `room.exclusive`. A failed write changes nothing, here or there.
   */
  async append(
    room: SessionRoom,
    body: LiveEventBody,
    writes: Prisma.PrismaPromise<unknown>[] = [],
  ): Promise<LiveEvent> {
    const seq = room.version + 1;
    const createdAt = new Date();
    const { kind, ...payload } = body;
    const teamId = 'teamId' in body ? (body.teamId ?? null) : null;
    const userId = 'userId' in body ? body.userId : null;
    try {
      await this.db.$transaction([
        ...writes,
        this.db.sessionEvent.create({
          data: { sessionId: room.info.id, seq, kind, userId, teamId, payload: payload as object, createdAt },
        }),
      ]);
    } catch {
      // another process may have written this number (issue 7 moves rooms between processes): reload
      this.rooms.delete(room.info.id);
      throw new AppError('INTERNAL');
    }
    const event = toEvent({ seq, kind, payload, createdAt });
    room.apply(event);
    this.publish(room.info.id, event);
    // a race's standings concern everyone: the ranking (names, points, hints) goes to the whole session
    if (room.info.mode === 'race' && (body.kind === 'grade' || body.kind === 'join' || body.kind === 'hint')) {
      this.signal(room.info.id, { everyone: true }, 'live:leaderboard', standings(room.dashboard));
    }
    return event;
  }

  /** Runs `work` in the room's queue, refusing it unless the session is running. */
  async whileRunning<T>(sessionId: string, work: (room: SessionRoom) => Promise<T>): Promise<T> {
    const room = await this.get(sessionId);
    return room.exclusive(async () => {
      assertRunning(room);
      return work(room);
    });
  }
}

export function assertRunning(room: SessionRoom): void {
  if (room.status === 'paused') throw new AppError('SESSION_PAUSED');
  if (room.status === 'ended') throw new AppError('SESSION_ENDED');
}

/** socket.io room names: everyone in a session, its instructors, one team. */
export const roomNames = {
  all: (sessionId: string) => `live:${sessionId}`,
  instructors: (sessionId: string) => `live:${sessionId}:instructors`,
  team: (sessionId: string, teamId: string) => `live:${sessionId}:team:${teamId}`,
};

/** What a transport lends a use case: subscribing the caller's connection to rooms. */
export interface LiveContext {
  join(rooms: string[]): void;
}
