import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers';

/** A public subnet whose table routes a prefix list to the internet gateway; a firewall ENI. */
const lab = (plEntries: string, routes: string) => `title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  prefixLists: [{ id: pl-1, entries: [${plEntries}] }]
  routeTables:
    - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [${routes}] }
  securityGroups: [{ id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-open] }] }
    - { id: i-fw, interfaces: [{ id: eni-fw, subnet: subnet-a, privateIp: 10.0.1.20, securityGroups: [sg-open], sourceDestCheck: false }], os: { ipForward: true } }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.30, securityGroups: [sg-open] }] }
`;

describe('prefix-list routes next to static ones (R35)', () => {
  it('a static route with the CIDR of a routed prefix-list entry is taken, and wins at equal length', () => {
    const r = runYaml(`${lab('203.0.113.0/24, 198.18.0.0/15', '{ destination: pl-1, target: igw-a }')}
steps:
  - aws: ec2 create-route --route-table-id rtb-a --destination-cidr-block 203.0.113.0/24 --network-interface-id eni-fw
  - expect: { lookup: rtb-a, destination: 203.0.113.9, target: eni-fw }
  - expect: { lookup: rtb-a, destination: 198.18.0.9, target: igw-a }
  - aws: ec2 delete-route --route-table-id rtb-a --destination-cidr-block 203.0.113.0/24
  - expect: { lookup: rtb-a, destination: 203.0.113.9, target: igw-a }`);
    expect(r.steps.map((s) => [s.summary, s.ok])).toEqual([
      [expect.stringContaining('create-route'), true],
      ['lookup rtb-a 203.0.113.9: 203.0.113.0/24 -> eni-fw', true],
      ['lookup rtb-a 198.18.0.9: pl-1 -> igw-a', true],
      [expect.stringContaining('delete-route'), true],
      ['lookup rtb-a 203.0.113.9: pl-1 -> igw-a', true],
    ]);
  });

  it('a lab may hold both routes from the start, in either order', () => {
    for (const routes of [
      '{ destination: pl-1, target: igw-a }, { destination: 203.0.113.0/24, target: eni-fw }',
      '{ destination: 203.0.113.0/24, target: eni-fw }, { destination: pl-1, target: igw-a }',
    ]) {
      const r = runYaml(`${lab('203.0.113.0/24', routes)}
steps:
  - expect: { lookup: rtb-a, destination: 203.0.113.9, target: eni-fw }`);
      expect(r.valid).toBe(true);
      expect(r.failed).toBe(0);
    }
  });

  it('ignores a prefix-list entry the route could not hold (inside the VPC, towards the internet gateway)', () => {
    // 10.0.2.0/24 is subnet-b: a route for it may only name an interface or a NAT gateway (R36)
    const r = runYaml(`${lab('10.0.2.0/24, 203.0.113.0/24', '{ destination: pl-1, target: igw-a }')}
steps:
  - expect: { lookup: rtb-a, destination: 10.0.2.30, target: local }
  - expect: { lookup: rtb-a, destination: 203.0.113.9, target: igw-a }
  - expect: { from: i-a, to: i-b, protocol: icmp, result: roundtrip }`);
    expect(r.valid).toBe(true);
    expect(r.steps.map((s) => [s.summary, s.ok])).toEqual([
      ['lookup rtb-a 10.0.2.30: 10.0.0.0/16 -> local', true],
      ['lookup rtb-a 203.0.113.9: pl-1 -> igw-a', true],
      ['i-a -> i-b icmp: roundtrip', true],
    ]);
  });

  it('installs an entry inside the VPC when the route may hold it (a whole subnet towards an interface)', () => {
    const r = runYaml(`${lab('10.0.2.0/24', '{ destination: pl-1, target: eni-fw }')}
steps:
  - expect: { lookup: rtb-a, destination: 10.0.2.30, target: eni-fw }`);
    expect(r.failed).toBe(0);
  });
});

describe('the trace lists every route a table matched, the chosen one first (level 10 trace viewer)', () => {
  it('a blackhole wins by length and is listed above the active default route it beat (A2)', () => {
    const r =
      runYaml(`${lab('203.0.113.0/26', '{ destination: pl-1, target: nat-gone }, { destination: 0.0.0.0/0, target: igw-a }')}
  deleted: [nat-gone]
  externalHosts: [{ id: far, ip: 203.0.113.10, listen: [tcp/443] }]
steps:
  - expect: { from: i-a, to: far, protocol: tcp, port: 443, result: dropped, reason: BAD_STATE_ROUTE }`);
    const hop = r.steps[0]!.trace!.find((h) => h.routes)!;
    expect(hop.routes).toEqual({
      table: 'rtb-a',
      destination: '203.0.113.10',
      matched: [
        {
          destination: '203.0.113.0/26',
          written: 'pl-1',
          origin: 'prefix-list',
          target: 'nat-gone',
          state: 'blackhole',
          chosen: true,
        },
        {
          destination: '0.0.0.0/0',
          written: '0.0.0.0/0',
          origin: 'static',
          target: 'igw-a',
          state: 'active',
          chosen: false,
        },
      ],
    });
  });

  it('at equal length the static route is listed first, the prefix-list entry after it (R35)', () => {
    const r =
      runYaml(`${lab('203.0.113.0/26', '{ destination: pl-1, target: igw-a }, { destination: 203.0.113.0/26, target: eni-fw }')}
  externalHosts: [{ id: far, ip: 203.0.113.10, listen: [tcp/443] }]
steps:
  - expect: { from: i-a, to: far, protocol: tcp, port: 443, result: dropped }`);
    const hop = r.steps[0]!.trace!.find((h) => h.routes)!;
    expect(hop.routes!.matched.map((m) => [m.written, m.origin, m.chosen])).toEqual([
      ['203.0.113.0/26', 'static', true],
      ['pl-1', 'prefix-list', false],
    ]);
  });
});

describe('the route quota counts a prefix list by its maximum entries (R42)', () => {
  it('a list of one entry but room for 48 takes a table of three routes past 50: RouteLimitExceeded', () => {
    const table = (max: number) => `title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }]
  internetGateways: [{ id: igw-a, vpc: vpc-a }]
  prefixLists: [{ id: pl-1, entries: [203.0.113.0/26], maxEntries: ${max} }]
  routeTables:
    - id: rtb-a
      vpc: vpc-a
      subnets: [subnet-a]
      routes:
        - { destination: 0.0.0.0/0, target: igw-a }
        - { destination: 198.18.0.0/24, target: igw-a }
        - { destination: 198.18.1.0/24, target: igw-a }
steps:
  - aws: ec2 create-route --route-table-id rtb-a --destination-prefix-list-id pl-1 --gateway-id igw-a`;
    const over = runYaml(table(48)).steps[0]!;
    expect(over.ok).toBe(false);
    expect(over.error).toContain('RouteLimitExceeded');
    expect(over.error).toContain("counts as its list's maximum entries");
    // room for 47 fits exactly: 3 + 47 = 50
    expect(runYaml(table(47)).steps[0]!.ok).toBe(true);
  });
});
