import { z } from 'zod';
import { PredictionSchema } from '@/engine/grade/prediction';
import type {
  DashboardView,
  LearnerSessionView,
  LiveEvent,
  SessionListItem,
  SessionSummary,
  Standing,
} from './live-events';
import type {
  AttemptConsole,
  AttemptTick,
  AttemptView,
  ClockView,
  GradeView,
  LevelView,
  RevealedHint,
  StepView,
} from './views';
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

/**
 * Bumped when a message changes shape; the client and server must agree. A page sends it in
 * the socket handshake (`auth.protocol`); a server that speaks another version refuses the
 * connection with `PROTOCOL_MISMATCH`, and the page asks to be reloaded.
 */
export const PROTOCOL_VERSION = 3;

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
  /** a traffic test's outcome as the learner guessed it before running it (kept, never scored) */
  prediction: PredictionSchema.optional(),
  /** the version the learner last saw; a stale one is refused */
  version: z.number().int().min(0).optional(),
});
/** Runs or pauses the attempt's clock. */
export const ClockSchema = z.strictObject({
  attemptId: z.string().uuid('is not an attempt id'),
  run: z.boolean(),
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
export type ClockInput = z.infer<typeof ClockSchema>;

/** Every acknowledgement: the result, or a coded error saying what and where. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Events a client sends, each with its payload schema (the server validates every one). */
export const CLIENT_EVENTS = {
  'level:list': NoPayloadSchema,
  'attempt:start': StartAttemptSchema,
  'attempt:open': StartAttemptSchema,
  'attempt:get': AttemptRefSchema,
  'attempt:step': ApplyStepSchema,
  'attempt:grade': AttemptRefSchema,
  'attempt:hint': UseHintSchema,
  'attempt:clock': ClockSchema,
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

export type ClientEvent = keyof typeof CLIENT_EVENTS;

/** What each event's acknowledgement carries when it succeeds: one map, read by the server's use cases and the pages. */
export interface ClientReplies {
  'level:list': LevelView[];
  'attempt:start': AttemptView;
  'attempt:open': AttemptView;
  'attempt:get': AttemptView;
  'attempt:step': StepView;
  'attempt:grade': GradeView;
  'attempt:hint': RevealedHint;
  'attempt:clock': { clock: ClockView; attempt: AttemptView };
  'session:create': SessionSummary;
  'session:list': SessionListItem[];
  'session:join': LearnerSessionView;
  'session:get': LearnerSessionView;
  'session:sync': SyncReply;
  'session:attempt': AttemptView;
  'session:select': Record<string, never>;
  'session:control': SessionSummary;
  'session:broadcast': LiveEvent;
  'session:hint': { pushed: boolean };
  'session:dashboard': DashboardView;
  'session:timeline': LiveEvent[];
  'session:export': string;
}

/** The events missed since a version, or `reload` when too many were. */
export interface SyncReply {
  version: number;
  events: LiveEvent[];
  reload: boolean;
}

/** An event's payload as a client writes it. */
export type ClientPayload<E extends ClientEvent> = z.input<(typeof CLIENT_EVENTS)[E]>;

/** socket.io's typed map of what a client may send: each event takes its payload and an ack. */
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: ClientPayload<E>, ack: (reply: Ack<ClientReplies[E]>) => void) => void;
};

/** What the server pushes: a session's numbered events, and unnumbered presence signals. */
export type ServerToClientEvents = {
  'live:event': (event: LiveEvent) => void;
  'live:selection': (s: { userId: string; name: string; resourceId: string | null }) => void;
  'live:presence': (p: { userId: string; online: boolean }) => void;
  'live:leaderboard': (rows: Standing[]) => void;
  /** a running clock's second, to everyone who plays the attempt */
  'attempt:tick': (tick: AttemptTick) => void;
  /** a command someone ran on the attempt, to its other pages (the learner's other tabs, the team) */
  'attempt:console': (c: AttemptConsole) => void;
};

/** What a page sends when its socket connects. */
export interface HandshakeAuth {
  protocol: number;
}

/** Why the server refused a socket connection (`connect_error`'s `data.code`). */
export const CONNECT_REFUSALS = [
  'PROTOCOL_MISMATCH',
  'ORIGIN_NOT_ALLOWED',
  'TOO_MANY_CONNECTIONS',
  'RATE_LIMITED',
] as const;
export type ConnectRefusal = (typeof CONNECT_REFUSALS)[number];

/** The `data` of a refused connection's error: a typed reason and a sentence for the page. */
export interface ConnectRefusalData {
  code: ConnectRefusal;
  message: string;
  /** for PROTOCOL_MISMATCH: the version this server speaks */
  server?: number;
}
