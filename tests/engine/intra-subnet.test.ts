import { describe, expect, it } from 'vitest';
import { dropAt, dropCode, flow, net, path } from '../helpers';

const SUBNET = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-a, az: us-east-1a, cidr: 10.0.2.0/24 }
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
networkAcls:
  - { id: acl-deny, vpc: vpc-a, subnets: [subnet-a], inbound: [], outbound: [] }
`;

function hosts(extra = '', routerOs = '{ ipForward: true }', routerCheck = false) {
  return net(`${SUBNET}
instances:
  - id: i-h
    interfaces: [{ id: eni-h, subnet: subnet-a, privateIp: 10.0.1.30, mac: "0a:00:00:00:01:30", securityGroups: [sg-open] }]
    os: { routes: [{ destination: 192.168.50.0/24, via: 10.0.1.20 }] }
  - id: i-r
    interfaces: [{ id: eni-r, subnet: subnet-a, privateIp: 10.0.1.20, mac: "0a:00:00:00:01:20", securityGroups: [sg-open], sourceDestCheck: ${routerCheck} }]
    os: ${routerOs}
  - id: i-other
    interfaces: [{ id: eni-o, subnet: subnet-b, privateIp: 10.0.2.40, securityGroups: [sg-open] }]
    os: { routes: [{ destination: 192.168.50.0/24, via: 10.0.1.20, onlink: true }] }
${extra}`);
}

describe('inside a subnet, frames go by MAC with no router and no network ACL (R22–R28)', () => {
  it('delivers a ping between two ENIs of one subnet directly, even under a deny-all NACL (R22, R26)', () => {
    const t = flow(hosts(), { from: 'i-h', to: '10.0.1.20' });
    expect(t.result).toBe('roundtrip');
    expect(path(t)).toEqual(['i-h', 'eni-h', 'eni-r', 'i-r']);
    expect(path(t, 'reply')).toEqual(['i-r', 'eni-r', 'eni-h', 'i-h']);
  });

  it('says in the trace which MAC the frame went to', () => {
    const t = flow(hosts(), { from: 'i-h', to: '10.0.1.20' });
    expect(t.request.hops[0]!.detail).toContain('0a:00:00:00:01:20 (eni-r), delivered by MAC');
  });

  it('sends a guest route to an in-subnet next hop to that ENI by MAC, where the check stops it (R24, R83)', () => {
    const t = flow(hosts('', '{ ipForward: true }', true), { from: 'i-h', to: '192.168.50.1' });
    expect(t.result).toBe('dropped');
    expect(dropCode(t)).toBe('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(dropAt(t)).toBe('eni-r');
    expect(path(t)).not.toContain('vpc-a');
  });

  it('lets an in-subnet appliance with the check off answer for an address only its guest has (R24)', () => {
    const t = flow(hosts('', '{ ipForward: true, addresses: [{ ip: 192.168.50.1/32, dev: lo }] }'), {
      from: 'i-h',
      to: '192.168.50.1',
    });
    expect(t.result).toBe('roundtrip');
    expect(path(t)).toEqual(['i-h', 'eni-h', 'eni-r', 'i-r']);
    expect(t.reply!.ending.kind === 'delivered' && t.reply!.ending.packet.src).toBe(0xc0a83201);
  });

  it('sends a route whose next hop is in another subnet to the subnet router, onlink or not (R25, A5)', () => {
    const t = flow(hosts('', '{ ipForward: true, addresses: [{ ip: 192.168.50.1/32, dev: lo }] }'), {
      from: 'i-other',
      to: '192.168.50.1',
    });
    expect(t.result).toBe('dropped');
    expect(dropCode(t)).toBe('NO_ROUTE_TO_DESTINATION');
    expect(path(t)).toEqual(['i-other', 'eni-o', 'subnet-b', 'rtb-main-vpc-a']);
    expect(t.request.hops[0]!.detail).toContain('so the frame goes to the router, A5');
  });

  it('never resolves a next hop that no ENI owns, even if a guest configured it (R23, A5)', () => {
    const n = net(`${SUBNET}
instances:
  - id: i-h
    interfaces: [{ id: eni-h, subnet: subnet-a, privateIp: 10.0.1.30, securityGroups: [sg-open] }]
    os: { routes: [{ destination: 192.168.50.0/24, via: 10.0.1.77 }] }
  - id: i-rogue
    interfaces: [{ id: eni-rg, subnet: subnet-a, privateIp: 10.0.1.40, securityGroups: [sg-open], sourceDestCheck: false }]
    os: { ipForward: true, addresses: [{ ip: 10.0.1.77/24, dev: eth0 }] }`);
    const t = flow(n, { from: 'i-h', to: '192.168.50.1' });
    expect(dropCode(t)).toBe('ENGINE_NO_ARP_RESOLUTION');
    expect(dropAt(t)).toBe('i-h');
    expect(path(t)).not.toContain('eni-rg');
  });

  it('does not deliver a ping to a guest-only address (a VIP AWS never assigned) (R23, R117)', () => {
    const t = flow(hosts('', '{ addresses: [10.0.1.50] }'), { from: 'i-h', to: '10.0.1.50' });
    expect(dropCode(t)).toBe('ENGINE_NO_ARP_RESOLUTION');
  });

  it('does not deliver broadcast or multicast (R121, R122)', () => {
    expect(dropCode(flow(hosts(), { from: 'i-h', to: '10.0.1.255' }))).toBe('ENGINE_BROADCAST_UNSUPPORTED');
    expect(dropCode(flow(hosts(), { from: 'i-h', to: '255.255.255.255' }))).toBe('ENGINE_BROADCAST_UNSUPPORTED');
    expect(dropCode(flow(hosts(), { from: 'i-h', to: '224.0.0.18', protocol: 112 }))).toBe(
      'ENGINE_MULTICAST_UNSUPPORTED',
    );
  });
});
