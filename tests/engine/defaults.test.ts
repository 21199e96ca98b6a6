import { describe, expect, it } from 'vitest';
import { net } from '../helpers';

const TOPO = `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-1, az: us-east-1a, cidr: 10.0.1.0/24 }]
instances: [{ id: i-1, interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.10 }] }]
`;

describe('AWS defaults (lab-format.md)', () => {
  it('gives a VPC a main route table rtb-main-<vpc> holding only the local route (R29, R30)', () => {
    const n = net(TOPO);
    const main = n.routeTables.get('rtb-main-vpc-1')!;
    expect(main.isMain).toBe(true);
    expect(main.routes.map((r) => `${r.destination.text} -> ${r.targetText}`)).toEqual(['10.0.0.0/16 -> local']);
    expect(n.subnets.get('subnet-a')!.routeTable).toBe(main);
    expect(n.subnets.get('subnet-a')!.explicitRouteTable).toBe(false);
  });

  it('gives a VPC a default network ACL that allows everything (R75)', () => {
    const acl = net(TOPO).subnets.get('subnet-a')!.networkAcl;
    expect(acl.id).toBe('acl-default-vpc-1');
    expect(acl.inbound).toEqual([expect.objectContaining({ rule: 100, protocol: -1, allow: true })]);
    expect(acl.outbound).toEqual([expect.objectContaining({ rule: 100, protocol: -1, allow: true })]);
  });

  it('puts an ENI with no groups in the default security group, which admits its own members (R70)', () => {
    const eni = net(TOPO).enis.get('eni-1')!;
    expect(eni.securityGroups.map((g) => g.id)).toEqual(['sg-default-vpc-1']);
    const g = eni.securityGroups[0]!;
    expect(g.inbound.map((r) => r.text)).toEqual(['all from sg-default-vpc-1']);
    expect(g.outbound.map((r) => r.text)).toEqual(['all to 0.0.0.0/0']);
  });

  it('turns the source/destination check on (R83) and assigns a MAC', () => {
    const eni = net(TOPO).enis.get('eni-1')!;
    expect(eni.sourceDestCheck).toBe(true);
    expect(eni.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
  });

  it("lets a declared main table and default group take the implicit ones' place", () => {
    const n = net(`${TOPO}
routeTables: [{ id: rtb-mine, vpc: vpc-1, main: true }]
securityGroups: [{ id: sg-mine, vpc: vpc-1, default: true }]`);
    expect(n.routeTables.has('rtb-main-vpc-1')).toBe(false);
    expect(n.subnets.get('subnet-a')!.routeTable.id).toBe('rtb-mine');
    expect(n.enis.get('eni-1')!.securityGroups.map((g) => g.id)).toEqual(['sg-mine']);
  });

  it("gives a group declared without outbound rules AWS's allow-all egress, and one with [] none (R67)", () => {
    const n = net(`${TOPO}
securityGroups: [{ id: sg-x, vpc: vpc-1 }, { id: sg-y, vpc: vpc-1, outbound: [] }]`);
    expect(n.securityGroups.get('sg-x')!.outbound).toHaveLength(1);
    expect(n.securityGroups.get('sg-x')!.inbound).toHaveLength(0);
    expect(n.securityGroups.get('sg-y')!.outbound).toHaveLength(0);
  });

  it('builds the same network twice from the same topology (deterministic)', () => {
    const a = net(TOPO.replace('privateIp: 10.0.1.10', 'privateIp: 10.0.1.10 }, { id: eni-2, subnet: subnet-a'));
    const b = net(TOPO.replace('privateIp: 10.0.1.10', 'privateIp: 10.0.1.10 }, { id: eni-2, subnet: subnet-a'));
    expect(a.enis.get('eni-2')!.primaryIp).toBe(b.enis.get('eni-2')!.primaryIp);
    expect(a.enis.get('eni-2')!.mac).toBe(b.enis.get('eni-2')!.mac);
  });
});
