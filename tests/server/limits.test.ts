import { request } from 'node:http';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttemptView } from '../../app/_shared/views';
import { createInstructor } from '../../app/_server/auth/sign-in';
import { REDIS_URL } from './cluster-fixture';
import { freshPostgres } from './pg-fixture';
import { emit, startTestServer, type TestServer } from './server-fixture';

const L1 = '01-where-is-my-public-ip';
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function server(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(opts);
  servers.push(s);
  return s;
}

/** Sends `n` events on each socket at once; how many were accepted (not RATE_LIMITED). */
async function flood(sockets: Socket[], n: number): Promise<{ accepted: number; limited: number }> {
  const answers = await Promise.all(sockets.flatMap((s) => Array.from({ length: n }, () => emit(s, 'level:list'))));
  return {
    accepted: answers.filter((a) => a.ok).length,
    limited: answers.filter((a) => a.error?.code === 'RATE_LIMITED').length,
  };
}

describe('limits a client cannot walk around (issue 11)', () => {
  it('keys the anonymous HTTP limit on the connection, not on a forwarded address the client wrote', async () => {
    const s = await server({ limits: { apiPerAddressPerSecond: 100 } });
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        s.api('GET', '/levels', undefined, undefined, { 'x-forwarded-for': `203.0.113.${i % 250}` }),
      ),
    );
    const through = replies.filter((r) => r.status !== 429).length;
    // 20 a second, in bursts of 40: rotating the header buys nothing (issue 11: 200 of 200 got through)
    expect(through).toBeLessThanOrEqual(45);
    expect(replies.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('believes X-Forwarded-For only as far as TRUST_PROXY says, counting from the right', async () => {
    const s = await server({ config: { trustProxy: 1 }, limits: { apiPerAddressPerSecond: 100 } });
    // behind one proxy, the address it saw is the last entry: each of these is another client
    const replies = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        s.api('GET', '/levels', undefined, undefined, { 'x-forwarded-for': `6.6.6.6, 198.51.100.${i}` }),
      ),
    );
    expect(replies.filter((r) => r.status === 429)).toHaveLength(0);
    // a client that forges the left part changes nothing: the proxy's entry is still theirs
    const forged = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        s.api('GET', '/levels', undefined, undefined, { 'x-forwarded-for': `10.0.0.${i}, 192.0.2.7` }),
      ),
    );
    expect(forged.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(45);
  });

  it('limits socket events per principal over all of their connections (issue 11: 500 sockets, 10,000 events)', async () => {
    const s = await server();
    const cookie = await s.join('Many');
    const sockets = await Promise.all(Array.from({ length: 8 }, () => s.client(cookie)));
    const { accepted, limited } = await flood(sockets, 25);
    // 10 a second in bursts of 20, whatever the number of sockets
    expect(accepted).toBeLessThanOrEqual(24);
    expect(accepted).toBeGreaterThanOrEqual(15);
    expect(limited).toBe(200 - accepted);
  });

  it('limits how many sockets one principal holds open', async () => {
    const s = await server({ limits: { openConnections: 3 } });
    const cookie = await s.join('Tabs');
    for (let i = 0; i < 3; i++) await s.client(cookie);
    const refused = await s.client(cookie).then(
      () => undefined,
      (e: Error & { data?: { code: string; message: string } }) => e.data,
    );
    expect(refused).toEqual({
      code: 'TOO_MANY_CONNECTIONS',
      message: 'At most 3 tabs may be open at once; close one and reload.',
    });
  });

  it('limits learner accounts per address (issue 11: 372 a second from one client)', async () => {
    const s = await server({ limits: { joinsPerAddress: 10 } });
    const replies = await Promise.all(
      Array.from({ length: 15 }, (_, i) => s.api('POST', '/session/learner', { displayName: `L${i}` })),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(10);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.body).toMatchObject({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(
          /^Too many learners joined from this address just now\. Try again in \d+ minutes?\.$/,
        ),
      },
    });
    expect(await s.services.db.user.count({ where: { role: 'learner' } })).toBe(10);
  });

  it('locks out password guessing per email and address, and an unknown email answers as slowly as a known one', async () => {
    const s = await server({ config: { trustProxy: 1 } });
    await createInstructor(s.services.db, {
      email: 'teach@example.com',
      password: 'correct horse battery',
      displayName: 'Teach',
    });
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const guess = (password: string, address: string, email = 'teach@example.com') =>
      s.api('POST', '/session/instructor', { email, password }, undefined, from(address));
    for (let i = 0; i < 5; i++) expect((await guess(`guess ${i}`, '198.51.100.1')).status).toBe(401);
    // the sixth try from there is refused, even with the right password (issue 11: 49 guesses a second)
    const locked = await guess('correct horse battery', '198.51.100.1');
    expect(locked).toMatchObject({
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: 'Too many failed sign-ins. Try again in 15 minutes.' } },
    });
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    // the instructor, elsewhere, still gets in
    expect((await guess('correct horse battery', '198.51.100.2')).status).toBe(200);

    // timing: the median answer to a wrong password, for a known and for unknown emails, taken in
    // turns so that whatever else loads the machine weighs on both alike
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 11; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        const email = kind === 'known' ? 'teach@example.com' : `nobody-${i}@example.com`;
        const t0 = performance.now();
        expect((await guess('wrong password', `203.0.113.${i + 10}`, email)).status).toBe(401);
        times[kind].push(performance.now() - t0);
      }
    }
    const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
    const known = median(times.known);
    const unknown = median(times.unknown);
    // issue 11: 7 ms against 54 ms (a ratio of 0.13); both now run one scrypt. The bounds leave
    // room for a loaded 2-core machine (0.57 was seen with the whole suite running) and still
    // fail the leak they guard against by a factor of three
    expect(unknown / known).toBeGreaterThan(0.4);
    expect(unknown / known).toBeLessThan(2.5);
  }, 60_000);

  it('bounds request bodies: a huge one is refused before it is read, a step over HTTP as over sockets', async () => {
    const s = await server();
    const cookie = await s.join('Big');
    const rss = process.memoryUsage().rss;
    // 200 MB announced: refused from the headers, at once
    const t0 = performance.now();
    const announced = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${s.url}/api/attempts`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024 * 1024), cookie },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.write('{"levelId":"');
      // the server answers without waiting for the rest
    });
    expect(announced).toBe(413);
    expect(performance.now() - t0).toBeLessThan(1000);
    // 5 MB without a length (chunked): cut off after the limit
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${s.url}/api/attempts`,
        { method: 'POST', headers: { 'content-type': 'application/json', cookie } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', (e) => (String(e).includes('EPIPE') || String(e).includes('ECONNRESET') ? undefined : reject(e)));
      const mb = 'x'.repeat(1024 * 1024);
      for (let i = 0; i < 5; i++) req.write(mb);
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    // a 40 kB step: refused over HTTP as over sockets (issue 11: 5 MB steps were stored over HTTP)
    const id = ((await s.api('POST', '/attempts', { levelId: L1 }, cookie)).body as { data: AttemptView }).data
      .attemptId;
    const big = await s.api(
      'POST',
      `/attempts/${id}/steps`,
      { step: { aws: `ec2 describe-vpcs ${'x'.repeat(40_000)}` } },
      cookie,
    );
    expect(big).toMatchObject({ status: 413, body: { error: { code: 'MESSAGE_TOO_LARGE' } } });
    const socket = await s.client(cookie);
    expect(
      await emit(socket, 'attempt:step', { attemptId: id, step: { aws: `ec2 describe-vpcs ${'x'.repeat(40_000)}` } }),
    ).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(await s.services.db.attemptStep.count({ where: { attemptId: id } })).toBe(0);
  });

  it('answers a NUL character or absurd nesting with a 400 that says where, not a 500', async () => {
    const s = await server();
    const cookie = await s.join('Odd');
    const id = ((await s.api('POST', '/attempts', { levelId: L1 }, cookie)).body as { data: AttemptView }).data
      .attemptId;
    const nul = await s.api('POST', `/attempts/${id}/steps`, '{"step":{"aws":"ec2 describe-vpcs \\u0000"}}', cookie);
    expect(nul).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', details: [{ path: 'step.aws', message: 'contains a NUL character' }] } },
    });
    // 10,000 levels in 20 kB (issue 11: a 500 with a stack overflow behind it)
    const deep = `{"step":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const nested = await s.api('POST', `/attempts/${id}/steps`, deep, cookie);
    expect(nested).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('nests deeper than 32 levels') } },
    });
    const notJson = await s.api('POST', `/attempts/${id}/steps`, '{"step":', cookie);
    expect(notJson).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: 'The request body is not JSON.' } },
    });
    const socket = await s.client(cookie);
    expect(
      await emit(socket, 'attempt:step', { attemptId: id, step: { aws: 'ec2 describe-vpcs \u0000' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: [{ path: 'step.aws', message: 'contains a NUL character' }] },
    });
    expect(await s.services.db.attemptStep.count({ where: { attemptId: id } })).toBe(0);
  });
});

describe('limits shared by every node through Redis', () => {
  it('counts one principal’s socket events across two nodes together', async () => {
    const pg = await freshPostgres('limits');
    const prefix = `underlay-test:limits:${process.pid}:${Date.now()}`;
    const config = {
      databaseUrl: pg.url,
      redisUrl: REDIS_URL,
      redisPrefix: prefix,
      sessionSecret: 'limits-test-secret-limits-test-secret-0',
    };
    try {
      const a = await server({ config });
      const b = await server({ config });
      const cookie = await a.join('Twice');
      const sockets = [
        ...(await Promise.all([1, 2, 3].map(() => a.client(cookie)))),
        ...(await Promise.all([1, 2, 3].map(() => b.client(cookie)))),
      ];
      const { accepted } = await flood(sockets, 20);
      // one budget of 20 for both nodes, not 20 each
      expect(accepted).toBeLessThanOrEqual(24);
      expect(accepted).toBeGreaterThanOrEqual(15);
    } finally {
      for (const s of servers.splice(-2)) await s.close();
      await pg.drop();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  }, 60_000);
});
