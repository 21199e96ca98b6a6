import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { LearnerSessionView, SessionSummary } from '../../app/_shared/live-events';
import type { AttemptView, StepView } from '../../app/_shared/views';
import { emit, startTestServer, type TestServer } from './server-fixture';
import { followDashboard, ok, until } from './live-helpers';

const LEVEL = '05-stateful-meets-stateless';

describe('predict before running (issue 16): a guess goes with a traffic test, is kept, never scored, and the instructor sees it', () => {
  let server: TestServer;
  let teacher: Socket;
  let nia: Socket;
  let session: SessionSummary;
  beforeAll(async () => {
    server = await startTestServer();
    teacher = await server.client(await server.instructor('Teach'));
    session = await ok<SessionSummary>(teacher, 'session:create', {
      title: 'Part II',
      mode: 'solo',
      levelIds: [LEVEL],
    });
    nia = await server.client(await server.join('Nia'));
    await ok<LearnerSessionView>(nia, 'session:join', { code: session.code });
  }, 60_000);
  afterAll(() => server.close());

  it('judges each guess against the outcome, stores it with the step, and folds it into the dashboard', async () => {
    const board = await followDashboard(teacher, session.sessionId);
    const attempt = await ok<AttemptView>(nia, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    const e1 = { expect: { from: 'i-app1', to: 'mirror', protocol: 'tcp', port: 443, result: 'any' } };
    // a right guess: the reply dies at acl-egress, named by the NACL or by its subnet
    const right = await ok<StepView>(nia, 'attempt:step', {
      attemptId: attempt.attemptId,
      step: e1,
      prediction: { result: 'request-only', at: 'subnet-egress' },
    });
    expect(right.prediction).toEqual({
      guess: { result: 'request-only', at: 'subnet-egress' },
      actual: { result: 'request-only', at: 'acl-egress' },
      right: true,
    });
    // three wrong ones in a row: a security group, then roundtrips
    for (const guess of [
      { result: 'dropped', at: 'sg-app' },
      { result: 'roundtrip' },
      { result: 'request-only', at: 'acl-app' },
    ]) {
      const wrong = await ok<StepView>(nia, 'attempt:step', {
        attemptId: attempt.attemptId,
        step: e1,
        prediction: guess,
      });
      expect(wrong.prediction?.right).toBe(false);
    }
    // stored with the step, beside what happened
    const rows = await server.services.db.attemptStep.findMany({
      where: { attemptId: attempt.attemptId },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.prediction)).toEqual([
      right.prediction,
      {
        guess: { result: 'dropped', at: 'sg-app' },
        actual: { result: 'request-only', at: 'acl-egress' },
        right: false,
      },
      { guess: { result: 'roundtrip' }, actual: { result: 'request-only', at: 'acl-egress' }, right: false },
      {
        guess: { result: 'request-only', at: 'acl-app' },
        actual: { result: 'request-only', at: 'acl-egress' },
        right: false,
      },
    ]);
    // the instructor's dashboard: a tally per learner, and who is worth a visit
    await until(() => board.state().rows[Object.keys(board.state().rows)[0]!]?.levels[LEVEL]?.steps === 4);
    const row = Object.values(board.state().rows)[0]!;
    const tally = row.levels[LEVEL]!.predictions![row.members[0]!.userId]!;
    expect(tally).toMatchObject({ right: 1, wrong: 3, wrongInARow: 3 });
    expect(tally.recent.at(-1)).toEqual({
      summary: 'i-app1 -> mirror tcp/443: request-only',
      guess: 'request-only at acl-app',
      actual: 'request-only at acl-egress',
      right: false,
    });
    // never scored: the grade is the checks', whatever the guesses
    const grade = await ok<{ score: number }>(nia, 'attempt:grade', { attemptId: attempt.attemptId });
    expect(grade.score).toBe(0);
  });

  it('refuses a prediction that goes with anything but a traffic test, and a guess that is not an outcome', async () => {
    const attempt = await ok<AttemptView>(nia, 'session:attempt', { sessionId: session.sessionId, levelId: LEVEL });
    const onCommand = await emit(nia, 'attempt:step', {
      attemptId: attempt.attemptId,
      step: { run: { on: 'i-app1', cmd: 'ip route' } },
      prediction: { result: 'roundtrip' },
    });
    expect(onCommand.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(onCommand.error?.message).toContain('prediction');
    const bad = await emit(nia, 'attempt:step', {
      attemptId: attempt.attemptId,
      step: { expect: { from: 'i-app1', to: 'mirror', protocol: 'tcp', port: 443, result: 'any' } },
      prediction: { result: 'lost in space' },
    });
    expect(bad.error).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
