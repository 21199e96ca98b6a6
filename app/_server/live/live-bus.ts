import type { LiveEvent } from '@/app/_shared/live-events';
import type { ServerToClientEvents } from '@/app/_shared/protocol';

/** Who an unnumbered signal goes to: one team, the instructors, or everyone; `except` one user. */
export interface SignalTarget {
  teamId?: string;
  instructors?: boolean;
  everyone?: boolean;
  except?: string;
  /** may be dropped under load (the next one replaces it: a selection) */
  volatile?: boolean;
}

/**
 * How the server reaches connected pages, on this node or any other (socket.io's rooms and,
 * with several nodes, its Redis adapter). Use cases and rooms are given one at construction.
 */
export interface LiveBus {
  /** a session's numbered event: to its team and the instructors, or to everyone in the session */
  publish(sessionId: string, event: LiveEvent): void;
  /** an unnumbered signal (a selection, presence, the race standings) */
  signal<E extends keyof ServerToClientEvents>(
    sessionId: string,
    to: SignalTarget,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
  /** the learners connected to a session now, on any node */
  onlineUsers(sessionId: string): Promise<string[]>;
  /** an unnumbered signal to every page one user has open (their own attempt's clock) */
  toUser<E extends keyof ServerToClientEvents>(
    userId: string,
    event: E,
    payload: Parameters<ServerToClientEvents[E]>[0],
  ): void;
  /** subscribes a connection (by id, wherever it lives) to rooms */
  join(socketId: string, rooms: string[]): void;
  /** a sign-in was revoked: its connections everywhere close, and every node stops trusting it */
  signedOut(sid: string): void;
}

/** A bus to nobody: scripts and use-case tests that have no sockets. */
export const NO_BUS: LiveBus = {
  publish: () => undefined,
  signal: () => undefined,
  onlineUsers: async () => [],
  toUser: () => undefined,
  join: () => undefined,
  signedOut: () => undefined,
};

/** socket.io room names: everyone in a session, its instructors, one team, one sign-in. */
export const roomNames = {
  all: (sessionId: string) => `live:${sessionId}`,
  instructors: (sessionId: string) => `live:${sessionId}:instructors`,
  team: (sessionId: string, teamId: string) => `live:${sessionId}:team:${teamId}`,
  signIn: (sid: string) => `signin:${sid}`,
  user: (userId: string) => `user:${userId}`,
};
