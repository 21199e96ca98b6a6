import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { CLIENT_EVENTS, type ClientEvent } from '../../app/_shared/protocol';
import type { LearnerSessionView, SessionSummary } from '../../app/_shared/live-events';
import type { AttemptView } from '../../app/_shared/views';
import { ok } from './live-helpers';
import { emit, startTestServer, type TestServer } from './server-fixture';

const LEVEL = '01-where-is-my-public-ip';
const ROLES = ['anonymous', 'member', 'outsider', 'owner', 'otherInstructor'] as const;
type Role = (typeof ROLES)[number];
interface Fixture {
  sessionId: string;
  code: string;
  teamId: string;
  attemptId: string;
}

/** Every client event, the payload it is tried with, and what each role gets: ok or an error code. */
const MATRIX: Record<ClientEvent, { payload: (f: Fixture) => unknown; expect: Record<Role, string> }> = {
  'level:list': {
    payload: () => undefined,
    expect: { anonymous: 'UNAUTHENTICATED', member: 'ok', outsider: 'ok', owner: 'ok', otherInstructor: 'ok' },
  },
  'attempt:start': {
    payload: () => ({ levelId: LEVEL }),
    expect: { anonymous: 'UNAUTHENTICATED', member: 'ok', outsider: 'ok', owner: 'ok', otherInstructor: 'ok' },
  },
  // everyone opens only their own attempts (outside sessions): never another's
  'attempt:open': {
    payload: () => ({ levelId: LEVEL }),
    expect: { anonymous: 'UNAUTHENTICATED', member: 'ok', outsider: 'ok', owner: 'ok', otherInstructor: 'ok' },
  },
  // an instructor may look at the attempts of their own sessions' learners (issue 11); learners only at their team's
  'attempt:get': {
    payload: (f) => ({ attemptId: f.attemptId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ATTEMPT_NOT_FOUND',
      owner: 'ok',
      otherInstructor: 'ATTEMPT_NOT_FOUND',
    },
  },
  'attempt:step': {
    payload: (f) => ({ attemptId: f.attemptId, step: { aws: 'ec2 describe-vpcs' } }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ATTEMPT_NOT_FOUND',
      owner: 'ATTEMPT_NOT_FOUND',
      otherInstructor: 'ATTEMPT_NOT_FOUND',
    },
  },
  'attempt:grade': {
    payload: (f) => ({ attemptId: f.attemptId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ATTEMPT_NOT_FOUND',
      owner: 'ATTEMPT_NOT_FOUND',
      otherInstructor: 'ATTEMPT_NOT_FOUND',
    },
  },
  'attempt:hint': {
    payload: (f) => ({ attemptId: f.attemptId, index: 0 }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ATTEMPT_NOT_FOUND',
      owner: 'ATTEMPT_NOT_FOUND',
      otherInstructor: 'ATTEMPT_NOT_FOUND',
    },
  },
  // pausing a clock that does not run is allowed and changes nothing; only players may touch it
  'attempt:clock': {
    payload: (f) => ({ attemptId: f.attemptId, run: false }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ATTEMPT_NOT_FOUND',
      owner: 'ATTEMPT_NOT_FOUND',
      otherInstructor: 'ATTEMPT_NOT_FOUND',
    },
  },
  'session:create': {
    payload: () => ({ title: 'Another', mode: 'solo', levelIds: [LEVEL] }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'ok',
    },
  },
  'session:list': {
    payload: () => undefined,
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'ok',
    },
  },
  'session:get': {
    payload: (f) => ({ sessionId: f.sessionId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'SESSION_NOT_FOUND',
      owner: 'FORBIDDEN',
      otherInstructor: 'FORBIDDEN',
    },
  },
  'session:sync': {
    payload: (f) => ({ sessionId: f.sessionId, since: 0 }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'SESSION_NOT_FOUND',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  'session:attempt': {
    payload: (f) => ({ sessionId: f.sessionId, levelId: LEVEL }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'SESSION_NOT_FOUND',
      owner: 'FORBIDDEN',
      otherInstructor: 'FORBIDDEN',
    },
  },
  'session:select': {
    payload: (f) => ({ sessionId: f.sessionId, resourceId: 'i-a' }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'SESSION_NOT_FOUND',
      owner: 'FORBIDDEN',
      otherInstructor: 'FORBIDDEN',
    },
  },
  'session:broadcast': {
    payload: (f) => ({ sessionId: f.sessionId, text: 'hello' }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  'session:hint': {
    payload: (f) => ({ sessionId: f.sessionId, teamId: f.teamId, levelId: LEVEL, index: 1 }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  'session:dashboard': {
    payload: (f) => ({ sessionId: f.sessionId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  'session:export': {
    payload: (f) => ({ sessionId: f.sessionId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  'session:timeline': {
    payload: (f) => ({ sessionId: f.sessionId, teamId: f.teamId }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  // these two change who is in or what state the session is in, so each role tries them last
  'session:control': {
    payload: (f) => ({ sessionId: f.sessionId, action: 'pause' }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'FORBIDDEN',
      outsider: 'FORBIDDEN',
      owner: 'ok',
      otherInstructor: 'SESSION_NOT_FOUND',
    },
  },
  // anyone with the code may join as a learner; instructors run sessions, they do not join them
  'session:join': {
    payload: (f) => ({ code: f.code }),
    expect: {
      anonymous: 'UNAUTHENTICATED',
      member: 'ok',
      outsider: 'ok',
      owner: 'FORBIDDEN',
      otherInstructor: 'FORBIDDEN',
    },
  },
};

describe('who may send which event', () => {
  let server: TestServer;
  const sockets = {} as Record<Role, Socket>;
  let ownerCookie: string;
  let memberCookie: string;
  beforeAll(async () => {
    // many events per socket in a row: the rate limit is tested elsewhere (http-and-restart)
    server = await startTestServer({ limits: { eventsPerSecond: 1000 } });
    ownerCookie = await server.instructor('Owner');
    memberCookie = await server.join('Member');
    sockets.anonymous = await server.client();
    sockets.member = await server.client(memberCookie);
    sockets.outsider = await server.client(await server.join('Outsider'));
    sockets.owner = await server.client(ownerCookie);
    sockets.otherInstructor = await server.client(await server.instructor('Other'));
    // the outsider plays in a session of the other instructor's
    const elsewhere = await ok<SessionSummary>(sockets.otherInstructor, 'session:create', {
      title: 'Elsewhere',
      mode: 'solo',
      levelIds: [LEVEL],
    });
    await ok(sockets.outsider, 'session:join', { code: elsewhere.code });
  }, 60_000);
  afterAll(() => server.close());

  /** A fresh session of the owner's, with the member in a team that has an open attempt. */
  async function fixture(): Promise<Fixture> {
    const s = await ok<SessionSummary>(sockets.owner, 'session:create', {
      title: 'Matrix',
      mode: 'team',
      teamSize: 2,
      levelIds: [LEVEL],
    });
    const joined = await ok<LearnerSessionView>(sockets.member, 'session:join', { code: s.code });
    const attempt = await ok<AttemptView>(sockets.member, 'session:attempt', {
      sessionId: s.sessionId,
      levelId: LEVEL,
    });
    return { sessionId: s.sessionId, code: s.code, teamId: joined.me.teamId, attemptId: attempt.attemptId };
  }

  it('has an expectation for every client event', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(CLIENT_EVENTS).sort());
  });

  for (const role of ROLES) {
    it(`${role}: every event gets the expected answer, and a refused one stores and broadcasts nothing`, async () => {
      const f = await fixture();
      const member = sockets.member;
      const heard: unknown[] = [];
      const listen = (e: unknown) => heard.push(e);
      member.on('live:event', listen);
      const order = (Object.keys(MATRIX) as ClientEvent[]).sort(
        (a, b) => Number(a === 'session:join') - Number(b === 'session:join'),
      );
      try {
        for (const event of order) {
          const want = MATRIX[event].expect[role];
          const before = await server.services.db.sessionEvent.count({ where: { sessionId: f.sessionId } });
          heard.length = 0;
          const got = await emit(sockets[role], event, MATRIX[event].payload(f));
          expect(got.ok ? 'ok' : got.error!.code, `${role} sends ${event}: ${JSON.stringify(got.error)}`).toBe(want);
          if (want !== 'ok') {
            await new Promise((r) => setTimeout(r, 20));
            expect(
              await server.services.db.sessionEvent.count({ where: { sessionId: f.sessionId } }),
              `${role} ${event} stored nothing`,
            ).toBe(before);
            expect(heard, `${role} ${event} broadcast nothing`).toEqual([]);
          }
        }
      } finally {
        member.off('live:event', listen);
      }
    }, 60_000);
  }
});
