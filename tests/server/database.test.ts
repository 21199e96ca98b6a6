import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../app/_server/db/database';
import { migrate } from '../../app/_server/db/migrate';
import { freshPostgres } from './pg-fixture';

/** The same checks on both back-ends: the embedded PGlite default and a real PostgreSQL. */
const backends: { name: string; open: () => Promise<{ database: Database; cleanup: () => Promise<void> }> }[] = [
  {
    name: 'PGlite (embedded default)',
    open: async () => ({ database: await openDatabase({ dataDir: 'memory://' }), cleanup: async () => undefined }),
  },
  {
    name: 'PostgreSQL (DATABASE_URL)',
    open: async () => {
      const pg = await freshPostgres('db');
      return { database: await openDatabase({ url: pg.url }), cleanup: pg.drop };
    },
  },
];

for (const backend of backends) {
  describe(`database on ${backend.name}`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ database, cleanup } = await backend.open());
    }, 120_000);
    afterAll(async () => {
      await database?.close();
      await cleanup?.();
    });

    it('applies the migrations once and records them as Prisma does', async () => {
      expect(await migrate(database.db)).toEqual([]);
      const rows = await database.db.$queryRawUnsafe<{ migration_name: string; applied_steps_count: number }[]>(
        'SELECT migration_name, applied_steps_count FROM "_prisma_migrations"',
      );
      expect(rows.sort((a, b) => a.migration_name.localeCompare(b.migration_name))).toEqual([
        { migration_name: '20261122000000_init', applied_steps_count: 1 },
        { migration_name: '20261122100000_live_sessions', applied_steps_count: 1 },
        { migration_name: '20261206000000_reliable_server', applied_steps_count: 1 },
        { migration_name: '20261206100000_console_and_classroom', applied_steps_count: 1 },
        { migration_name: '20261206200000_predictions', applied_steps_count: 1 },
        { migration_name: '20261206300000_account_uploads', applied_steps_count: 1 },
      ]);
    });

    it('writes and reads back every model, so the SQL matches the Prisma schema', async () => {
      const db = database.db;
      const user = await db.user.create({
        data: {
          role: 'instructor',
          displayName: 'Ada',
          email: `ada-${backend.name.length}@example.com`,
          passwordHash: 'scrypt$x$y',
        },
      });
      const attempt = await db.attempt.create({
        data: {
          userId: user.id,
          levelId: '01-where-is-my-public-ip',
          version: 1,
          bestScore: 30,
          steps: {
            create: [
              { seq: 1, step: { aws: 'ec2 describe-vpcs' } },
              {
                seq: 2,
                step: { expect: { from: 'i-a', to: 'i-b', result: 'any' } },
                prediction: { guess: { result: 'roundtrip' }, actual: { result: 'roundtrip' }, right: true },
              },
            ],
          },
          checkpoint: { create: { version: 1, snapshot: { format: 1, topology: { vpcs: [] } } } },
          console: {
            create: [
              { userId: 'u', name: 'Ada', target: 'aws', command: 'aws help', output: 'ok', ok: true },
              {
                userId: 'u',
                name: 'Ada',
                target: 'traffic',
                command: 'i-a → 10.0.1.20 icmp',
                output: 'roundtrip',
                ok: true,
                trace: { kind: 'expect', trace: [{ resource: 'i-a' }] },
              },
            ],
          },
        },
      });
      await db.authSession.create({
        data: { id: `sid-${backend.name.length}`, userId: user.id, expiresAt: new Date(Date.now() + 60_000) },
      });
      const grade = await db.grade.create({
        data: {
          attemptId: attempt.id,
          score: 55,
          maxScore: 100,
          hintPenalty: 5,
          complete: false,
          checks: [{ id: 'hairpin-ping', passed: true }],
        },
      });
      await db.hintUse.create({ data: { attemptId: attempt.id, hintIndex: 2, cost: 15 } });
      const upload = await db.accountUpload.create({
        data: {
          userId: user.id,
          name: 'prod',
          files: [{ path: 'Vpcs.json', json: { Vpcs: [] } }],
          warnings: [],
          bytes: 12,
        },
      });
      expect(await db.accountUpload.findUniqueOrThrow({ where: { id: upload.id } })).toMatchObject({
        userId: user.id,
        name: 'prod',
        files: [{ path: 'Vpcs.json', json: { Vpcs: [] } }],
        warnings: [],
        bytes: 12,
      });
      const back = await db.user.findUniqueOrThrow({
        where: { id: user.id },
        include: {
          attempts: {
            include: { grades: true, hints: true, steps: true, checkpoint: true, console: { orderBy: { id: 'asc' } } },
          },
          signIns: true,
        },
      });
      expect(back).toMatchObject({ role: 'instructor', displayName: 'Ada', passwordHash: 'scrypt$x$y' });
      expect(back.attempts[0]).toMatchObject({
        levelId: '01-where-is-my-public-ip',
        steps: [
          { seq: 1, step: { aws: 'ec2 describe-vpcs' }, prediction: null },
          { seq: 2, prediction: { guess: { result: 'roundtrip' }, right: true } },
        ],
        checkpoint: { version: 1, snapshot: { format: 1, topology: { vpcs: [] } } },
        version: 1,
        bestScore: 30,
        console: [
          { target: 'aws', command: 'aws help', ok: true, trace: null },
          { target: 'traffic', trace: { kind: 'expect', trace: [{ resource: 'i-a' }] } },
        ],
      });
      expect(back.attempts[0]!.console[1]!.id).toBeGreaterThan(back.attempts[0]!.console[0]!.id);
      expect(back.signIns).toMatchObject([{ id: `sid-${backend.name.length}`, revokedAt: null }]);
      // an attempt's steps are appended one row each: a second step with the same number is refused
      await expect(db.attemptStep.create({ data: { attemptId: attempt.id, seq: 1, step: {} } })).rejects.toMatchObject({
        code: 'P2002',
      });
      expect(back.attempts[0]!.grades[0]).toMatchObject({
        id: grade.id,
        score: 55,
        maxScore: 100,
        hintPenalty: 5,
        complete: false,
        checks: [{ id: 'hairpin-ping', passed: true }],
      });
      expect(back.attempts[0]!.hints).toMatchObject([{ hintIndex: 2, cost: 15 }]);
      expect(back.attempts[0]!.updatedAt).toBeInstanceOf(Date);

      // live sessions: a session, a team, a member, an event, and an attempt that belongs to the team
      const learner = await db.user.create({ data: { role: 'learner', displayName: 'Lin' } });
      const session = await db.liveSession.create({
        data: {
          code: `C${backend.name.length}X2Y3`.slice(0, 6),
          instructorId: user.id,
          title: 'Lab',
          mode: 'team',
          levelIds: ['01-where-is-my-public-ip'],
          teamSize: 3,
          timeLimitMinutes: 45,
        },
      });
      const team = await db.team.create({ data: { sessionId: session.id, name: 'Team 1' } });
      await db.sessionMember.create({ data: { sessionId: session.id, userId: learner.id, teamId: team.id } });
      await db.sessionEvent.create({
        data: {
          sessionId: session.id,
          seq: 1,
          kind: 'join',
          userId: learner.id,
          teamId: team.id,
          payload: { name: 'Lin', teamName: 'Team 1' },
        },
      });
      const teamAttempt = await db.attempt.create({
        data: {
          userId: learner.id,
          levelId: '01-where-is-my-public-ip',
          sessionId: session.id,
          teamId: team.id,
        },
      });
      const liveBack = await db.liveSession.findUniqueOrThrow({
        where: { id: session.id },
        include: { teams: { include: { members: true, attempts: true } }, events: true },
      });
      await db.liveSession.update({
        where: { id: session.id },
        data: { dashboard: { version: 1, rows: {} }, dashboardSeq: 1 },
      });
      expect(await db.liveSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
        dashboard: { version: 1, rows: {} },
        dashboardSeq: 1,
      });
      expect(liveBack).toMatchObject({
        status: 'running',
        stuckMinutes: 5,
        teamSize: 3,
        timeLimitMinutes: 45,
        levelIds: ['01-where-is-my-public-ip'],
        endedAt: null,
      });
      expect(liveBack.teams[0]).toMatchObject({
        name: 'Team 1',
        members: [{ userId: learner.id }],
        attempts: [{ id: teamAttempt.id, sessionId: session.id }],
      });
      expect(liveBack.events[0]).toMatchObject({ seq: 1, kind: 'join', payload: { name: 'Lin', teamName: 'Team 1' } });
      await expect(
        db.sessionEvent.create({ data: { sessionId: session.id, seq: 1, kind: 'join', payload: {} } }),
      ).rejects.toMatchObject({ code: 'P2002' });
    });

    it('refuses a second account with the same email (P2002) and cascades deletes', async () => {
      const db = database.db;
      const email = `dup-${Date.now()}@example.com`;
      const u = await db.user.create({ data: { role: 'instructor', displayName: 'A', email } });
      await expect(db.user.create({ data: { role: 'instructor', displayName: 'B', email } })).rejects.toMatchObject({
        code: 'P2002',
      });
      await db.attempt.create({
        data: { userId: u.id, levelId: 'x', steps: { create: [{ seq: 1, step: { wait: 1 } }] } },
      });
      await db.user.delete({ where: { id: u.id } });
      expect(await db.attempt.count({ where: { userId: u.id } })).toBe(0);
      expect(await db.attemptStep.count({ where: { attempt: { userId: u.id } } })).toBe(0);
    });
  });
}

describe('the migration to append-only steps', () => {
  it('moves every stored step list into rows, in order, and counts them in the version', async () => {
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    // a database as it was before: the first two migrations only, with an attempt's step list
    const before = mkdtempSync(path.join(tmpdir(), 'underlay-migrations-'));
    for (const name of ['20261122000000_init', '20261122100000_live_sessions'])
      cpSync(path.resolve('prisma/migrations', name), path.join(before, name), { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const { PrismaClient } = await import('../../src/generated/prisma/client');
    const pglite = await PGlite.create('memory://');
    const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    try {
      await migrate(db, { dir: before, exec: (sql) => pglite.exec(sql) });
      await pglite.exec(`INSERT INTO "User" (id, role, "displayName") VALUES ('u1', 'learner', 'Ana');
        INSERT INTO "Attempt" (id, "userId", "levelId", actions, version, "updatedAt")
        VALUES ('a1', 'u1', '01-where-is-my-public-ip', '[{"aws":"ec2 describe-vpcs"},{"wait":5},{"run":{"on":"i-a","cmd":"ip route"}}]', 3, now()),
               ('a2', 'u1', '01-where-is-my-public-ip', '[]', 0, now());`);
      expect(await migrate(db, { exec: (sql) => pglite.exec(sql) })).toEqual([
        '20261206000000_reliable_server',
        '20261206100000_console_and_classroom',
        '20261206200000_predictions',
        '20261206300000_account_uploads',
      ]);
      const rows = await db.attemptStep.findMany({ orderBy: [{ attemptId: 'asc' }, { seq: 'asc' }] });
      // steps stored before predictions existed have none
      expect(rows.map((r) => r.prediction)).toEqual([null, null, null]);
      expect(rows.map((r) => [r.attemptId, r.seq, r.step])).toEqual([
        ['a1', 1, { aws: 'ec2 describe-vpcs' }],
        ['a1', 2, { wait: 5 }],
        ['a1', 3, { run: { on: 'i-a', cmd: 'ip route' } }],
      ]);
      expect((await db.attempt.findMany({ orderBy: { id: 'asc' } })).map((a) => a.version)).toEqual([3, 0]);
    } finally {
      await db.$disconnect();
      await pglite.close();
    }
  }, 60_000);
});
