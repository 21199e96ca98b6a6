import type { IncomingMessage, ServerResponse } from 'node:http';
import { clearedCookie, sessionCookie } from '../auth/session-token';
import type { SignedIn } from '../auth/sign-in';
import { AppError, toPublicError, type PublicError } from '../errors';
import { take } from '../limits/limiters';
import { USE_CASES, type HttpRoute, type UseCaseName } from '../registry';
import type { Services } from '../services';
import { clientAddress, isSecure, originAllowed } from './client';
import { payloadProblem } from './payload';
import { requestId, type Router } from './router';
import { securityHeaders } from './security-headers';

interface Route {
  name: UseCaseName;
  http: HttpRoute;
  pattern: RegExp;
  params: string[];
}

/** The HTTP routes, from the registry: `/attempts/{attemptId}/steps` matches `/attempts/<id>/steps`. */
export const HTTP_ROUTES: Route[] = (Object.entries(USE_CASES) as [UseCaseName, (typeof USE_CASES)[UseCaseName]][])
  .filter(([, u]) => u.http)
  .map(([name, u]) => {
    const params = [...u.http!.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const pattern = new RegExp(`^${u.http!.path.replace(/\./g, '\\.').replace(/\{\w+\}/g, '([^/]+)')}$`);
    return { name, http: u.http!, pattern, params };
  });

/** Reads a body up to `limit` bytes; a longer one is refused before it is all read. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(declared, limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      // stop reading (the answer goes out, then the connection closes): nothing more is buffered
      req.off('data', onData);
      req.pause();
      reject(tooLarge(size, limit));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tooLarge(bytes: number, limit: number): AppError {
  return new AppError(
    'MESSAGE_TOO_LARGE',
    { bytes, limit },
    `The request body is ${bytes > limit * 4 ? 'far ' : ''}over ${limit} bytes, the most accepted.`,
  );
}

/** The input a use case gets: the JSON body (or the query string, for GET) and the path's parameters. */
async function input(
  req: IncomingMessage,
  url: URL,
  route: Route,
  match: RegExpExecArray,
  limit: number,
): Promise<unknown> {
  const fromPath = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
  if (req.method === 'GET' || req.method === 'DELETE')
    return route.http.query ? { ...Object.fromEntries(url.searchParams), ...fromPath } : fromPath;
  const raw = await readBody(req, limit);
  if (raw.length === 0) return fromPath;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      { contentType: type || '(none)' },
      'Send the request body as JSON (Content-Type: application/json).',
    );
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('INVALID_INPUT', [{ path: '(body)', message: 'is not JSON' }], 'The request body is not JSON.');
  }
  const bad = payloadProblem(body);
  if (bad) throw new AppError('INVALID_INPUT', [bad], `Invalid request: ${bad.path}: ${bad.message}`);
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new AppError(
      'INVALID_INPUT',
      [{ path: '(body)', message: 'is not a JSON object' }],
      'The request body must be a JSON object.',
    );
  return { ...(body as object), ...fromPath };
}

/**
 * The JSON API under /api, served by server.ts (and scripts/live-node.ts) before Next sees the
 * request. Every use case is reached through the registry and the router, as over sockets.
 * A state-changing request from another site is refused; bodies are bounded, must be JSON and
 * are checked for shape; callers are limited per principal and per address; every answer has a
 * request id, and an unexpected error is logged once with it.
 */
export function createHttpApi(
  s: Services,
  router: Router,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limits = s.config.limits;
  return async (req, res) => {
    const id = requestId(s.config.trustProxy > 0 ? (req.headers['x-request-id'] as string | undefined) : undefined);
    const address = clientAddress(req, s.config.trustProxy);
    const secure = isSecure(req, s.config);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      // a body left unread (refused as too large) ends the connection after this answer
      if (!req.complete) res.once('finish', () => req.socket.destroySoon());
      res.writeHead(status, {
        ...(req.complete ? {} : { connection: 'close' }),
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        'x-request-id': id,
        ...securityHeaders(secure),
        ...headers,
      });
      res.end(body);
    };
    const error = (e: PublicError, status: number) => {
      const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      send(status, JSON.stringify({ ok: false, error: e }), retry ? { 'retry-after': String(retry) } : {});
    };
    try {
      const url = new URL(req.url ?? '/', 'http://underlay');
      const path = url.pathname.replace(/^\/api/, '') || '/';
      const candidates = HTTP_ROUTES.filter((r) => r.pattern.test(path));
      const route = candidates.find((r) => r.http.method === req.method);
      if (!route) {
        if (candidates.length > 0)
          throw new AppError(
            'METHOD_NOT_ALLOWED',
            { allowed: candidates.map((r) => r.http.method) },
            `${req.method} is not allowed here; use ${candidates.map((r) => r.http.method).join(' or ')}.`,
          );
        throw new AppError('NOT_FOUND');
      }
      if (req.method !== 'GET' && !originAllowed(req, s.config.allowedOrigins)) throw new AppError('CROSS_ORIGIN');
      const caller = await s.signIns.resolve(req.headers.cookie);
      const who = caller ? caller.principal.userId : `anon:${address}`;
      const verdicts = await Promise.all([take(s.limiters.api, who), take(s.limiters.apiByAddress, address)]);
      const slow = verdicts.find((v) => !v.ok);
      if (slow && !slow.ok) throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.ceil(slow.retryMs / 1000) });
      const payload = await input(req, url, route, route.pattern.exec(path)!, route.http.bodyBytes ?? limits.bodyBytes);
      const ack = await router.dispatch(route.name, caller, payload, { address, secure, requestId: id });
      if (!ack.ok) return error(ack.error as PublicError, AppError.statusOf(ack.error.code));
      const status = route.http.status ?? 200;
      switch (route.http.as) {
        case 'sign-in': {
          const signedIn = ack.data as SignedIn;
          return send(status, JSON.stringify({ ok: true, data: signedIn.principal }), {
            'set-cookie': sessionCookie(signedIn.token, secure),
          });
        }
        case 'sign-out':
          return send(status, JSON.stringify({ ok: true, data: {} }), { 'set-cookie': clearedCookie(secure) });
        case 'csv':
          return send(status, String(ack.data), {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="underlay-session-${(payload as { sessionId: string }).sessionId}.csv"`,
          });
        case 'document':
          return send(status, JSON.stringify(ack.data));
        default:
          return send(status, JSON.stringify({ ok: true, data: ack.data }));
      }
    } catch (e) {
      if (!(e instanceof AppError) || e.code === 'INTERNAL')
        s.log.error(
          {
            err: e instanceof AppError && e.cause !== undefined ? e.cause : e,
            requestId: id,
            method: req.method,
            url: req.url,
          },
          'request failed',
        );
      error(toPublicError(e), e instanceof AppError ? e.status : 500);
    }
  };
}
