import { describe, expect, it } from 'vitest';
import { subnetMatrix } from '../../engine/lab/reachability';
import { net } from '../helpers';

/** Two peered VPCs and a third joined to nothing; the peer's group lets only 443 in; one subnet has no instance. */
const NET = `
vpcs: [{ id: vpc-a, cidr: 10.1.0.0/16 }, { id: vpc-b, cidr: 10.2.0.0/16 }, { id: vpc-c, cidr: 10.3.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-a, cidr: 10.1.1.0/24 }
  - { id: subnet-b, vpc: vpc-b, cidr: 10.2.1.0/24 }
  - { id: subnet-c, vpc: vpc-c, cidr: 10.3.1.0/24 }
  - { id: subnet-empty, vpc: vpc-a, cidr: 10.1.2.0/24 }
peeringConnections: [{ id: pcx-ab, requester: vpc-a, accepter: vpc-b }]
routeTables:
  - { id: rtb-a, vpc: vpc-a, main: true, routes: [{ destination: 10.2.0.0/16, target: pcx-ab }] }
  - { id: rtb-b, vpc: vpc-b, main: true, routes: [{ destination: 10.1.0.0/16, target: pcx-ab }] }
securityGroups:
  - { id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
  - { id: sg-b, vpc: vpc-b, inbound: [{ protocol: tcp, ports: 443, source: 10.1.0.0/16 }] }
  - { id: sg-c, vpc: vpc-c, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
instances:
  - { id: i-b2, os: { listen: [tcp/443] }, interfaces: [{ id: eni-b2, subnet: subnet-b, privateIp: 10.2.1.20, securityGroups: [sg-b] }] }
  - { id: i-b1, os: { listen: [tcp/443] }, interfaces: [{ id: eni-b1, subnet: subnet-b, privateIp: 10.2.1.10, securityGroups: [sg-b] }] }
  - { id: i-a, os: { listen: [tcp/443] }, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.1.1.10, securityGroups: [sg-a] }] }
  - { id: i-c, os: { listen: [tcp/443] }, interfaces: [{ id: eni-c, subnet: subnet-c, privateIp: 10.3.1.10, securityGroups: [sg-c] }] }
`;

describe('the subnet reachability matrix', () => {
  const cell = (m: ReturnType<typeof subnetMatrix>, from: string, to: string) =>
    m.cells[m.subnets.findIndex((s) => s.id === from)]![m.subnets.findIndex((s) => s.id === to)];

  it('traces every ordered pair between the hosts that speak for the subnets, and says where a flow died', () => {
    const m = subnetMatrix(net(NET), { protocol: 'tcp', port: 443 });
    expect(m.subnets.map((s) => [s.id, s.host?.instance])).toEqual([
      ['subnet-a', 'i-a'],
      ['subnet-b', 'i-b1'],
      ['subnet-c', 'i-c'],
      ['subnet-empty', undefined],
    ]);
    expect(m.flows).toBe(6);
    expect(cell(m, 'subnet-a', 'subnet-b')).toEqual({ result: 'roundtrip' });
    expect(cell(m, 'subnet-b', 'subnet-a')).toEqual({ result: 'roundtrip' });
    expect(cell(m, 'subnet-a', 'subnet-c')).toEqual({
      result: 'dropped',
      drop: { code: 'NO_ROUTE_TO_DESTINATION', at: 'rtb-a' },
    });
    expect(cell(m, 'subnet-a', 'subnet-a')).toBeNull();
    expect(cell(m, 'subnet-a', 'subnet-empty')).toBeNull();
  });

  it('answers for the protocol asked: ping into the peer is refused by its group', () => {
    const m = subnetMatrix(net(NET), { protocol: 'icmp' });
    expect(cell(m, 'subnet-a', 'subnet-b')).toEqual({
      result: 'dropped',
      drop: { code: 'ENI_SG_RULES_MISMATCH', at: 'sg-b' },
    });
    expect(cell(m, 'subnet-b', 'subnet-a')).toEqual({ result: 'roundtrip' });
  });
});
