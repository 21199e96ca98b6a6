import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LearnerSessionView, SessionSummary } from '../../app/_shared/live-events';
import { PROTOCOL_VERSION } from '../../app/_shared/protocol';
import type { AttemptView, GradeView } from '../../app/_shared/views';
import { createLogger } from '../../app/_server/log';
import { ok, until } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const L1 = '01-where-is-my-public-ip';
const FIXES = [
  'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
  'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
];

describe('what a browser on another site, an old tab and a signed-out cookie can do (issue 11)', () => {
  let server: TestServer;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const log = createLogger('info', {
      write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>),
    });
    server = await startTestServer({ log, config: { trustProxy: 1 } });
  }, 60_000);
  afterAll(() => server.close());

  const attemptOf = async (cookie: string) =>
    ((await server.api('POST', '/attempts', { levelId: L1 }, cookie)).body as { data: AttemptView }).data.attemptId;

  it('refuses a state change from another site’s page, and changes nothing (issue 11: a text/plain POST applied a step)', async () => {
    const cookie = await server.join('Ana');
    const id = await attemptOf(cookie);
    const evil = { origin: 'http://evil.example' };
    const step = JSON.stringify({ step: { aws: FIXES[0] } });
    const forged = await server.api('POST', `/attempts/${id}/steps`, step, cookie, {
      ...evil,
      'content-type': 'text/plain',
    });
    expect(forged).toMatchObject({ status: 403, body: { error: { code: 'CROSS_ORIGIN' } } });
    const teacher = await server.instructor('Teach');
    const session = await server.api('POST', '/sessions', { title: 'x', mode: 'solo', levelIds: [L1] }, teacher, evil);
    expect(session.status).toBe(403);
    expect(await server.services.db.liveSession.count()).toBe(0);
    // a fetch that says only that it is cross-site is refused too
    expect(
      (
        await server.api('POST', `/attempts/${id}/steps`, step, cookie, {
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/json',
        })
      ).status,
    ).toBe(403);
    expect(await server.services.db.attemptStep.count({ where: { attemptId: id } })).toBe(0);
    // the server's own page (Origin's host = Host) may; a body that is not JSON is refused as such
    const own = { origin: server.url };
    expect(
      (await server.api('POST', `/attempts/${id}/steps`, step, cookie, { ...own, 'content-type': 'text/plain' }))
        .status,
    ).toBe(415);
    expect((await server.api('POST', `/attempts/${id}/steps`, { step: { aws: FIXES[0] } }, cookie, own)).status).toBe(
      200,
    );
  });

  it('refuses a WebSocket from another site, with a typed reason (issue 11: one from http://evil.example connected)', async () => {
    const cookie = await server.join('Ben');
    const refused = await server.client(cookie, { extraHeaders: { cookie, origin: 'http://evil.example' } }).then(
      () => undefined,
      (e: Error & { data?: { code: string } }) => e.data?.code,
    );
    expect(refused).toBe('ORIGIN_NOT_ALLOWED');
    const fine = await server.client(cookie, { extraHeaders: { cookie, origin: server.url } });
    expect(fine.connected).toBe(true);
  });

  it('tells an old tab to reload: the handshake carries the protocol version, a mismatch is refused with its reason', async () => {
    const cookie = await server.join('Old');
    for (const auth of [{ protocol: 1 }, {}]) {
      const refused = await server.client(cookie, { auth }).then(
        () => undefined,
        (e: Error & { data?: unknown }) => e.data,
      );
      expect(refused).toEqual({
        code: 'PROTOCOL_MISMATCH',
        message: 'Underlay was updated since this page loaded: reload the page to continue.',
        server: PROTOCOL_VERSION,
      });
    }
  });

  it('signing out revokes the sign-in on the server: the old cookie no longer works, its sockets close', async () => {
    const cookie = await server.join('Cy');
    const socket = await server.client(cookie);
    expect((await server.api('GET', '/session', undefined, cookie)).status).toBe(200);
    const out = await server.api('DELETE', '/session', undefined, cookie);
    expect(out.setCookie).toMatch(/^underlay_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    await until(() => !socket.connected, 3000, 'the socket of the revoked sign-in to close');
    // a copy of the cookie is worth nothing now (issue 11: sign-out only cleared the browser's copy)
    expect(await server.api('GET', '/session', undefined, cookie)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED' } },
    });
    const again = await server.client(cookie);
    expect((await emit(again, 'level:list')).error?.code).toBe('UNAUTHENTICATED');
  });

  it('renames the caller: the account row and a new cookie carry the new name, the old cookie is revoked', async () => {
    const cookie = await server.join('Gus');
    const bad = await server.api('PATCH', '/session', { displayName: '   ' }, cookie);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect((await server.api('GET', '/session', undefined, cookie)).body).toMatchObject({
      data: { displayName: 'Gus' },
    });
    const renamed = await server.api('PATCH', '/session', { displayName: 'Augustus' }, cookie);
    expect(renamed).toMatchObject({ status: 200, body: { data: { displayName: 'Augustus', role: 'learner' } } });
    const fresh = renamed.setCookie!.split(';')[0]!;
    expect((await server.api('GET', '/session', undefined, fresh)).body).toMatchObject({
      data: { displayName: 'Augustus' },
    });
    expect((await server.api('GET', '/session', undefined, cookie)).status).toBe(401);
    const userId = (renamed.body as { data: { userId: string } }).data.userId;
    expect((await server.services.db.user.findUnique({ where: { id: userId } }))?.displayName).toBe('Augustus');
  });

  it('marks the cookie Secure behind HTTPS, and sends the usual security headers', async () => {
    const plain = await server.api('POST', '/session/learner', { displayName: 'Dee' });
    expect(plain.setCookie).not.toContain('Secure');
    const https = await server.api('POST', '/session/learner', { displayName: 'Eve' }, undefined, {
      'x-forwarded-proto': 'https',
    });
    expect(https.setCookie).toMatch(/; Secure$/);
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
    for (const [h, v] of [
      ['x-content-type-options', 'nosniff'],
      ['x-frame-options', 'DENY'],
      ['referrer-policy', 'strict-origin-when-cross-origin'],
      ['cross-origin-opener-policy', 'same-origin'],
      ['cache-control', 'no-store'],
    ] as const)
      expect(plain.headers.get(h), h).toBe(v);
    expect(plain.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs an unexpected error once, with its cause and the request id the client got, and tells the client nothing more', async () => {
    const cookie = await server.join('Fay');
    const id = await attemptOf(cookie);
    server.services.attempts.drop(id);
    const db = server.services.db;
    const real = db.attemptStep.findMany.bind(db.attemptStep);
    const attempt = await db.attempt.findUniqueOrThrow({ where: { id } });
    await db.attempt.update({ where: { id }, data: { version: 1 } });
    // the rebuild's read fails once, as a database would
    (db.attemptStep as { findMany: unknown }).findMany = () =>
      Promise.reject(new Error('connection reset by the database'));
    const before = logged.length;
    const r = await server.api('GET', `/attempts/${id}`, undefined, cookie);
    (db.attemptStep as { findMany: unknown }).findMany = real;
    await db.attempt.update({ where: { id }, data: { version: attempt.version } });
    expect(r).toMatchObject({
      status: 500,
      body: {
        ok: false,
        error: { code: 'INTERNAL', message: 'Something went wrong on the server. Nothing was changed.' },
      },
    });
    expect(JSON.stringify(r.body)).not.toContain('connection reset');
    const errors = logged.slice(before).filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      requestId: r.headers.get('x-request-id'),
      op: 'attempt:get',
      err: { message: 'connection reset by the database' },
    });
    expect(String((errors[0]!.err as { stack: string }).stack)).toContain('Error: connection reset by the database');
  });

  it('takes POST /attempts/:id/grade without a body, as the OpenAPI file says', async () => {
    const cookie = await server.join('Gus');
    const id = await attemptOf(cookie);
    const res = await fetch(`${server.url}/api/attempts/${id}/grade`, { method: 'POST', headers: { cookie } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: GradeView }).data.score).toBe(55);
  });
});

describe('what an instructor may read (issue 11)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server.close());

  it('only their own sessions’ learners: results, course progress and attempts', async () => {
    const mine = await server.client(await server.instructor('Mine'));
    const other = await server.instructor('Other');
    const learnerCookie = await server.join('Lin');
    const learner = await server.client(learnerCookie);
    const session = await ok<SessionSummary>(mine, 'session:create', { title: 'Class', mode: 'solo', levelIds: [L1] });
    const view = await ok<LearnerSessionView>(learner, 'session:join', { code: session.code });
    const userId = view.me.userId;
    const solo = await ok<AttemptView>(learner, 'attempt:start', { levelId: L1 });
    const mineCookie = (mine.io.opts.extraHeaders as Record<string, string>).cookie!;
    for (const p of [`/results?userId=${userId}`, `/course?userId=${userId}`, `/progress?userId=${userId}`]) {
      expect((await server.api('GET', p, undefined, mineCookie)).status, p).toBe(200);
      // issue 11: any instructor read any learner
      expect(await server.api('GET', p, undefined, other), p).toMatchObject({
        status: 404,
        body: { error: { code: 'NOT_FOUND' } },
      });
    }
    expect((await server.api('GET', `/attempts/${solo.attemptId}`, undefined, mineCookie)).status).toBe(200);
    expect((await server.api('GET', `/attempts/${solo.attemptId}`, undefined, other)).status).toBe(404);
  });

  it('a hint the instructor pushes is free: the grade takes nothing off for it (issue 11: it cost 5 points)', async () => {
    const teacher = await server.client(await server.instructor('Hinter'));
    const session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Hints',
      mode: 'solo',
      levelIds: [L1],
    });
    const learner = await server.client(await server.join('Mo'));
    const view = await ok<LearnerSessionView>(learner, 'session:join', { code: session.code });
    const attempt = await ok<AttemptView>(learner, 'session:attempt', { sessionId: session.sessionId, levelId: L1 });
    for (const aws of FIXES) await ok(learner, 'attempt:step', { attemptId: attempt.attemptId, step: { aws } });
    expect(
      await ok(teacher, 'session:hint', {
        sessionId: session.sessionId,
        teamId: view.me.teamId,
        levelId: L1,
        index: 0,
      }),
    ).toEqual({ pushed: true });
    const grade = await ok<GradeView>(learner, 'attempt:grade', { attemptId: attempt.attemptId });
    expect(grade).toMatchObject({ score: 100, hintPenalty: 0, complete: true });
    // a hint the learner reveals still costs
    await ok(learner, 'attempt:hint', { attemptId: attempt.attemptId, index: 1 });
    const cost = (
      await server.services.db.hintUse.findUniqueOrThrow({
        where: { attemptId_hintIndex: { attemptId: attempt.attemptId, hintIndex: 1 } },
      })
    ).cost;
    expect(cost).toBeGreaterThan(0);
    expect(await ok<GradeView>(learner, 'attempt:grade', { attemptId: attempt.attemptId })).toMatchObject({
      score: 100 - cost,
      hintPenalty: cost,
    });
  });
});
