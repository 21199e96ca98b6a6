import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { SessionSummary } from '../../app/_shared/live-events';
import type { AttemptConsole, AttemptView, StepView } from '../../app/_shared/views';
import { CONSOLE_LIMITS, pruneConsole } from '../../app/_server/attempts/console-log';
import { emit, startTestServer, type TestServer } from './server-fixture';
import { ok, until } from './live-helpers';

const LEVEL = '01-where-is-my-public-ip';

/** Collects the console entries pushed to a socket. */
function consoleOf(socket: Socket): AttemptConsole[] {
  const got: AttemptConsole[] = [];
  socket.on('attempt:console', (c: AttemptConsole) => got.push(c));
  return got;
}

describe('the console is kept with the attempt on the server (issue 13)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server.close());

  it('follows the learner to another device: commands, outputs, refusals and the last trace; each page hears the others', async () => {
    const cookie = await server.join('Dev');
    const laptop = await server.client(cookie);
    const phone = await server.client(cookie);
    const heard = consoleOf(phone);
    const start = await ok<AttemptView>(laptop, 'attempt:open', { levelId: LEVEL });
    expect(start.console).toEqual([]);
    const attemptId = start.attemptId;

    const look = await ok<StepView>(laptop, 'attempt:step', {
      attemptId,
      step: { run: { on: 'i-a', cmd: 'ip -4 addr show dev eth0' } },
    });
    expect(look.entry).toMatchObject({ target: 'i-a', command: 'ip -4 addr show dev eth0', ok: true });
    expect(look.entry!.output).toContain('inet 10.0.1.10/24');
    const refused = await emit(laptop, 'attempt:step', {
      attemptId,
      step: { run: { on: 'i-a', cmd: 'traceroute 10.0.1.20' } },
    });
    expect(refused.error?.code).toBe('NOT_ALLOWED_IN_LEVEL');
    const refusedId = (refused.error?.details as { consoleEntryId?: number }).consoleEntryId;
    expect(refusedId).toBeGreaterThan(look.entry!.id);
    const ping = await ok<StepView>(laptop, 'attempt:step', {
      attemptId,
      step: { expect: { from: 'i-a', to: '198.51.100.20', protocol: 'icmp', result: 'roundtrip' } },
    });
    expect(ping.entry).toMatchObject({ target: 'traffic', command: 'i-a → 198.51.100.20 icmp' });

    // the phone heard all three, in order, the refusal with the level's alternatives
    await until(() => heard.length === 3, 3000, 'the three entries on the other page');
    expect(heard.map((h) => h.entry.id)).toEqual([look.entry!.id, refusedId, ping.entry!.id]);
    expect(heard[1]!.entry).toMatchObject({ ok: false, command: 'traceroute 10.0.1.20' });
    expect(heard[1]!.entry.output).toContain('you may run');
    expect(heard[2]!.report?.trace?.length).toBeGreaterThan(0);

    // opened on the phone (no local memory of it): the newest attempt, its console, its last trace
    const reopened = await ok<AttemptView>(phone, 'attempt:open', { levelId: LEVEL });
    expect(reopened.attemptId).toBe(attemptId);
    expect(reopened.console!.map((e) => e.command)).toEqual([
      'ip -4 addr show dev eth0',
      'traceroute 10.0.1.20',
      'i-a → 198.51.100.20 icmp',
    ]);
    expect(reopened.console![0]!.by).toMatchObject({ name: 'Dev' });
    expect(reopened.lastTrace?.trace?.[0]?.resource).toBe('i-a');
    // a step's reply does not carry the console again
    expect(look.attempt.console).toBeUndefined();
    // nobody else's console: another learner opening the level gets a fresh attempt
    const other = await server.client(await server.join('Eve'));
    const theirs = await ok<AttemptView>(other, 'attempt:open', { levelId: LEVEL });
    expect(theirs.attemptId).not.toBe(attemptId);
    expect(theirs.console).toEqual([]);
  });

  it('keeps each output bounded, and sends only the newest entries when opened', async () => {
    const sock = await server.client(await server.join('Big'));
    const { attemptId } = await ok<AttemptView>(sock, 'attempt:open', { levelId: LEVEL });
    // more entries than a page is sent (written directly: the step rate limit is not under test here)
    const userId = (await server.services.db.attempt.findUniqueOrThrow({ where: { id: attemptId } })).userId;
    await server.services.db.consoleEntry.createMany({
      data: Array.from({ length: CONSOLE_LIMITS.shown + 5 }, (_, i) => ({
        attemptId,
        userId,
        name: 'Big',
        target: 'i-a',
        command: `echo ${i}`,
        output: String(i),
        ok: true,
      })),
    });
    const view = await ok<AttemptView>(sock, 'attempt:get', { attemptId });
    expect(view.console).toHaveLength(CONSOLE_LIMITS.shown);
    // the newest, oldest first
    expect(view.console!.at(-1)!.command).toBe(`echo ${CONSOLE_LIMITS.shown + 4}`);
    expect(view.console![0]!.command).toBe('echo 5');
    // pruned to the newest `kept`, of this attempt only
    await server.services.db.consoleEntry.createMany({
      data: Array.from({ length: CONSOLE_LIMITS.kept }, (_, i) => ({
        attemptId,
        userId,
        name: 'Big',
        target: 'i-a',
        command: `more ${i}`,
        output: '',
        ok: true,
      })),
    });
    const others = await server.services.db.consoleEntry.count({ where: { NOT: { attemptId } } });
    await pruneConsole(server.services, attemptId);
    const left = await server.services.db.consoleEntry.findMany({ where: { attemptId }, orderBy: { id: 'asc' } });
    expect(left).toHaveLength(CONSOLE_LIMITS.kept);
    expect(left[0]!.command).toBe('more 0');
    expect(await server.services.db.consoleEntry.count({ where: { NOT: { attemptId } } })).toBe(others);
    const long = await ok<StepView>(sock, 'attempt:step', {
      attemptId,
      step: { run: { on: 'i-a', cmd: 'ping -c 100 10.0.1.20' } },
    });
    expect(long.entry!.output.length).toBeLessThanOrEqual(CONSOLE_LIMITS.outputChars + 80);
  });

  it('shows teammates each other’s commands and outputs, with who ran them', async () => {
    const teacher = await server.client(await server.instructor('Teach'));
    const session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Pairs',
      mode: 'team',
      teamSize: 2,
      levelIds: [LEVEL],
    });
    const ana = await server.client(await server.join('Ana'));
    const ben = await server.client(await server.join('Ben'));
    for (const s of [ana, ben]) await ok(s, 'session:join', { code: session.code });
    const a = await ok<AttemptView>(ana, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    const b = await ok<AttemptView>(ben, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    expect(b.attemptId).toBe(a.attemptId);
    const benHears = consoleOf(ben);
    await ok<StepView>(ana, 'attempt:step', {
      attemptId: a.attemptId,
      step: { aws: 'aws ec2 describe-route-tables --route-table-ids rtb-pub' },
    });
    await until(() => benHears.length === 1, 3000, "Ana's command on Ben's page");
    expect(benHears[0]!.entry).toMatchObject({
      target: 'aws',
      command: 'aws ec2 describe-route-tables --route-table-ids rtb-pub',
      by: { name: 'Ana' },
    });
    expect(benHears[0]!.entry.output).toContain('"RouteTableId": "rtb-pub"');
    const again = await ok<AttemptView>(ben, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    expect(again.console!.at(-1)!.by.name).toBe('Ana');
  });
});
