import { describe, expect, it } from 'vitest';
import { DROP_CODES, explainDrop, parseLabText } from '../../engine/index';
import { runYaml } from '../helpers';

const TOPO = `
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets:
    - { id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }
    - { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  routeTables: [{ id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }]
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [] }
    - { id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 443, source: 10.0.1.0/24 }] }
  instances:
    - id: i-a
      interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-a] }]
    - id: i-b
      interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-b] }]
      os: { listen: [tcp/443] }
`;

describe('running lab steps (lab-format.md)', () => {
  it('counts one item per expect and passes matching ones', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip, via: [i-a, subnet-a, vpc-a, subnet-b, i-b] }
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 22, result: dropped, droppedAt: i-b, reason: ENI_SG_RULES_MISMATCH }
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip, notVia: [vpc-a] }`);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, false]);
    expect([r.passed, r.failed]).toEqual([2, 1]);
    expect(r.steps[2]!.summary).toBe('i-a -> i-b tcp/443: notVia: crosses vpc-a');
    expect(r.steps[2]!.trace!.map((h) => h.resource)).toContain('vpc-a');
  });

  it('says what it got when the result differs, with the drop code and place', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 22, result: roundtrip }`);
    expect(r.steps[0]!.summary).toBe(
      'i-a -> i-b tcp/22: expected roundtrip, got dropped (ENI_SG_RULES_MISMATCH at sg-b)',
    );
    expect(r.steps[0]!.drop).toEqual({
      code: 'ENI_SG_RULES_MISMATCH',
      at: 'sg-b',
      // what holds the group that dropped it: the interface and its instance
      within: ['eni-b', 'i-b'],
      explanation: DROP_CODES.ENI_SG_RULES_MISMATCH,
    });
  });

  it('treats delivered as "the request arrived", whatever happens to the reply', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: delivered }
  - expect: { from: i-a, to: 8.8.8.8, protocol: icmp, result: exits, seenSource: 198.51.100.10 }
  - expect: { from: i-a, to: 8.8.8.8, protocol: icmp, result: delivered }`);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, false]);
  });

  it("keeps a named flow's connection state, so a reply-direction packet passes the groups (R66)", () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip, flow: web }
  - expect: { flow: web, direction: reply, result: roundtrip, via: [i-b, eni-b, subnet-b, vpc-a, subnet-a, eni-a, i-a] }
  - expect: { from: i-b, to: i-a, protocol: tcp, port: 49152, result: dropped, reason: SG_HAS_NO_RULES }`);
    expect(r.steps.map((s) => s.summary)).toEqual([
      'i-a -> i-b tcp/443: roundtrip',
      'reply on i-a -> i-b tcp/443: roundtrip',
      'i-b -> i-a tcp/49152: dropped',
    ]);
    expect(r.failed).toBe(0);
  });

  it('answers a TCP flow idle for more than 350 s at a NAT gateway with a RST (R64)', () => {
    const r = runYaml(`title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-pub, vpc: vpc-a, cidr: 10.0.0.0/24 }, { id: subnet-priv, vpc: vpc-a, cidr: 10.0.1.0/24 }]
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  natGateways: [{ id: nat-1, subnet: subnet-pub, publicIp: 198.51.100.100 }]
  routeTables:
    - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
    - { id: rtb-priv, vpc: vpc-a, subnets: [subnet-priv], routes: [{ destination: 0.0.0.0/0, target: nat-1 }] }
  instances: [{ id: i-p, interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.1.10 }] }]
  externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
steps:
  - expect: { from: i-p, to: web, protocol: tcp, port: 443, result: roundtrip, flow: s }
  - wait: 300
  - expect: { flow: s, result: roundtrip }
  - wait: 351
  - expect: { flow: s, result: reset, replyVia: [subnet-pub, vpc-a, subnet-priv, i-p] }
  - expect: { flow: s, direction: reply, result: dropped, droppedAt: nat-1, reason: ENGINE_NATGW_NO_MAPPING }`);
    expect(r.steps.filter((s) => s.counted).map((s) => s.summary)).toEqual([
      'i-p -> web tcp/443: roundtrip',
      'i-p -> web tcp/443: roundtrip',
      'i-p -> web tcp/443: reset',
      'reply on i-p -> web tcp/443: dropped',
    ]);
  });

  it('keeps a tracked flow through a rule revoke, but cuts an untracked one at once (R71)', () => {
    const lab = (source: string) =>
      runYaml(`title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [] }
    - { id: sg-b, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 22, source: ${source} }] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-b] }], os: { listen: [tcp/22] } }
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 22, result: roundtrip, flow: ssh }
  - aws: ec2 revoke-security-group-ingress --group-id sg-b --protocol tcp --port 22 --cidr ${source}
  - expect: { flow: ssh, result: roundtrip }
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 22, result: dropped }`);
    // 10.0.1.0/24 in, nothing special out: tracked, the session survives (R66, R71)
    expect(lab('10.0.1.0/24').steps.map((s) => s.ok)).toEqual([true, true, true, true]);
    // 0.0.0.0/0 in and the default all-ports 0.0.0.0/0 out: untracked, cut at once (R71)
    const cut = lab('0.0.0.0/0');
    expect(cut.steps.map((s) => s.ok)).toEqual([true, true, false, true]);
    expect(cut.steps[2]!.summary).toContain('got dropped (SG_HAS_NO_RULES at sg-b)');
  });

  it('checks one routing decision with lookup, and address resolution with arp', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - expect: { lookup: rtb-a, destination: 8.8.8.8, target: igw-a }
  - expect: { lookup: rtb-a, destination: 10.0.2.20, target: local }
  - expect: { lookup: rtb-main-vpc-a, destination: 8.8.8.8, target: none }
  - expect: { lookup: rtb-a, destination: 8.8.8.8, target: local }
  - expect: { from: i-a, arp: 10.0.1.1, result: router }
  - expect: { from: i-a, arp: 10.0.2.20, result: unresolved }`);
    expect(r.steps.map((s) => s.ok)).toEqual([true, true, true, false, true, true]);
    expect(r.steps[3]!.summary).toBe('lookup rtb-a 8.8.8.8: expected local, got igw-a');
  });

  it('crashes and recovers instances, without counting those steps', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - fail: i-b
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: eni-b, reason: ENGINE_TARGET_NOT_RUNNING }
  - wait: 10
  - recover: i-b
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip }
  - fail: i-nope`);
    expect(r.steps.map((s) => [s.kind, s.counted, s.ok])).toEqual([
      ['fail', false, true],
      ['expect', true, true],
      ['wait', false, true],
      ['recover', false, true],
      ['expect', true, true],
      ['fail', true, false],
    ]);
    expect([r.passed, r.failed]).toEqual([2, 1]);
  });

  it('describes the lost reply with droppedAt and reason under request-only', () => {
    const r = runYaml(`title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  securityGroups: [{ id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
  networkAcls: [{ id: acl-b, vpc: vpc-a, subnets: [subnet-b], inbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }] }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-open] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-open] }] }
steps:
  - expect: { from: i-a, to: i-b, protocol: icmp, result: request-only, droppedAt: subnet-b, reason: SUBNET_ACL_RESTRICTION }`);
    expect(r.steps[0]!.ok).toBe(true);
  });

  it('counts a run step with an expectation, and one that fails as a command, but not an experiment that fails', () => {
    const r = runYaml(`title: t\n${TOPO}
steps:
  - run: { "on": i-a, cmd: "ip -4 addr show dev eth0" }
    expectOutput: "inet 10.0.1.10/24 brd 10.0.1.255 scope global dynamic eth0"
  - run: { "on": i-a, cmd: "ip route add 10.9.0.0/16 via 10.0.2.20" }
  - run: { "on": i-a, cmd: "frobnicate --now" }
  - run: { "on": i-a, cmd: "ping -c 1 10.0.2.20" }
  - run: { "on": i-a, cmd: "ip -4 addr" }
    expectNoOutput: "198.51.100.10"`);
    expect(r.steps.map((s) => [s.ok, s.counted])).toEqual([
      [true, true],
      [false, true],
      [false, true],
      [true, false],
      [true, true],
    ]);
    expect(r.steps[1]!.error).toBe('Error: Nexthop has invalid gateway.');
    expect(r.steps[2]!.error).toBe('bash: frobnicate: command not found');
  });

  it('reports every problem of a broken lab file with its path', () => {
    const parsed = parseLabText(`title: t\n${TOPO}
steps:
  - expect: { from: i-a, to: i-b, protocol: tcp }
  - wiat: 3
  - expect: { lookup: rtb-a, destination: nowhere, target: igw-a }`);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path)).toEqual([
      'steps[0].expect.result',
      'steps[1]',
      'steps[2].expect.destination',
    ]);
  });

  it('has a one-line explanation for every drop code', () => {
    for (const [code, text] of Object.entries(DROP_CODES)) {
      expect(text.length, code).toBeGreaterThan(20);
      expect(explainDrop(code)).toBe(text);
    }
    expect(explainDrop('NOPE')).toBe('Unknown drop code.');
  });
});
