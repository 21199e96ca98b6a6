import type { Db } from './db/database';
import type { LevelFiles } from './levels/level-files';
import type { Course } from '@/engine/grade/course';
import { AttemptStore } from './attempts/attempt-store';
import { SessionRooms } from './live/session-room';
import type { Grader } from './grading/grader';
import type { Ack, ClientEvent } from '@/app/_shared/protocol';
import type { Principal } from './auth/session-token';

/** What every use case is given: the database, the levels, the session secret, the live attempts and sessions. */
export interface Services {
  db: Db;
  levels: ReadonlyMap<string, LevelFiles>;
  secret: string;
  attempts: AttemptStore;
  course: Course;
  /** live sessions' rooms (one queue and version counter each) */
  rooms: SessionRooms;
  /** where checks run: worker threads, or a Redis queue shared by every node */
  grader: Grader;
  /**
   * Runs a client event where it belongs (with several processes, on the node that holds the
   * session's room); the transport sets it. Without it, use cases run here.
   */
  route?: (event: ClientEvent, who: Principal | undefined, payload: unknown) => Promise<Ack<unknown>>;
}

export function createServices(db: Db, levels: LevelFiles[], secret: string, course: Course, grader: Grader): Services {
  const byId = new Map(levels.map((l) => [l.challenge.id, l]));
  return {
    db,
    levels: byId,
    secret,
    attempts: new AttemptStore(db, byId),
    course,
    rooms: new SessionRooms(db),
    grader,
  };
}

const KEY = Symbol.for('underlay.services');

/** Next bundles route handlers apart from server.ts, so the services are shared through globalThis. */
export function setServices(s: Services): void {
  (globalThis as Record<symbol, unknown>)[KEY] = s;
}

export function getServices(): Services {
  const s = (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
  if (!s) throw new Error('services are not initialised (server.ts owns them)');
  return s;
}
