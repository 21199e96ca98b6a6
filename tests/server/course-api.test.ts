import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../app/_server/http/openapi';
import { USE_CASES } from '../../app/_server/registry';
import { startTestServer, type TestServer } from './server-fixture';

describe('the course and its JSON API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server.close());

  it("groups levels into ordered tracks with prerequisites, and tracks a learner's progress", async () => {
    const cookie = await server.join('Ana');
    const course = await server.api('GET', '/course', undefined, cookie);
    const data = (
      course.body as {
        data: {
          tracks: { id: string; levels: { levelId: string; status: string; missing: string[] }[]; planned: string[] }[];
          maxScore: number;
        };
      }
    ).data;
    expect(data.tracks.map((t) => t.id)).toEqual(['part-1', 'part-2', 'part-3']);
    expect(data.tracks[0]!.levels.map((l) => [l.levelId, l.status])).toEqual([
      ['01-where-is-my-public-ip', 'available'],
      ['02-private-subnet-nat', 'locked'],
      ['03-ha-failover-without-garp', 'locked'],
      ['04-bgp-appliance-in-subnet', 'locked'],
    ]);
    expect(data.tracks[0]!.levels[1]!.missing).toEqual(['01-where-is-my-public-ip']);
    // Part II: levels 5 to 10 open once what they build on is done; all of them are playable
    expect(data.tracks[1]!.levels.map((l) => [l.levelId, l.status, l.missing])).toEqual([
      ['05-stateful-meets-stateless', 'locked', ['02-private-subnet-nat']],
      ['06-addresses-that-move', 'locked', ['01-where-is-my-public-ip', '03-ha-failover-without-garp']],
      ['07-two-legs-one-box', 'locked', ['03-ha-failover-without-garp', '05-stateful-meets-stateless']],
      ['08-east-west-inspection', 'locked', ['04-bgp-appliance-in-subnet']],
      ['09-north-south-inspection', 'locked', ['06-addresses-that-move', '08-east-west-inspection']],
      [
        '10-route-tables-under-stress',
        'locked',
        ['02-private-subnet-nat', '08-east-west-inspection', '09-north-south-inspection'],
      ],
    ]);
    expect(data.tracks[1]!.planned).toEqual([]);
    // Part III: every level playable
    expect(data.tracks[2]!.levels.map((l) => [l.levelId, l.status, l.missing])).toEqual([
      ['11-vpc-peering', 'locked', ['02-private-subnet-nat', '10-route-tables-under-stress']],
      ['12-transit-gateway', 'locked', ['08-east-west-inspection', '11-vpc-peering']],
      [
        '13-site-to-site-vpn',
        'locked',
        ['10-route-tables-under-stress', '12-transit-gateway', '04-bgp-appliance-in-subnet'],
      ],
      [
        '14-vpc-route-server',
        'locked',
        ['03-ha-failover-without-garp', '04-bgp-appliance-in-subnet', '13-site-to-site-vpn'],
      ],
      [
        '15-capstone-an-account-you-didnt-build',
        'locked',
        ['05-stateful-meets-stateless', '08-east-west-inspection', '10-route-tables-under-stress'],
      ],
    ]);
    // the whole course is built: nothing is left planned
    expect(data.tracks[2]!.planned).toEqual([]);
    expect(data.maxScore).toBe(1500);

    const id = (
      (await server.api('POST', '/attempts', { levelId: '01-where-is-my-public-ip' }, cookie)).body as {
        data: { attemptId: string };
      }
    ).data.attemptId;
    for (const aws of [
      'ec2 revoke-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 0.0.0.0/0',
      'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 10.0.1.10/32',
      'ec2 authorize-security-group-ingress --group-id sg-b --protocol icmp --port -1 --cidr 198.51.100.10/32',
    ]) {
      await server.api('POST', `/attempts/${id}/steps`, { step: { aws } }, cookie);
    }
    await server.api('POST', `/attempts/${id}/grade`, {}, cookie);
    const progress = (await server.api('GET', '/progress', undefined, cookie)).body as {
      data: { levelId: string; status: string; bestScore: number }[];
    };
    expect(progress.data.slice(0, 2)).toMatchObject([
      { levelId: '01-where-is-my-public-ip', status: 'completed', bestScore: 100 },
      { levelId: '02-private-subnet-nat', status: 'available' },
    ]);
    const results = (await server.api('GET', '/results', undefined, cookie)).body as {
      data: { levelId: string; grades: { score: number; complete: boolean }[] }[];
    };
    expect(results.data[0]).toMatchObject({
      levelId: '01-where-is-my-public-ip',
      grades: [{ score: 100, complete: true }],
    });
    expect(await server.api('GET', '/results', undefined, undefined)).toMatchObject({ status: 401 });
    expect(await server.api('GET', '/levels/01-where-is-my-public-ip', undefined, cookie)).toMatchObject({
      status: 200,
      body: { data: { id: '01-where-is-my-public-ip', hiddenChecks: { count: 3, points: 35 } } },
    });
    expect(await server.api('GET', '/levels/99-nope', undefined, cookie)).toMatchObject({
      status: 404,
      body: { error: { code: 'LEVEL_NOT_FOUND' } },
    });
    // an imported level hands over its describe-* files (read-only), as the AWS CLI prints them
    const capstone = '15-capstone-an-account-you-didnt-build';
    const level = (await server.api('GET', `/levels/${capstone}`, undefined, cookie)).body as {
      data: { snapshot: string[] };
    };
    expect(level.data.snapshot).toHaveLength(13);
    expect(level.data.snapshot).toContain('us-east-1/RouteTables.json');
    const shipped = (await server.api('GET', `/levels/${capstone}/snapshot`, undefined, cookie)).body as {
      data: { files: { path: string; text: string }[] };
    };
    expect(shipped.data.files.map((f) => f.path)).toEqual(level.data.snapshot);
    const tables = shipped.data.files.find((f) => f.path === 'us-east-1/RouteTables.json')!.text;
    expect(tables).toContain('"NatGatewayId": "nat-0b5d7f9a2c4e6b8d0"');
    expect(tables).toContain('    "RouteTables": [');
    // a level built inline has none; a stranger gets nothing
    expect(await server.api('GET', '/levels/01-where-is-my-public-ip/snapshot', undefined, cookie)).toMatchObject({
      status: 200,
      body: { data: { files: [] } },
    });
    expect(await server.api('GET', `/levels/${capstone}/snapshot`)).toMatchObject({ status: 401 });
  });

  it('serves an OpenAPI description that names exactly the routes it serves', async () => {
    const doc = (await server.api('GET', '/openapi.json')).body as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toEqual(openApiDocument(USE_CASES));
    // every documented operation is served (an unknown route is 404 NOT_FOUND, a wrong method 405)
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => [m.toUpperCase(), p] as const),
    );
    expect(documented.length).toBe(Object.values(USE_CASES).filter((u) => u.http).length);
    for (const [method, p] of documented) {
      const sample = p.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const r = await server.api(method, sample, method === 'POST' ? {} : undefined);
      expect(
        [404, 405].includes(r.status) &&
          ['NOT_FOUND', 'METHOD_NOT_ALLOWED'].includes((r.body as { error?: { code: string } }).error?.code ?? ''),
        `${method} ${p} is routed`,
      ).toBe(false);
    }
    expect(doc.paths['/attempts/{attemptId}/steps']!.post!.requestBody).toMatchObject({
      content: { 'application/json': { schema: { type: 'object' } } },
    });
  });

  it('rate-limits a client that floods the API', async () => {
    const cookie = await server.join('Flood');
    const replies = await Promise.all(
      Array.from({ length: 80 }, () => server.api('GET', '/levels', undefined, cookie)),
    );
    expect(replies.filter((r) => r.status === 429).length).toBeGreaterThan(20);
  });
});
