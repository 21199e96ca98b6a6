import { z } from 'zod';
import { CreateSessionSchema, JoinSessionSchema } from '@/app/_shared/live-protocol';
import {
  ApplyStepSchema,
  ClockSchema,
  JoinLearnerSchema,
  SignInSchema,
  StartAttemptSchema,
  UseHintSchema,
  type ClientEvent,
  type ClientReplies,
} from '@/app/_shared/protocol';
import { applyStep } from './attempts/apply-step';
import { controlClock } from './attempts/clock-cases';
import { getAttempt, gradeAttempt, listLevels, openAttempt, startAttempt, useHint } from './attempts/attempt-cases';
import type { Principal } from './auth/session-token';
import { joinAsLearner, renameMe, signInInstructor, signOut, whoAmI } from './auth/sign-in';
import type { CallContext } from './call-context';
import { getCourse, getLevel, getLevelSnapshot, getProgress, getResults } from './course/course-cases';
import { openApiDocument } from './http/openapi';
import {
  broadcastMessage,
  controlSession,
  createSession,
  exportResults,
  getDashboard,
  getTimeline,
  listSessions,
  pushHint,
} from './live/session-admin-cases';
import { getSession, joinSession, selectResource, sessionAttempt, syncSession } from './live/session-play-cases';
import type { Services } from './services';
import {
  deleteUpload,
  exploreMatrix,
  exploreStep,
  getUpload,
  listUploads,
  uploadAccount,
} from './explore/explore-cases';
import { MAX_UPLOAD_BYTES, UPLOAD_BODY_BYTES, UploadSchema } from './explore/upload-files';

/** A use case: the caller, its input (checked by the use case itself), and what the transport lends it. */
export type Run<R> = (s: Services, who: Principal | undefined, input: unknown, ctx: CallContext) => Promise<R> | R;

/** How a use case is reached over HTTP, under /api, and how the OpenAPI document describes it. */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** with `{param}`s, which join the input */
  path: string;
  summary: string;
  auth: boolean;
  /** the documented JSON body (path parameters come from the path); GET takes the query string */
  body?: z.ZodType;
  status?: number;
  /** a GET whose input is its query string (`?userId=`) */
  query?: true;
  /** what the answer is instead of `{ ok, data }`: a cookie set or cleared, a CSV file, a raw document */
  as?: 'sign-in' | 'sign-out' | 'csv' | 'document';
  /** the largest body this route takes, when it is not the server's default (an upload) */
  bodyBytes?: number;
}

export interface UseCase<R> {
  run: Run<R>;
  /**
   * A live session's operation runs on the node that holds the session's room: the session is
   * named in the input (`sessionId`), found by its join code, or by the attempt's session.
   */
  room?: 'session' | 'code' | 'attempt';
  http?: HttpRoute;
}

/**
 * Every use case a client can reach over socket.io, each typed by the reply the browser reads
 * (app/_shared/protocol.ts `ClientReplies`): one table for both transports.
 */
export const SOCKET_USE_CASES: { [E in ClientEvent]: UseCase<ClientReplies[E]> } = {
  'level:list': {
    run: listLevels,
    http: {
      method: 'GET',
      path: '/levels',
      summary: 'Every level, as a learner may see it (no hidden checks, no solutions).',
      auth: true,
    },
  },
  'attempt:start': {
    run: startAttempt,
    http: {
      method: 'POST',
      path: '/attempts',
      summary: 'Start an attempt on a level, from its starting topology.',
      auth: true,
      body: StartAttemptSchema,
      status: 201,
    },
  },
  'attempt:open': {
    run: openAttempt,
    http: {
      method: 'POST',
      path: '/attempts/open',
      summary:
        "Open the caller's newest attempt on a level (any device), with its console; start one if there is none.",
      auth: true,
      body: StartAttemptSchema,
    },
  },
  'attempt:get': {
    run: getAttempt,
    room: 'attempt',
    http: {
      method: 'GET',
      path: '/attempts/{attemptId}',
      summary: 'An attempt: its level, version, current topology and hints used.',
      auth: true,
    },
  },
  'attempt:step': {
    run: applyStep,
    room: 'attempt',
    http: {
      method: 'POST',
      path: '/attempts/{attemptId}/steps',
      summary:
        'Apply one lab step (an AWS CLI call, a VM command, a guest configuration, a crash, time, or a traffic test).',
      auth: true,
      body: ApplyStepSchema.omit({ attemptId: true }),
    },
  },
  'attempt:grade': {
    run: gradeAttempt,
    room: 'attempt',
    http: {
      method: 'POST',
      path: '/attempts/{attemptId}/grade',
      summary: 'Grade the attempt on the server (no body).',
      auth: true,
    },
  },
  'attempt:hint': {
    run: useHint,
    room: 'attempt',
    http: {
      method: 'POST',
      path: '/attempts/{attemptId}/hints',
      summary: 'Reveal a hint; its cost comes off the score.',
      auth: true,
      body: UseHintSchema.omit({ attemptId: true }),
    },
  },
  'attempt:clock': {
    run: controlClock,
    room: 'attempt',
    http: {
      method: 'POST',
      path: '/attempts/{attemptId}/clock',
      summary:
        "Run or pause the attempt's clock (one simulated second per second; pausing stores the seconds run as a wait step).",
      auth: true,
      body: ClockSchema.omit({ attemptId: true }),
    },
  },
  'session:create': {
    run: createSession,
    http: {
      method: 'POST',
      path: '/sessions',
      summary: 'Instructors: open a live session for some levels (solo, team or race); returns its join code.',
      auth: true,
      body: CreateSessionSchema,
      status: 201,
    },
  },
  'session:list': {
    run: listSessions,
    http: {
      method: 'GET',
      path: '/sessions',
      summary: "Instructors: the caller's live sessions, newest first.",
      auth: true,
    },
  },
  'session:join': {
    run: joinSession,
    room: 'code',
    http: {
      method: 'POST',
      path: '/sessions/join',
      summary: 'Learners: join a live session with its 6-character code (joining again changes nothing).',
      auth: true,
      body: JoinSessionSchema,
    },
  },
  'session:get': { run: getSession, room: 'session' },
  'session:sync': { run: syncSession, room: 'session' },
  'session:attempt': { run: sessionAttempt, room: 'session' },
  'session:select': { run: selectResource, room: 'session' },
  'session:control': { run: controlSession, room: 'session' },
  'session:broadcast': { run: broadcastMessage, room: 'session' },
  'session:hint': { run: pushHint, room: 'session' },
  'session:dashboard': { run: getDashboard, room: 'session' },
  'session:timeline': { run: getTimeline, room: 'session' },
  'session:export': {
    run: exportResults,
    room: 'session',
    http: {
      method: 'GET',
      path: '/sessions/{sessionId}/results.csv',
      summary: "Instructors: a session's results as CSV (one line per learner and level).",
      auth: true,
      as: 'csv',
    },
  },
};

/** Use cases only HTTP reaches: signing in and out (cookies), the course, the API's description. */
export const HTTP_USE_CASES = {
  'auth:join': {
    run: joinAsLearner,
    http: {
      method: 'POST',
      path: '/session/learner',
      summary: 'Join as a learner with a display name; sets the session cookie.',
      auth: false,
      body: JoinLearnerSchema,
      status: 201,
      as: 'sign-in',
    },
  },
  'auth:sign-in': {
    run: signInInstructor,
    http: {
      method: 'POST',
      path: '/session/instructor',
      summary: 'Sign in as an instructor; sets the session cookie.',
      auth: false,
      body: SignInSchema,
      as: 'sign-in',
    },
  },
  'auth:rename': {
    run: renameMe,
    http: {
      method: 'PATCH',
      path: '/session',
      summary: "Change the caller's display name; replaces the session cookie.",
      auth: true,
      body: JoinLearnerSchema,
      as: 'sign-in',
    },
  },
  'auth:sign-out': {
    run: signOut,
    http: {
      method: 'DELETE',
      path: '/session',
      summary: 'Sign out: the sign-in is revoked on the server and the cookie cleared.',
      auth: false,
      as: 'sign-out',
    },
  },
  'auth:who': {
    run: whoAmI,
    http: { method: 'GET', path: '/session', summary: 'Who the session cookie names.', auth: true },
  },
  'course:get': {
    run: getCourse,
    http: {
      method: 'GET',
      path: '/course',
      query: true,
      summary:
        "The course: tracks, levels and the caller's progress (instructors may pass ?userId= of their learners).",
      auth: true,
    },
  },
  'course:progress': {
    run: getProgress,
    http: {
      method: 'GET',
      path: '/progress',
      query: true,
      summary: "The caller's (or, for instructors, ?userId='s) status on every level.",
      auth: true,
    },
  },
  'course:results': {
    run: getResults,
    http: {
      method: 'GET',
      path: '/results',
      query: true,
      summary:
        'The newest 200 attempts and the newest 20 grades of each (instructors may pass ?userId= of their learners).',
      auth: true,
    },
  },
  'level:get': { run: getLevel, http: { method: 'GET', path: '/levels/{levelId}', summary: 'One level.', auth: true } },
  'level:snapshot': {
    run: getLevelSnapshot,
    http: {
      method: 'GET',
      path: '/levels/{levelId}/snapshot',
      summary: "An imported level's describe-* files as shipped (none for a level built inline).",
      auth: true,
    },
  },
  'explore:upload': {
    run: uploadAccount,
    http: {
      method: 'POST',
      path: '/uploads',
      summary: `Upload your own account to explore: aws ec2 / elbv2 describe-* outputs, as files ({ path, text }) or a zip (base64); at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      auth: true,
      body: UploadSchema,
      status: 201,
      bodyBytes: UPLOAD_BODY_BYTES,
    },
  },
  'explore:list': {
    run: (s, who) => listUploads(s, who),
    http: { method: 'GET', path: '/uploads', summary: "The caller's uploads, newest first.", auth: true },
  },
  'explore:get': {
    run: getUpload,
    http: {
      method: 'GET',
      path: '/uploads/{uploadId}',
      summary: 'One of your uploads as a network: its topology, what was not understood, its counts.',
      auth: true,
    },
  },
  'explore:step': {
    run: exploreStep,
    http: {
      method: 'POST',
      path: '/uploads/{uploadId}/steps',
      summary: 'A look at an upload: a traffic test (expect from/to) with its trace, or a read-only aws describe call.',
      auth: true,
      body: z.strictObject({ step: z.unknown() }),
    },
  },
  'explore:matrix': {
    run: exploreMatrix,
    http: {
      method: 'GET',
      path: '/uploads/{uploadId}/matrix',
      query: true,
      summary:
        'Which subnets reach which (?protocol=tcp|udp|icmp&port=443): every ordered pair, with where a flow died.',
      auth: true,
    },
  },
  'explore:delete': {
    run: deleteUpload,
    http: { method: 'DELETE', path: '/uploads/{uploadId}', summary: 'Delete one of your uploads.', auth: true },
  },
  'api:describe': {
    run: (): Record<string, unknown> => openApiDocument(USE_CASES),
    http: { method: 'GET', path: '/openapi.json', summary: 'This description.', auth: false, as: 'document' },
  },
} satisfies Record<string, UseCase<unknown>>;

export type UseCaseName = ClientEvent | keyof typeof HTTP_USE_CASES;

/** Every use case, by name: the socket events and the HTTP-only ones. */
export const USE_CASES: Record<UseCaseName, UseCase<unknown>> = { ...SOCKET_USE_CASES, ...HTTP_USE_CASES };
