import { z } from 'zod';
import {
  ApplyStepSchema,
  JoinLearnerSchema,
  SignInSchema,
  StartAttemptSchema,
  UseHintSchema,
} from '@/app/_shared/protocol';
import { CreateSessionSchema, JoinSessionSchema } from '@/app/_shared/live-protocol';
import { ERRORS } from '../errors';

/** One documented operation; `handleApi` routes exactly these (a test holds the two together). */
export interface ApiOperation {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  auth: boolean;
  body?: z.ZodType;
  status?: number;
}

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'POST',
    path: '/session/learner',
    summary: 'Join as a learner with a display name; sets the session cookie.',
    auth: false,
    body: JoinLearnerSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/session/instructor',
    summary: 'Sign in as an instructor; sets the session cookie.',
    auth: false,
    body: SignInSchema,
  },
  { method: 'GET', path: '/session', summary: 'Who the session cookie names.', auth: true },
  { method: 'DELETE', path: '/session', summary: 'Sign out (clears the cookie).', auth: false },
  {
    method: 'GET',
    path: '/course',
    summary: "The course: tracks, levels and the caller's progress (instructors may pass ?userId=).",
    auth: true,
  },
  {
    method: 'GET',
    path: '/levels',
    summary: 'Every level, as a learner may see it (no hidden checks, no solutions).',
    auth: true,
  },
  { method: 'GET', path: '/levels/{levelId}', summary: 'One level.', auth: true },
  {
    method: 'GET',
    path: '/progress',
    summary: "The caller's (or, for instructors, ?userId='s) status on every level.",
    auth: true,
  },
  {
    method: 'GET',
    path: '/results',
    summary: 'Every attempt and its grades (instructors may pass ?userId=).',
    auth: true,
  },
  {
    method: 'POST',
    path: '/attempts',
    summary: 'Start an attempt on a level, from its starting topology.',
    auth: true,
    body: StartAttemptSchema,
    status: 201,
  },
  {
    method: 'GET',
    path: '/attempts/{attemptId}',
    summary: 'An attempt: its level, version, current topology and hints used.',
    auth: true,
  },
  {
    method: 'POST',
    path: '/attempts/{attemptId}/steps',
    summary:
      'Apply one lab step (an AWS CLI call, a VM command, a guest configuration, a crash, time, or a traffic test).',
    auth: true,
    body: ApplyStepSchema.omit({ attemptId: true }),
  },
  { method: 'POST', path: '/attempts/{attemptId}/grade', summary: 'Grade the attempt on the server.', auth: true },
  {
    method: 'POST',
    path: '/attempts/{attemptId}/hints',
    summary: 'Reveal a hint; its cost comes off the score.',
    auth: true,
    body: UseHintSchema.omit({ attemptId: true }),
  },
  {
    method: 'POST',
    path: '/sessions',
    summary: 'Instructors: open a live session for some levels (solo, team or race); returns its join code.',
    auth: true,
    body: CreateSessionSchema,
    status: 201,
  },
  {
    method: 'POST',
    path: '/sessions/join',
    summary: 'Learners: join a live session with its 6-character code (joining again changes nothing).',
    auth: true,
    body: JoinSessionSchema,
  },
  { method: 'GET', path: '/sessions', summary: "Instructors: the caller's live sessions, newest first.", auth: true },
  {
    method: 'GET',
    path: '/sessions/{sessionId}/results.csv',
    summary: "Instructors: a session's results as CSV (one line per learner and level).",
    auth: true,
  },
  { method: 'GET', path: '/openapi.json', summary: 'This description.', auth: false },
];

/** The OpenAPI 3.1 description the app serves at /api/openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    (paths[op.path] ??= {})[op.method.toLowerCase()] = {
      summary: op.summary,
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(op.auth ? { security: [{ session: [] }] } : { security: [] }),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: z.toJSONSchema(op.body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: 'Success',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ok' } } },
        },
        default: {
          description: 'A coded error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Underlay API',
      version: '1.0.0',
      description:
        'Courses, levels, attempts and grades. Authenticated by the session cookie; rate-limited per client.',
    },
    servers: [{ url: '/api' }],
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'underlay_session' } },
      schemas: {
        Ok: { type: 'object', required: ['ok', 'data'], properties: { ok: { const: true }, data: {} } },
        Error: {
          type: 'object',
          required: ['ok', 'error'],
          properties: {
            ok: { const: false },
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { enum: Object.keys(ERRORS) }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  };
}
