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
import type { LiveBus } from './live-bus';
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
  /** when the session's time limit runs out (ISO), if it has one */
  endsAt?: string;
}

/**
 * One live session's authority (DESIGN.md): one queue, one version counter. An operation runs
 * in the queue, is stored with the next number before it is acknowledged, and is then
 * published; the room keeps the folded dashboard and who plays in which team.
 */
export class SessionRoom {
  dashboard: DashboardState;
  /** learner → team, from the dashboard's rows and the join events */
  readonly members = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** operations queued or running: a busy room is never let go */
  private pending = 0;

  constructor(
    readonly info: SessionInfo,
    start: DashboardState | undefined,
    events: LiveEvent[],
  ) {
    this.dashboard =
      start ??
      emptyDashboard({
        sessionId: info.id,
        title: info.title,
        code: info.code,
        mode: info.mode,
        levelIds: info.levelIds,
        stuckMinutes: info.stuckMinutes,
        ...(info.endsAt ? { endsAt: info.endsAt } : {}),
      });
    for (const row of Object.values(this.dashboard.rows))
      for (const m of row.members) this.members.set(m.userId, row.teamId);
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

  get idle(): boolean {
    return this.pending === 0;
  }

  /** Folds one stored event into the room: the dashboard, and who is in which team. */
  apply(e: LiveEvent): void {
    this.dashboard = reduceDashboard(this.dashboard, e);
    if (e.kind === 'join') this.members.set(e.userId, e.teamId);
  }

  /** Runs `work` after every earlier operation on this session has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    this.pending++;
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    void this.queue.then(() => this.pending--);
    return next;
  }
}

type Row = { seq: number; kind: string; payload: unknown; createdAt: Date };

export function toEvent(r: Row): LiveEvent {
  return { ...(r.payload as LiveEventBody), kind: r.kind, seq: r.seq, at: r.createdAt.toISOString() } as LiveEvent;
}

/** How rooms are kept: how often the dashboard is checkpointed, when an idle room is let go. */
export interface RoomLimits {
  /** the folded dashboard is stored every this many events, so loading a room folds fewer */
  checkpointEvery: number;
  /** a room nobody used for this long is let go (it reloads from the database) */
  idleMs: number;
}

export const DEFAULT_ROOM_LIMITS: RoomLimits = { checkpointEvery: 200, idleMs: 30 * 60_000 };

/** Events folded per read when a room loads. */
const LOAD_PAGE = 1000;

/** The live rooms of this process, loaded from the database on first use, let go when idle. */
export class SessionRooms {
  private readonly rooms = new Map<string, { room: Promise<SessionRoom>; usedAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    readonly bus: LiveBus,
    readonly limits: RoomLimits = DEFAULT_ROOM_LIMITS,
  ) {
    this.sweeper = setInterval(() => void this.evict(), Math.min(60_000, limits.idleMs)).unref();
  }

  /** Drops this process's copy of a room (another process took it, or this one just did and must reload). */
  forget(sessionId: string): void {
    this.rooms.delete(sessionId);
  }

  get(sessionId: string): Promise<SessionRoom> {
    let entry = this.rooms.get(sessionId);
    if (!entry) {
      entry = { room: this.load(sessionId), usedAt: Date.now() };
      this.rooms.set(sessionId, entry);
      entry.room.catch(() => this.rooms.delete(sessionId));
    }
    entry.usedAt = Date.now();
    return entry.room;
  }

  /** Lets go of rooms idle for longer than the limit (with nothing queued). */
  async evict(now = Date.now()): Promise<void> {
    for (const [id, entry] of [...this.rooms]) {
      if (now - entry.usedAt < this.limits.idleMs) continue;
      const room = await entry.room.catch(() => undefined);
      if (!room || room.idle) this.rooms.delete(id);
    }
  }

  /** How many rooms this process holds. */
  get size(): number {
    return this.rooms.size;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  /** The session's row, its dashboard checkpoint, and the events after it, read a page at a time. */
  private async load(sessionId: string): Promise<SessionRoom> {
    const row = await this.db.liveSession.findUnique({ where: { id: sessionId } });
    if (!row) throw new AppError('SESSION_NOT_FOUND');
    const info: SessionInfo = {
      id: row.id,
      code: row.code,
      title: row.title,
      instructorId: row.instructorId,
      mode: row.mode as SessionMode,
      levelIds: row.levelIds as string[],
      teamSize: row.teamSize,
      stuckMinutes: row.stuckMinutes,
      ...(row.timeLimitMinutes
        ? { endsAt: new Date(row.createdAt.getTime() + row.timeLimitMinutes * 60_000).toISOString() }
        : {}),
    };
    const start = row.dashboard ? (row.dashboard as unknown as DashboardState) : undefined;
    const room = new SessionRoom(info, start, []);
    for (let after = start ? row.dashboardSeq : 0; ;) {
      const page = await this.db.sessionEvent.findMany({
        where: { sessionId, seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: LOAD_PAGE,
      });
      for (const e of page) room.apply(toEvent(e));
      if (page.length < LOAD_PAGE) break;
      after = page.at(-1)!.seq;
    }
    return room;
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
    const event = toEvent({ seq, kind, payload, createdAt });
    try {
      await this.db.$transaction([
        ...writes,
        this.db.sessionEvent.create({
          data: { sessionId: room.info.id, seq, kind, userId, teamId, payload: payload as object, createdAt },
        }),
      ]);
    } catch (e) {
      // another process may have written this number (rooms move between processes), or a
      // write was refused: reload from the database, where nothing of this operation is
      this.rooms.delete(room.info.id);
      throw new AppError('INTERNAL', undefined, undefined, { cause: e });
    }
    room.apply(event);
    if (seq % this.limits.checkpointEvery === 0) this.checkpoint(room.info.id, room.dashboard, seq);
    this.bus.publish(room.info.id, event);
    // a race's standings concern everyone: the ranking (names, points, hints) goes to the whole session
    if (room.info.mode === 'race' && (body.kind === 'grade' || body.kind === 'join' || body.kind === 'hint')) {
      this.bus.signal(room.info.id, { everyone: true }, 'live:leaderboard', standings(room.dashboard));
    }
    return event;
  }

  /**
   * Stores the folded dashboard as of event `seq`, outside the room's queue: a big class's
   * dashboard is hundreds of kB, and nobody waits for it. It is only a shortcut for the next
   * load (the events are the truth), so a failed or late write costs nothing; an older one never
   * replaces a newer one.
   */
  private checkpoint(sessionId: string, dashboard: DashboardState, seq: number): void {
    void this.db.liveSession
      .updateMany({
        where: { id: sessionId, dashboardSeq: { lt: seq } },
        data: { dashboard: dashboard as unknown as Prisma.InputJsonValue, dashboardSeq: seq },
      })
      .catch(() => undefined);
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
