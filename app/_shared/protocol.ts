import { z } from 'zod';
import type { LiveEvent, Standing } from './live-events';
import {
  BroadcastSchema,
  ControlSessionSchema,
  CreateSessionSchema,
  JoinSessionSchema,
  PushHintSchema,
  SelectSchema,
  SessionAttemptSchema,
  SessionRefSchema,
  SyncSessionSchema,
  TimelineSchema,
} from './live-protocol';

/** Bumped when a message changes shape; the client and server must agree. */
export const PROTOCOL_VERSION = 1;

export const JoinLearnerSchema = z.strictObject({
  displayName: z.string().trim().min(1, 'a name is needed').max(40, 'at most 40 characters'),
});
export const SignInSchema = z.strictObject({
  email: z.string().trim().email('is not an email address').max(200),
  password: z.string().min(1).max(200),
});
/** An event that takes nothing (or an empty object). */
export const NoPayloadSchema = z.strictObject({}).optional();
export const StartAttemptSchema = z.strictObject({ levelId: z.string().min(1).max(100) });
export const AttemptRefSchema = z.strictObject({ attemptId: z.string().uuid('is not an attempt id') });
/** One lab step, as a learner sends it (an `aws`, `run`, `configure`, `fail`, `recover`, `wait` or `expect` object). */
export const ApplyStepSchema = z.strictObject({
  attemptId: z.string().uuid('is not an attempt id'),
  step: z.record(z.string(), z.unknown()),
  /** the version the learner last saw; a stale one is refused */
  version: z.number().int().min(0).optional(),
});
export const UseHintSchema = z.strictObject({
  attemptId: z.string().uuid('is not an attempt id'),
  index: z.number().int().min(0).max(20),
});

export type JoinLearner = z.infer<typeof JoinLearnerSchema>;
export type SignIn = z.infer<typeof SignInSchema>;
export type StartAttempt = z.infer<typeof StartAttemptSchema>;
export type AttemptRef = z.infer<typeof AttemptRefSchema>;
export type ApplyStep = z.infer<typeof ApplyStepSchema>;
export type UseHint = z.infer<typeof UseHintSchema>;

/** Every acknowledgement: the result, or a coded error saying what and where. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Events a client sends, each with its payload schema (the server validates every one). */
export const CLIENT_EVENTS = {
  'level:list': NoPayloadSchema,
  'attempt:start': StartAttemptSchema,
  'attempt:get': AttemptRefSchema,
  'attempt:step': ApplyStepSchema,
  'attempt:grade': AttemptRefSchema,
  'attempt:hint': UseHintSchema,
  'session:create': CreateSessionSchema,
  'session:list': NoPayloadSchema,
  'session:join': JoinSessionSchema,
  'session:get': SessionRefSchema,
  'session:sync': SyncSessionSchema,
  'session:attempt': SessionAttemptSchema,
  'session:select': SelectSchema,
  'session:control': ControlSessionSchema,
  'session:broadcast': BroadcastSchema,
  'session:hint': PushHintSchema,
  'session:dashboard': SessionRefSchema,
  'session:timeline': TimelineSchema,
  'session:export': SessionRefSchema,
} as const;

/** The largest payload a client may send with one event; a larger one is refused with an error ack. */
export const MAX_EVENT_BYTES = 32 * 1024;

export type ClientEvent = keyof typeof CLIENT_EVENTS;

/** socket.io's typed map of what a client may send: each event takes its payload and an ack. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: z.input<(typeof CLIENT_EVENTS)[E]>, ack: (reply: Ack<unknown>) => void) => void;
};

/** What the server pushes: a session's numbered events, and unnumbered presence signals. */
export type ServerToClientEvents = {
  'live:event': (event: LiveEvent) => void;
  'live:selection': (s: { userId: string; name: string; resourceId: string | null }) => void;
  'live:presence': (p: { userId: string; online: boolean }) => void;
  'live:leaderboard': (rows: Standing[]) => void;
};
