import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSnapshot } from '../../engine/index';
import { net } from '../helpers';
import { startTestServer, type TestServer } from './server-fixture';

/** A small account: two subnets, a web host that listens on 443, an app host, and a group that lets only 443 in. */
const ACCOUNT = exportSnapshot(
  net(`
region: eu-west-1
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-web, vpc: vpc-1, az: eu-west-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-app, vpc: vpc-1, az: eu-west-1b, cidr: 10.0.2.0/24 }
securityGroups:
  - { id: sg-web, vpc: vpc-1, inbound: [{ protocol: tcp, ports: 443, source: 10.0.0.0/16 }] }
instances:
  - { id: i-web, interfaces: [{ id: eni-web, subnet: subnet-web, privateIp: 10.0.1.10, securityGroups: [sg-web] }] }
  - { id: i-app, interfaces: [{ id: eni-app, subnet: subnet-app, privateIp: 10.0.2.10, securityGroups: [sg-web] }] }
`),
);
const asFiles = ACCOUNT.map((f) => ({ path: f.path, text: JSON.stringify(f.json) }));

type Body<T> = { ok: boolean; data: T; error: { code: string; message: string; details?: unknown } };

describe('your own account, in the browser: uploads of describe-* outputs', () => {
  let server: TestServer;
  let ana: string;
  let bo: string;
  beforeAll(async () => {
    server = await startTestServer();
    ana = await server.join('Ana');
    bo = await server.join('Bo');
  }, 60_000);
  afterAll(() => server.close());

  it('stores an upload (files, or a zip) when it makes a network, and lists what was not understood', async () => {
    const files = [...asFiles, { path: 'notes.txt', text: 'hello' }, { path: 'eu-west-1/Broken.json', text: '{ nope' }];
    const up = await server.api('POST', '/uploads', { name: 'prod', files }, ana);
    expect(up.status).toBe(201);
    const summary = (up.body as Body<{ id: string; warnings: { path: string; message: string }[] }>).data;
    expect(summary.warnings.map((w) => `${w.path}: ${w.message.split(':')[0]}`)).toEqual(
      expect.arrayContaining(['notes.txt: not a .json file', 'eu-west-1/Broken.json: not JSON']),
    );
    const zip = Buffer.from(
      zipSync(Object.fromEntries(asFiles.map((f) => [`snap/${f.path}`, strToU8(f.text)]))),
    ).toString('base64');
    const zipped = await server.api('POST', '/uploads', { name: 'zipped', zip }, ana);
    expect(zipped.status).toBe(201);
    const got = await server.api('GET', `/uploads/${summary.id}`, undefined, ana);
    const view = (
      got.body as Body<{ topology: { region: string; instances: { id: string }[] }; counts: { subnets: number } }>
    ).data;
    expect(view.topology.region).toBe('eu-west-1');
    expect(view.topology.instances.map((i) => i.id)).toEqual(['i-web', 'i-app']);
    expect(view.counts.subnets).toBe(2);
    const list = (await server.api('GET', '/uploads', undefined, ana)).body as Body<{ name: string }[]>;
    expect(list.data.map((u) => u.name)).toEqual(['zipped', 'prod']);
  });

  it('keeps one user’s upload from every other user', async () => {
    const list = (await server.api('GET', '/uploads', undefined, ana)).body as Body<{ id: string }[]>;
    const id = list.data[0]!.id;
    expect((await server.api('GET', '/uploads', undefined, bo)).body).toMatchObject({ ok: true, data: [] });
    for (const [method, path, body] of [
      ['GET', `/uploads/${id}`, undefined],
      ['POST', `/uploads/${id}/steps`, { step: { aws: 'ec2 describe-vpcs' } }],
      ['GET', `/uploads/${id}/matrix?protocol=icmp`, undefined],
      ['DELETE', `/uploads/${id}`, undefined],
    ] as const) {
      const r = await server.api(method, path, body, bo);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await server.api('GET', `/uploads/${id}`, undefined, ana)).status).toBe(200);
  });

  it('answers a traffic test with its trace and a describe call, and refuses a change', async () => {
    const id = ((await server.api('GET', '/uploads', undefined, ana)).body as Body<{ id: string }[]>).data[1]!.id;
    const test = await server.api(
      'POST',
      `/uploads/${id}/steps`,
      { step: { expect: { from: 'i-app', to: '10.0.1.10', protocol: 'icmp', result: 'any' } } },
      ana,
    );
    const report = (
      test.body as Body<{ report: { summary: string; drop?: { code: string }; trace: { resource: string }[] } }>
    ).data.report;
    expect(report.drop?.code).toBe('ENI_SG_RULES_MISMATCH');
    expect(report.trace.map((h) => h.resource)).toContain('sg-web');
    const describe = await server.api(
      'POST',
      `/uploads/${id}/steps`,
      { step: { aws: 'ec2 describe-subnets --query Subnets[].SubnetId --output text' } },
      ana,
    );
    expect((describe.body as Body<{ report: { output: string } }>).data.report.output).toContain('subnet-web');
    const change = await server.api(
      'POST',
      `/uploads/${id}/steps`,
      { step: { aws: 'ec2 delete-vpc --vpc-id vpc-1' } },
      ana,
    );
    expect(change.status).toBe(400);
    expect((change.body as Body<unknown>).error.message).toContain('read-only');
  });

  it('computes the subnet matrix for a protocol and port', async () => {
    const id = ((await server.api('GET', '/uploads', undefined, ana)).body as Body<{ id: string }[]>).data[1]!.id;
    const m = (await server.api('GET', `/uploads/${id}/matrix?protocol=tcp&port=443`, undefined, ana)).body as Body<{
      matrix: { subnets: { id: string }[]; cells: ({ result: string } | null)[][] };
    }>;
    expect(m.data.matrix.subnets.map((s) => s.id)).toEqual(['subnet-app', 'subnet-web']);
    expect(m.data.matrix.cells).toEqual([
      [null, { result: 'roundtrip' }],
      [{ result: 'roundtrip' }, null],
    ]);
    const ping = (await server.api('GET', `/uploads/${id}/matrix?protocol=icmp`, undefined, ana)).body as Body<{
      matrix: { cells: ({ result: string; drop?: { code: string } } | null)[][] };
    }>;
    expect(ping.data.matrix.cells[0]![1]).toEqual({
      result: 'dropped',
      drop: { code: 'ENI_SG_RULES_MISMATCH', at: 'sg-web' },
    });
    expect((await server.api('GET', `/uploads/${id}/matrix?protocol=tcp`, undefined, ana)).status).toBe(400);
  });

  it('refuses bad uploads with what was wrong, and stores nothing', async () => {
    const before = ((await server.api('GET', '/uploads', undefined, ana)).body as Body<unknown[]>).data.length;
    const notJson = await server.api('POST', '/uploads', { name: 'x', files: [{ path: 'a.json', text: 'nope' }] }, ana);
    expect(notJson.status).toBe(400);
    expect((notJson.body as Body<unknown>).error.message).toContain('a.json: not JSON');
    const noVpc = await server.api(
      'POST',
      '/uploads',
      { name: 'x', files: [{ path: 'a.json', text: '{"Subnets": []}' }] },
      ana,
    );
    expect((noVpc.body as Body<unknown>).error.message).toContain('no VPC in these files');
    const badZip = await server.api(
      'POST',
      '/uploads',
      { name: 'x', zip: Buffer.from('not a zip').toString('base64') },
      ana,
    );
    expect((badZip.body as Body<unknown>).error.message).toContain('not a zip file');
    const big = Buffer.from(zipSync({ 'huge.json': new Uint8Array(6 * 1024 * 1024).fill(32) })).toString('base64');
    const bomb = await server.api('POST', '/uploads', { name: 'x', zip: big }, ana);
    expect((bomb.body as Body<unknown>).error.message).toContain('at most 5 MB');
    expect(((await server.api('GET', '/uploads', undefined, ana)).body as Body<unknown[]>).data.length).toBe(before);
  });
});
