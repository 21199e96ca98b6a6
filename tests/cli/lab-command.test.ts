import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

function lab(...args: string[]) {
  const r = spawnSync(tsx, ['bin/lab.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'underlay-lab-'));
const TOPO = `topology:
  vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }]
  internetGateways: [{ id: igw-1, vpc: vpc-1 }]
  routeTables: [{ id: rtb-1, vpc: vpc-1, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 54.1.1.10 }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-a, privateIp: 10.0.1.11, publicIp: 54.1.1.11 }] }
`;
const failing = path.join(dir, 'failing.yaml');
writeFileSync(
  failing,
  `title: failing\n${TOPO}steps:
  - expect: { from: i-a, to: 54.1.1.11, protocol: icmp, result: roundtrip }
  - wait: 10
  - expect: { from: i-a, to: 10.0.1.11, protocol: icmp, result: roundtrip }
`,
);
const invalid = path.join(dir, 'invalid.yaml');
writeFileSync(invalid, `title: invalid\n${TOPO.replace('target: igw-1 }', 'target: igw-9 }')}steps: []\n`);

describe('the lab command (lab-format.md)', () => {
  it('runs the shipped examples: one line per step, the totals last, exit 0', () => {
    const r = lab('examples');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('examples/private-subnet-nat.yaml');
    expect(lines[1]).toMatch(/^ {2}ok {4}1 expect {2}i-app1 -> mirror tcp\/443: roundtrip$/);
    expect(lines.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it("prints a failing expectation's trace hop by hop, exits 1, and marks uncounted steps with -", () => {
    const r = lab(failing);
    expect(r.code).toBe(1);
    // The default group admits its members' private IPs only; a hairpin arrives from a public one (R58).
    expect(r.out).toContain(
      '  FAIL  1 expect  i-a -> 54.1.1.11 icmp: expected roundtrip, got dropped (ENI_SG_RULES_MISMATCH at sg-default-vpc-1)',
    );
    expect(r.out).toMatch(/ {10} 5 igw-1 +egress: 1:1 NAT: source 10\.0\.1\.10 -> 54\.1\.1\.10 \(R53\)/);
    expect(r.out).toContain('  -     2 wait    10 s');
    expect(r.out).toContain('  ok    3 expect  i-a -> 10.0.1.11 icmp: roundtrip');
    expect(r.out.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });

  it("prints an invalid lab's problems with their paths, counts it as one failure, exits 2", () => {
    const r = lab(invalid, failing);
    expect(r.code).toBe(2);
    expect(r.out).toContain('  topology.routeTables[0].routes[0].target: unknown resource "igw-9"');
    expect(r.out.trim().split('\n').at(-1)).toBe('1 passed, 2 failed');
  });

  it('prints JSON Lines with --json: one object per lab, then the totals', () => {
    const r = lab(failing, '--json');
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ file: failing, valid: true, passed: 1, failed: 1 });
    expect(lines[0].steps[0]).toMatchObject({ index: 1, kind: 'expect', ok: false });
    expect(lines[0].steps[0].trace[0]).toEqual({
      resource: 'i-a',
      action: 'send',
      detail: expect.stringContaining('route 0.0.0.0/0 via 10.0.1.1'),
    });
    expect(lines[0].steps[1]).toMatchObject({ index: 2, kind: 'wait', ok: true, summary: '10 s' });
    expect(lines[1]).toEqual({ passed: 1, failed: 1 });
  });

  it('explains itself with --help and refuses unknown options with exit 2', () => {
    expect(lab('--help')).toMatchObject({ code: 0, out: expect.stringContaining('usage: npm run -s lab') });
    const bad = lab('--frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('lab: unknown option --frobnicate');
    expect(lab(path.join(dir, 'nope.yaml')).out).toContain('no such file or folder');
  });

  it('export writes the starting network as describe-* JSON that an import: lab reads back into the same network', () => {
    const out = path.join(dir, 'snap');
    const r = lab('export', failing, '--out', out);
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining(`to ${out}/us-east-1/`) });
    const reservations = JSON.parse(readFileSync(path.join(out, 'us-east-1/Reservations.json'), 'utf8'));
    expect(
      reservations.Reservations.map((x: { Instances: { InstanceId: string }[] }) => x.Instances[0]!.InstanceId),
    ).toEqual(['i-a', 'i-b']);
    const again = path.join(dir, 'again.yaml');
    writeFileSync(
      again,
      `title: again\nimport: snap\nsteps:\n  - expect: { from: i-a, to: 10.0.1.11, protocol: icmp, result: roundtrip, via: [i-a, eni-b, i-b] }\n`,
    );
    expect(lab(again)).toMatchObject({ code: 0, out: expect.stringContaining('1 passed, 0 failed') });
    const bad = lab('export', invalid);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown resource "igw-9"');
    expect(lab('export').code).toBe(2);
  });
});
