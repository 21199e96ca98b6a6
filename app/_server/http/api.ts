import { applyStep, getAttempt, gradeAttempt, listLevels, startAttempt, useHint } from '../attempts/attempt-cases';
import { getCourse, getLevel, getResults } from '../course/course-cases';
import { createSession, exportResults, listSessions } from '../live/session-admin-cases';
import { joinSession } from '../live/session-play-cases';
import { openApiDocument } from './openapi';
import { RateLimiter } from './rate-limit';
import { joinAsLearner, requireRole, signInInstructor } from '../auth/sign-in';
import { clearedCookie, readCookie, sessionCookie, verifyToken, type Principal } from '../auth/session-token';
import { AppError, toPublicError, type ErrorCode } from '../errors';
import type { ClientEvent } from '@/app/_shared/protocol';
import type { Services } from '../services';

export interface ApiRequest {
  method: string;
  /** the path after /api, e.g. `/attempts/<id>/steps` */
  path: string;
  /** the query string's parameters */
  query?: Record<string, string>;
  cookie?: string;
  body?: unknown;
  /** who to rate-limit when there is no session (the client's address) */
  client?: string;
}

export interface ApiResponse {
  status: number;
  /** JSON, unless `contentType` says otherwise (then a string) */
  body: unknown;
  contentType?: string;
  /** a file name to save the body under */
  filename?: string;
  setCookie?: string;
}

/** The headers an HTTP transport sends with a response. */
export function responseHeaders(r: ApiResponse): Record<string, string> {
  return {
    'content-type': r.contentType ?? 'application/json',
    ...(r.setCookie ? { 'set-cookie': r.setCookie } : {}),
    ...(r.filename ? { 'content-disposition': `attachment; filename="${r.filename}"` } : {}),
  };
}

/** The body as sent: JSON, or the text of a file. */
export function responseBody(r: ApiResponse): string {
  return r.contentType ? String(r.body) : JSON.stringify(r.body);
}

type Route = {
  method: string;
  pattern: RegExp;
  run: (
    s: Services,
    who: Principal | undefined,
    body: unknown,
    params: string[],
    query: Record<string, string>,
  ) => Promise<ApiResponse> | ApiResponse;
};

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body: { ok: true, data: body } });

/** The HTTP edge of the same use cases as the socket events (one use case, two transports). */
const ROUTES: Route[] = [
  {
    method: 'POST',
    pattern: /^\/session\/learner$/,
    run: async (s, _w, body) => {
      const r = await joinAsLearner(s, body);
      return { ...ok(r.principal, 201), setCookie: sessionCookie(r.token) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/session\/instructor$/,
    run: async (s, _w, body) => {
      const r = await signInInstructor(s, body);
      return { ...ok(r.principal), setCookie: sessionCookie(r.token) };
    },
  },
  { method: 'DELETE', pattern: /^\/session$/, run: () => ({ ...ok({}), setCookie: clearedCookie() }) },
  { method: 'GET', pattern: /^\/session$/, run: (_s, who) => ok(requireRole(who)) },
  { method: 'GET', pattern: /^\/levels$/, run: (s, who) => ok(listLevels(s, who)) },
  { method: 'GET', pattern: /^\/levels\/([^/]+)$/, run: (s, who, _b, [id]) => ok(getLevel(s, who, id!)) },
  { method: 'GET', pattern: /^\/course$/, run: async (s, who, _b, _p, q) => ok(await getCourse(s, who, q)) },
  {
    method: 'GET',
    pattern: /^\/progress$/,
    run: async (s, who, _b, _p, q) => ok((await getCourse(s, who, q)).tracks.flatMap((t) => t.levels)),
  },
  { method: 'GET', pattern: /^\/results$/, run: async (s, who, _b, _p, q) => ok(await getResults(s, who, q)) },
  { method: 'POST', pattern: /^\/sessions$/, run: async (s, who, body) => ok(await createSession(s, who, body), 201) },
  {
    method: 'POST',
    pattern: /^\/sessions\/join$/,
    run: async (s, who, body) => ok(await routed(s, 'session:join', joinSession, who, body)),
  },
  { method: 'GET', pattern: /^\/sessions$/, run: async (s, who) => ok(await listSessions(s, who)) },
  {
    method: 'GET',
    pattern: /^\/sessions\/([^/]+)\/results\.csv$/,
    run: async (s, who, _b, [id]) => ({
      status: 200,
      body: await routed(s, 'session:export', exportResults, who, { sessionId: id }),
      contentType: 'text/csv; charset=utf-8',
      filename: `underlay-session-${id}.csv`,
    }),
  },
  { method: 'GET', pattern: /^\/openapi\.json$/, run: () => ({ status: 200, body: openApiDocument() }) },
  { method: 'POST', pattern: /^\/attempts$/, run: async (s, who, body) => ok(await startAttempt(s, who, body), 201) },
  {
    method: 'GET',
    pattern: /^\/attempts\/([^/]+)$/,
    run: async (s, who, _b, [id]) => ok(await routed(s, 'attempt:get', getAttempt, who, { attemptId: id })),
  },
  {
    method: 'POST',
    pattern: /^\/attempts\/([^/]+)\/steps$/,
    run: async (s, who, body, [id]) =>
      ok(await routed(s, 'attempt:step', applyStep, who, { ...(body as object), attemptId: id })),
  },
  {
    method: 'POST',
    pattern: /^\/attempts\/([^/]+)\/grade$/,
    run: async (s, who, _b, [id]) => ok(await routed(s, 'attempt:grade', gradeAttempt, who, { attemptId: id })),
  },
  {
    method: 'POST',
    pattern: /^\/attempts\/([^/]+)\/hints$/,
    run: async (s, who, body, [id]) =>
      ok(await routed(s, 'attempt:hint', useHint, who, { ...(body as object), attemptId: id })),
  },
];

/**
 * Runs a use case where the transport says it belongs (the node holding the session's room,
 * with several processes), or here; an error comes back as the same AppError either way.
 */
async function routed<T>(
  s: Services,
  event: ClientEvent,
  local: (s: Services, who: Principal | undefined, input: unknown) => Promise<T>,
  who: Principal | undefined,
  input: unknown,
): Promise<T> {
  if (!s.route) return local(s, who, input);
  const ack = await s.route(event, who, input);
  if (ack.ok) return ack.data as T;
  throw new AppError(ack.error.code as ErrorCode, ack.error.details, ack.error.message);
}

const limiter = new RateLimiter(20, 40);

/** Routes one request; errors become `{ ok: false, error }` with the table's status, never a stack. */
export async function handleApi(s: Services, req: ApiRequest): Promise<ApiResponse> {
  const who = verifyToken(s.secret, readCookie(req.cookie));
  try {
    if (!limiter.take(who?.userId ?? req.client ?? 'anonymous')) throw new AppError('RATE_LIMITED');
    for (const r of ROUTES) {
      const m = r.pattern.exec(req.path);
      if (!m) continue;
      if (r.method !== req.method) continue;
      return await r.run(s, who, req.body ?? {}, m.slice(1).map(decodeURIComponent), req.query ?? {});
    }
    throw new AppError('NOT_FOUND');
  } catch (e) {
    const error = toPublicError(e);
    return { status: e instanceof AppError ? e.status : 500, body: { ok: false, error } };
  }
}

/** The routes, for the test that holds them to the OpenAPI description. */
export const ROUTE_SIGNATURES = ROUTES.map((r) => ({ method: r.method, pattern: r.pattern }));
