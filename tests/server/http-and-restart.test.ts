import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInstructor } from '../../app/_server/auth/sign-in';
import { startTestServer } from './server-fixture';

const LEVEL = '02-private-subnet-nat';

for (const backend of ['pglite', 'postgresql'] as const) {
  describe(`the JSON API on ${backend}`, () => {
    it('runs the same use cases as the socket events, with coded errors and cookies', async () => {
      const server = await startTestServer({ backend });
      try {
        expect(await server.api('GET', '/levels')).toMatchObject({
          status: 401,
          body: { ok: false, error: { code: 'UNAUTHENTICATED' } },
        });
        expect(await server.api('POST', '/session/learner', { displayName: '' })).toMatchObject({
          status: 400,
          body: { error: { code: 'INVALID_INPUT', details: [{ path: 'displayName', message: 'a name is needed' }] } },
        });
        const cookie = await server.join('Ana');
        expect(cookie).toMatch(/^underlay_session=/);
        const levels = await server.api('GET', '/levels', undefined, cookie);
        expect((levels.body as { data: { id: string }[] }).data.map((l) => l.id)).toContain(
          '05-stateful-meets-stateless',
        );
        const start = await server.api('POST', '/attempts', { levelId: LEVEL }, cookie);
        expect(start.status).toBe(201);
        const id = (start.body as { data: { attemptId: string } }).data.attemptId;
        const steps = [
          'ec2 create-nat-gateway --subnet-id subnet-egress --allocation-id eipalloc-reg --private-ip-address 10.0.10.100',
          'ec2 create-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-1',
          'ec2 associate-route-table --route-table-id rtb-pub --subnet-id subnet-egress',
        ];
        for (const aws of steps)
          expect((await server.api('POST', `/attempts/${id}/steps`, { step: { aws } }, cookie)).status).toBe(200);
        expect(
          await server.api(
            'POST',
            `/attempts/${id}/steps`,
            { step: { run: { on: 'i-db', cmd: 'ip route add 10.9.0.0/16 via 10.0.2.9' } } },
            cookie,
          ),
        ).toMatchObject({ status: 403, body: { error: { code: 'NOT_ALLOWED_IN_LEVEL' } } });
        const grade = await server.api('POST', `/attempts/${id}/grade`, {}, cookie);
        expect(grade).toMatchObject({ status: 200, body: { ok: true, data: { score: 100, complete: true } } });
        expect(await server.api('GET', `/attempts/${id}`, undefined, await server.join('Bo'))).toMatchObject({
          status: 404,
          body: { error: { code: 'ATTEMPT_NOT_FOUND' } },
        });
        expect(await server.api('GET', '/nowhere', undefined, cookie)).toMatchObject({
          status: 404,
          body: { error: { code: 'NOT_FOUND' } },
        });

        await createInstructor(server.services.db, {
          email: 'Teach@Example.com',
          password: 'correct horse battery',
          displayName: 'Teach',
        });
        expect(
          await server.api('POST', '/session/instructor', { email: 'teach@example.com', password: 'wrong password!' }),
        ).toMatchObject({ status: 401, body: { error: { code: 'BAD_CREDENTIALS' } } });
        const signed = await server.api('POST', '/session/instructor', {
          email: 'teach@example.com',
          password: 'correct horse battery',
        });
        expect(signed).toMatchObject({ status: 200, body: { data: { role: 'instructor', displayName: 'Teach' } } });
        // an instructor sees only the learners of their own sessions (Ana never joined one), and plays no attempt
        const teacher = signed.setCookie!.split(';')[0]!;
        expect((await server.api('GET', `/attempts/${id}`, undefined, teacher)).status).toBe(404);
        expect((await server.api('POST', `/attempts/${id}/steps`, { step: { wait: 1 } }, teacher)).status).toBe(404);
        await expect(
          createInstructor(server.services.db, {
            email: 'teach@example.com',
            password: 'another long one',
            displayName: 'X',
          }),
        ).rejects.toMatchObject({ code: 'EMAIL_TAKEN' });
      } finally {
        await server.close();
      }
    }, 120_000);
  });
}

describe('restarting the server', () => {
  it('loses no stored attempt: it is rebuilt from its steps', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-data-'));
    const first = await startTestServer({ dataDir });
    const cookie = await first.join('Ana');
    const id = (
      (await first.api('POST', '/attempts', { levelId: '01-where-is-my-public-ip' }, cookie)).body as {
        data: { attemptId: string };
      }
    ).data.attemptId;
    await first.api(
      'POST',
      `/attempts/${id}/steps`,
      { step: { aws: 'ec2 delete-route --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0' } },
      cookie,
    );
    await first.api(
      'POST',
      `/attempts/${id}/steps`,
      { step: { run: { on: 'i-a', cmd: 'ip route add 198.51.100.20/32 via 10.0.1.20' } } },
      cookie,
    );
    await first.close();

    const second = await startTestServer({ dataDir });
    try {
      // the same data directory keeps the session secret, so the cookie still works
      const back = await second.api('GET', `/attempts/${id}`, undefined, cookie);
      expect(back).toMatchObject({ status: 200, body: { data: { version: 2, steps: 2 } } });
      const routes = await second.api(
        'POST',
        `/attempts/${id}/steps`,
        { step: { run: { on: 'i-a', cmd: 'ip route' } } },
        cookie,
      );
      expect((routes.body as { data: { report: { output: string } } }).data.report.output).toContain(
        '198.51.100.20 via 10.0.1.20 dev eth0',
      );
      const grade = await second.api('POST', `/attempts/${id}/grade`, {}, cookie);
      const checks = (grade.body as { data: { checks: { id: string; passed: boolean }[] } }).data.checks;
      expect(checks.find((c) => c.id === 'hairpin-ping')!.passed).toBe(false);
    } finally {
      await second.close();
    }
  }, 120_000);
});

describe('npm run user:create', () => {
  it('creates an instructor who can then sign in, and explains its usage', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'underlay-user-'));
    const root = path.resolve(import.meta.dirname, '../..');
    const run = (args: string[]) =>
      spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/user-create.ts', ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATA_DIR: dataDir },
      });
    expect(run([])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage: npm run user:create') });
    const made = run(['--email', 'ada@example.com', '--password', 'a long enough secret', '--name', 'Ada']);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain('created instructor ada@example.com');
    const again = run(['--email', 'ada@example.com', '--password', 'a long enough secret']);
    expect(again).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('An account with this email already exists.'),
    });
    expect(run(['--email', 'bob@example.com', '--password', 'short']).stderr).toContain('at least 10 characters');
  }, 120_000);
});
