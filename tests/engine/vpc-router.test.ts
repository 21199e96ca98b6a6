import { describe, expect, it } from 'vitest';
import { lookupRoute } from '../../engine/trace/route-lookup';
import { parseIp } from '../../engine/index';
import { dropAt, dropCode, flow, net, path } from '../helpers';

const THREE_SUBNETS = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-a, az: us-east-1a, cidr: 10.0.2.0/24 }
  - { id: subnet-fw, vpc: vpc-a, az: us-east-1a, cidr: 10.0.9.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
natGateways: [{ id: nat-1, subnet: subnet-fw, privateIp: 10.0.9.100, publicIp: 198.51.100.100 }]
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-open] }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.2.20, securityGroups: [sg-open] }]
  - id: i-fw
    interfaces: [{ id: eni-fw, subnet: subnet-fw, privateIp: 10.0.9.5, securityGroups: [sg-open], sourceDestCheck: false }]
    os: { ipForward: true }
`;

describe('the VPC router and route tables (R29–R44)', () => {
  it('delivers between subnets by the local route, straight to the destination ENI (R44)', () => {
    const t = flow(net(THREE_SUBNETS), { from: 'i-a', to: 'i-b' });
    expect(t.result).toBe('roundtrip');
    expect(path(t)).toEqual(['i-a', 'eni-a', 'subnet-a', 'vpc-a', 'subnet-b', 'eni-b', 'i-b']);
  });

  it('uses the main table for a subnet with no explicit association (R29)', () => {
    const n = net(`${THREE_SUBNETS}
routeTables:
  - { id: rtb-main, vpc: vpc-a, main: true, routes: [{ destination: 0.0.0.0/0, target: nat-1 }] }
  - { id: rtb-fw, vpc: vpc-a, subnets: [subnet-fw], routes: [] }`);
    expect(n.subnets.get('subnet-a')!.routeTable.id).toBe('rtb-main');
    expect(n.subnets.get('subnet-fw')!.routeTable.id).toBe('rtb-fw');
  });

  it('picks the longest prefix first, whatever the order of the routes (R31)', () => {
    const n = net(`${THREE_SUBNETS}
routeTables:
  - { id: rtb-1, vpc: vpc-a, routes: [{ destination: 0.0.0.0/0, target: igw-a }, { destination: 203.0.113.0/24, target: nat-1 }, { destination: 203.0.0.0/16, target: blackhole }] }`);
    const table = n.routeTables.get('rtb-1')!;
    expect(lookupRoute(table, parseIp('203.0.113.9')!)!.targetText).toBe('nat-1');
    expect(lookupRoute(table, parseIp('203.0.5.9')!)!.targetText).toBe('blackhole');
    expect(lookupRoute(table, parseIp('8.8.8.8')!)!.targetText).toBe('igw-a');
    expect(lookupRoute(table, parseIp('10.0.200.1')!)!.targetText).toBe('local');
  });

  it('sends traffic for a whole subnet through a middlebox with a more specific route (R36)', () => {
    const n = net(`${THREE_SUBNETS}
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 10.0.2.0/24, target: eni-fw }] }
  - { id: rtb-b, vpc: vpc-a, subnets: [subnet-b], routes: [{ destination: 10.0.1.0/24, target: eni-fw }] }`);
    const t = flow(n, { from: 'i-a', to: 'i-b' });
    expect(t.result).toBe('roundtrip');
    expect(path(t)).toEqual([
      'i-a',
      'eni-a',
      'subnet-a',
      'vpc-a',
      'subnet-fw',
      'eni-fw',
      'i-fw',
      'eni-fw',
      'subnet-fw',
      'vpc-a',
      'subnet-b',
      'eni-b',
      'i-b',
    ]);
    expect(path(t, 'reply')).toContain('i-fw');
  });

  it("replaces the local route's target, diverting all inter-subnet traffic (R37)", () => {
    const n = net(`${THREE_SUBNETS}
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 10.0.0.0/16, target: eni-fw }] }`);
    const table = n.routeTables.get('rtb-a')!;
    expect(table.routes.filter((r) => r.destination.text === '10.0.0.0/16').map((r) => r.targetText)).toEqual([
      'eni-fw',
    ]);
    expect(path(flow(n, { from: 'i-a', to: 'i-b' }))).toContain('i-fw');
  });

  it('drops at a blackhole route even when a less specific route would work (R40, A2)', () => {
    const n = net(`${THREE_SUBNETS}
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: nat-1 }, { destination: 203.0.113.0/24, target: blackhole }] }`);
    const t = flow(n, { from: 'i-a', to: '203.0.113.7' });
    expect(dropCode(t)).toBe('BAD_STATE_ROUTE');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.within).toEqual(['rtb-a', 'subnet-a', 'vpc-a']);
  });

  it('turns a route to a detached internet gateway into a blackhole (R40)', () => {
    const n =
      net(`${THREE_SUBNETS.replace('internetGateways: [{ id: igw-a, vpc: vpc-a }]', 'internetGateways: [{ id: igw-a, vpc: vpc-a }, { id: igw-old }]')}
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: igw-old }] }`);
    expect(dropCode(flow(n, { from: 'i-a', to: '8.8.8.8' }))).toBe('BAD_STATE_ROUTE');
  });

  it('drops a packet for which the table has no route, at the subnet, and says the local route covers only the VPC (R30)', () => {
    const t = flow(net(THREE_SUBNETS), { from: 'i-a', to: '198.51.100.20' });
    expect(dropCode(t)).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.within).toEqual([
      'rtb-main-vpc-a',
      'subnet-a',
      'vpc-a',
    ]);
    expect(t.request.hops.at(-2)!.detail).toContain('the local route covers only 10.0.0.0/16');
  });

  it('drops at the VPC an address inside its block that no ENI owns', () => {
    const t = flow(net(THREE_SUBNETS), { from: 'i-a', to: '10.0.7.7' });
    expect(dropCode(t)).toBe('ENGINE_NO_HOST_AT_ADDRESS');
    expect(dropAt(t)).toBe('vpc-a');
  });

  it('drops traffic routed to a stopped appliance at its ENI (A7)', () => {
    const n = net(`${THREE_SUBNETS.replace('os: { ipForward: true }', 'os: { ipForward: true }\n    state: stopped')}
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: i-fw }] }`);
    const t = flow(n, { from: 'i-a', to: '8.8.8.8' });
    expect(dropCode(t)).toBe('ENGINE_TARGET_NOT_RUNNING');
    expect(dropAt(t)).toBe('eni-fw');
  });

  it('loops until the TTL runs out when two appliances route to each other', () => {
    const n = net(`${THREE_SUBNETS}
  - id: i-fw2
    interfaces: [{ id: eni-fw2, subnet: subnet-b, privateIp: 10.0.2.5, securityGroups: [sg-open], sourceDestCheck: false }]
    os: { ipForward: true }
routeTables:
  - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: eni-fw }] }
  - { id: rtb-fw, vpc: vpc-a, subnets: [subnet-fw], routes: [{ destination: 0.0.0.0/0, target: eni-fw2 }] }
  - { id: rtb-b, vpc: vpc-a, subnets: [subnet-b], routes: [{ destination: 0.0.0.0/0, target: eni-fw }] }`);
    expect(dropCode(flow(n, { from: 'i-a', to: '8.8.8.8' }))).toBe('ENGINE_TTL_EXCEEDED');
  });
});
