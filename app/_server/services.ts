import type { Course } from '@/engine/grade/course';
import { AttemptClocks } from './attempts/attempt-clock';
import { AttemptStore, DEFAULT_ATTEMPT_LIMITS } from './attempts/attempt-store';
import type { SignIns } from './auth/sign-ins';
import type { Config } from './config';
import type { Db } from './db/database';
import type { Grader } from './grading/grader';
import type { LevelFiles } from './levels/level-files';
import type { Limiters } from './limits/limiters';
import type { LiveBus } from './live/live-bus';
import { DEFAULT_ROOM_LIMITS, SessionRooms } from './live/session-room';
import type { Logger } from './log';
import type { StepRunner } from './steps/step-pool';

/** What every use case is given, complete from construction: nothing is filled in afterwards. */
export interface Services {
  config: Config;
  db: Db;
  levels: ReadonlyMap<string, LevelFiles>;
  course: Course;
  /** live attempts (rebuilt from the database on demand, bounded) */
  attempts: AttemptStore;
  /** the attempts' running clocks */
  clocks: AttemptClocks;
  /** live sessions' rooms (one queue and version counter each) */
  rooms: SessionRooms;
  /** where checks run: worker threads, or a Redis queue shared by every node */
  grader: Grader;
  /** where learners' steps and rebuilds run: worker threads with a deadline */
  steps: StepRunner;
  signIns: SignIns;
  limiters: Limiters;
  /** how the server reaches connected pages */
  bus: LiveBus;
  log: Logger;
}

export interface ServiceParts {
  config: Config;
  db: Db;
  levels: LevelFiles[];
  course: Course;
  signIns: SignIns;
  grader: Grader;
  steps: StepRunner;
  limiters: Limiters;
  bus: LiveBus;
  log: Logger;
  /** one node of several (Redis): a solo attempt's cached copy is checked against the database */
  clustered: boolean;
}

export function createServices(p: ServiceParts): Services {
  const levels = new Map(p.levels.map((l) => [l.challenge.id, l]));
  const limits = p.config.limits;
  return {
    config: p.config,
    db: p.db,
    levels,
    course: p.course,
    attempts: new AttemptStore(
      p.db,
      levels,
      p.steps,
      { ...DEFAULT_ATTEMPT_LIMITS, rebuildDeadlineMs: limits.rebuildDeadlineMs },
      p.clustered,
    ),
    clocks: new AttemptClocks({
      tickMs: limits.clockTickMs,
      storeEvery: limits.clockStoreEvery,
      idleSeconds: limits.clockIdleSeconds,
      maxRunning: limits.runningClocks,
    }),
    rooms: new SessionRooms(p.db, p.bus, DEFAULT_ROOM_LIMITS),
    grader: p.grader,
    steps: p.steps,
    signIns: p.signIns,
    limiters: p.limiters,
    bus: p.bus,
    log: p.log,
  };
}

const KEY = Symbol.for('underlay.services');

/** Next bundles pages apart from server.ts, so the services are shared through globalThis. */
export function setServices(s: Services): void {
  (globalThis as Record<symbol, unknown>)[KEY] = s;
}

export function getServices(): Services {
  const s = (globalThis as Record<symbol, unknown>)[KEY] as Services | undefined;
  if (!s) throw new Error('services are not initialised (server.ts owns them)');
  return s;
}
