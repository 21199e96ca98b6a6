import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { parse } from 'yaml';
import { emit, startTestServer, type TestServer } from './server-fixture';
import { storedSteps } from './live-helpers';

const LEVEL = '01-where-is-my-public-ip';
const levelDir = path.resolve(import.meta.dirname, '../../challenges', LEVEL);

describe('playing a level over socket.io, graded on the server', () => {
  let server: TestServer;
  let learner: Socket;
  const received: string[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    learner = await server.client(await server.join('Ana'));
    learner.onAny((event, ...args) => received.push(JSON.stringify([event, args])));
  }, 60_000);
  afterAll(() => server.close());

  /** Every payload the learner's socket receives is kept, to inspect for leaks. */
  async function call<T>(event: string, payload?: unknown) {
    const r = await emit<T>(learner, event, payload);
    received.push(JSON.stringify(r));
    return r;
  }

  it('plays level 1 to a full score and never sends a hidden check or the solution', async () => {
    const levels =
      await call<{ id: string; visibleChecks: unknown[]; hiddenChecks: { count: number } }[]>('level:list');
    expect(levels.ok).toBe(true);
    expect(levels.data!.map((l) => l.id)).toContain(LEVEL);
    const started = await call<{
      attemptId: string;
      version: number;
      topology: { instances: { interfaces: Record<string, unknown>[] }[] };
    }>('attempt:start', { levelId: LEVEL });
    expect(started.ok).toBe(true);
    const attemptId = started.data!.attemptId;
    // level 1 hides public addresses from the inspector
    expect(JSON.stringify(started.data!.topology)).not.toContain('198.51.100.10');

    const first = await call<{
      score: number;
      checks: { visible: boolean; passed: boolean; id: string; steps?: unknown[] }[];
    }>('attempt:grade', { attemptId });
    expect(first.data!.score).toBe(55);
    const hiddenFailed = first.data!.checks.filter((c) => !c.visible && !c.passed);
    expect(hiddenFailed).toHaveLength(2);
    for (const c of hiddenFailed)
      expect(Object.keys(c).sort()).toEqual(['earned', 'feedback', 'id', 'passed', 'points', 'requiresMet', 'visible']);
    expect(first.data!.checks.find((c) => c.visible && c.id === 'hairpin-ping')!.steps!.length).toBeGreaterThan(0);

    // the learner finds the address, then fixes the group
    const imds = await call<{ report: { output: string } }>('attempt:step', {
      attemptId,
      step: { run: { on: 'i-a', cmd: 'curl -s http://169.254.169.254/latest/meta-data/public-ipv4' } },
    });
    expect(imds.data!.report.output).toBe('198.51.100.10');
    for (const aws of [
      'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
      'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
      'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
    ]) {
      const r = await call<{ report: { ok: boolean }; version: number }>('attempt:step', { attemptId, step: { aws } });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
    const hint = await call<{ text: string; cost: number }>('attempt:hint', { attemptId, index: 0 });
    expect(hint.data!.cost).toBe(5);
    const graded = await call<{ score: number; maxScore: number; hintPenalty: number; complete: boolean }>(
      'attempt:grade',
      { attemptId },
    );
    expect(graded.data).toMatchObject({ score: 95, maxScore: 100, hintPenalty: 5, complete: true });
    const row = await server.services.db.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      include: { grades: true, hints: true },
    });
    // the metadata lookup changed nothing, so it is not stored: three steps are
    expect(row).toMatchObject({ version: 3, bestScore: 95 });
    expect(await storedSteps(server.services.db, attemptId)).toHaveLength(3);
    expect(row.grades.map((g) => g.score)).toEqual(expect.arrayContaining([55, 95]));
    expect(row.hints.map((h) => h.hintIndex)).toEqual([0]);

    // Nothing the server sent names a hidden check, its traffic, or the solution's text.
    const challenge = parse(readFileSync(path.join(levelDir, 'challenge.yaml'), 'utf8')) as {
      checks: { id: string; visible: boolean; steps: { expect?: { from: string; to: string } }[] }[];
    };
    const hidden = challenge.checks.filter((c) => !c.visible);
    const forbidden = [
      ...hidden.map((c) => `"${c.id}"`),
      ...hidden.flatMap((c) => c.steps.filter((s) => s.expect).map((s) => `${s.expect!.from} -> ${s.expect!.to}`)),
      ...readFileSync(path.join(levelDir, 'solution.yaml'), 'utf8')
        .split('\n')
        .filter((l) => l.trim().startsWith('#'))
        .map((l) => l.trim().replace(/^#\s*/, ''))
        .filter((l) => l.length > 20),
    ];
    expect(forbidden.length).toBeGreaterThan(5);
    const everything = received.join('\n');
    for (const f of forbidden) expect(everything.includes(f), `the server sent "${f}"`).toBe(false);
  });

  it('refuses a change the level does not allow, and an invalid one, changing nothing', async () => {
    const started = await call<{ attemptId: string; version: number }>('attempt:start', { levelId: LEVEL });
    const attemptId = started.data!.attemptId;
    const refused = await call('attempt:step', {
      attemptId,
      step: { aws: 'ec2 authorize-security-group-ingress --group-id sg-hosts --protocol -1 --cidr 0.0.0.0/0' },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_ALLOWED_IN_LEVEL',
        message: 'this level lets you call authorize-security-group-ingress only on sg-b',
      },
    });
    const readOnly = await call('attempt:step', {
      attemptId,
      step: { run: { on: 'i-c', cmd: 'ip route del default' } },
    });
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_IN_LEVEL' } });
    const invalid = await call('attempt:step', {
      attemptId,
      step: { expect: { from: 'i-a', to: 'i-b', protocol: 'icmpp', result: 'roundtrip' } },
    });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: [{ path: 'step.expect.protocol' }] },
    });
    const stale = await call('attempt:step', { attemptId, version: 7, step: { wait: 1 } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE_VERSION' } });
    const bad = await call('attempt:step', { attemptId: 'nope', step: {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: [{ path: 'attemptId' }] } });
    const row = await server.services.db.attempt.findUniqueOrThrow({ where: { id: attemptId } });
    expect(row).toMatchObject({ version: 0 });
    expect(await storedSteps(server.services.db, attemptId)).toEqual([]);
    // an AWS refusal is the CLI's output, not a server error, and is not recorded as a change
    const aws = await call<{ report: { ok: boolean; error: string } }>('attempt:step', {
      attemptId,
      step: { aws: 'ec2 create-route --route-table-id rtb-pub --destination-cidr-block 0.0.0.0/0 --gateway-id igw-1' },
    });
    expect(aws.data!.report.error).toContain(
      'An error occurred (RouteAlreadyExists) when calling the CreateRoute operation',
    );
    expect(aws.data).toMatchObject({ version: 0 });
    expect(await storedSteps(server.services.db, attemptId)).toEqual([]);
  });

  it('keeps each learner to their own attempts, and refuses everything before joining', async () => {
    const mine = await call<{ attemptId: string }>('attempt:start', { levelId: LEVEL });
    const other = await server.client(await server.join('Bo'));
    expect(await emit(other, 'attempt:get', { attemptId: mine.data!.attemptId })).toMatchObject({
      ok: false,
      error: { code: 'ATTEMPT_NOT_FOUND' },
    });
    expect(await emit(other, 'attempt:step', { attemptId: mine.data!.attemptId, step: { wait: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'ATTEMPT_NOT_FOUND' },
    });
    const anonymous = await server.client();
    for (const [event, payload] of [
      ['level:list', undefined],
      ['attempt:start', { levelId: LEVEL }],
      ['attempt:get', { attemptId: mine.data!.attemptId }],
      ['attempt:step', { attemptId: mine.data!.attemptId, step: { wait: 1 } }],
      ['attempt:grade', { attemptId: mine.data!.attemptId }],
      ['attempt:hint', { attemptId: mine.data!.attemptId, index: 0 }],
    ] as const) {
      expect(await emit(anonymous, event, payload), event).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    }
  });

  it('rate-limits a socket that floods the server', async () => {
    const flood = await server.client(await server.join('Flood'));
    const replies = await Promise.all(Array.from({ length: 40 }, () => emit(flood, 'level:list')));
    expect(replies.filter((r) => !r.ok && r.error!.code === 'RATE_LIMITED').length).toBeGreaterThan(10);
  });
});
