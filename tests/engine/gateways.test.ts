import { describe, expect, it } from 'vitest';
import { ipToString } from '../../engine/index';
import { dropAt, dropCode, flow, net, path, TWO_HOSTS } from '../helpers';

function seen(t: ReturnType<typeof flow>) {
  const e = t.request.ending;
  return e.kind === 'dropped'
    ? undefined
    : { src: ipToString(e.packet.src), dst: ipToString(e.packet.dst), srcPort: e.packet.srcPort };
}

describe('the internet gateway is a 1:1 NAT (R52–R59)', () => {
  it('swaps the private source for the public address on the way out (R53)', () => {
    const t = flow(net(TWO_HOSTS), { from: 'i-a', to: 'web', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('roundtrip');
    expect(seen(t)).toEqual({ src: '198.51.100.10', dst: '203.0.113.80', srcPort: 49152 });
    expect(t.request.hops.find((h) => h.resource === 'igw-a')!.detail).toBe(
      '1:1 NAT: source 10.0.1.10 -> 198.51.100.10 (R53)',
    );
  });

  it("hairpins a ping to a neighbour's public IP, which arrives from the sender's public IP (R43, R57)", () => {
    const t = flow(net(TWO_HOSTS), { from: 'i-a', to: '198.51.100.20' });
    expect(t.result).toBe('roundtrip');
    expect(seen(t)).toMatchObject({ src: '198.51.100.10', dst: '10.0.1.20' });
    expect(path(t)).toEqual([
      'i-a',
      'eni-a',
      'subnet-pub',
      'vpc-a',
      'igw-a',
      'igw-a',
      'vpc-a',
      'subnet-pub',
      'eni-b',
      'i-b',
    ]);
    const back = t.reply!.ending;
    expect(back.kind === 'delivered' && ipToString(back.packet.src)).toBe('198.51.100.20');
  });

  it('refuses egress from a private address with no public partner (R55)', () => {
    const n = net(
      TWO_HOSTS.replace(
        'routeTables:',
        `routeTables:
  - { id: rtb-priv, vpc: vpc-a, subnets: [subnet-priv], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }`,
      ),
    );
    const t = flow(n, { from: 'i-p', to: 'web', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(dropAt(t)).toBe('igw-a');
  });

  it('never sends to a private destination (R55)', () => {
    const n = net(
      TWO_HOSTS.replace(
        'routes: [{ destination: 0.0.0.0/0, target: igw-a }]',
        'routes: [{ destination: 0.0.0.0/0, target: igw-a }, { destination: 192.168.0.0/16, target: igw-a }]',
      ),
    );
    expect(dropCode(flow(n, { from: 'i-a', to: '192.168.5.5' }))).toBe('IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS');
  });

  it('refuses, on the way in, a private destination and a private source (R56)', () => {
    const n = net(TWO_HOSTS);
    expect(dropCode(flow(n, { from: 'web', to: '10.0.1.20' }))).toBe('IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS');
    expect(dropCode(flow(n, { from: 'internet', fromIp: '10.9.9.9', to: '198.51.100.20' }))).toBe(
      'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
    );
  });

  it('translates inbound traffic to a receiver in a subnet with no route out, whose reply then dies (R54)', () => {
    const n = net(TWO_HOSTS.replace('privateIp: 10.0.2.30,', 'privateIp: 10.0.2.30, publicIp: 198.51.100.30,'));
    const t = flow(n, { from: 'i-a', to: '198.51.100.30' });
    expect(t.result).toBe('request-only');
    expect(seen(t)).toMatchObject({ src: '198.51.100.10', dst: '10.0.2.30' });
    expect(dropCode(t)).toBe('NO_ROUTE_TO_DESTINATION');
    expect(dropAt(t)).toBe('rtb-main-vpc-a');
  });

  it('counts a public address nobody in the lab owns as leaving the network, and the internet answers', () => {
    const t = flow(net(TWO_HOSTS), { from: 'i-a', to: '8.8.8.8', protocol: 'udp', port: 53 });
    expect(t.request.ending.kind).toBe('exits');
    expect(t.result).toBe('roundtrip');
  });

  it('resets a TCP connection to a closed port on an external host', () => {
    expect(flow(net(TWO_HOSTS), { from: 'i-a', to: 'web', protocol: 'tcp', port: 80 }).result).toBe('reset');
  });
});

const NAT = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-pub, vpc: vpc-a, cidr: 10.0.0.0/24 }
  - { id: subnet-priv, vpc: vpc-a, cidr: 10.0.1.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
natGateways: [{ id: nat-1, subnet: subnet-pub, privateIp: 10.0.0.100, publicIp: 198.51.100.100 }]
routeTables:
  - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
  - { id: rtb-priv, vpc: vpc-a, subnets: [subnet-priv], routes: [{ destination: 0.0.0.0/0, target: nat-1 }] }
instances:
  - id: i-p
    interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.1.10 }]
externalHosts:
  - { id: mirror, ip: 203.0.113.80, listen: [tcp/443] }
`;

describe('the NAT gateway (R60–R65)', () => {
  it('translates address and port, then the internet gateway maps its private IP to the EIP (R60, R61)', () => {
    const t = flow(net(NAT), { from: 'i-p', to: 'mirror', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('roundtrip');
    const s = seen(t)!;
    expect(s.src).toBe('198.51.100.100');
    expect(s.srcPort).toBeGreaterThanOrEqual(1024);
    expect(path(t)).toEqual([
      'i-p',
      'eni-p',
      'subnet-priv',
      'vpc-a',
      'subnet-pub',
      'nat-1',
      'subnet-pub',
      'vpc-a',
      'igw-a',
      'mirror',
    ]);
    expect(path(t, 'reply')).toEqual([
      'mirror',
      'igw-a',
      'vpc-a',
      'subnet-pub',
      'nat-1',
      'subnet-pub',
      'vpc-a',
      'subnet-priv',
      'eni-p',
      'i-p',
    ]);
    const back = t.reply!.ending;
    expect(back.kind === 'delivered' && back.packet.dstPort).toBe(49152);
  });

  it("routes its translated packets by its own subnet's table (R60)", () => {
    const n = net(
      NAT.replace(
        '- { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }',
        '- { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [] }',
      ),
    );
    const t = flow(n, { from: 'i-p', to: 'mirror', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('NO_ROUTE_TO_DESTINATION');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.within).toEqual([
      'rtb-pub',
      'subnet-pub',
      'vpc-a',
    ]);
    expect(path(t)).toContain('nat-1');
  });

  it('never accepts a connection from outside (R62)', () => {
    const t = flow(net(NAT), { from: 'mirror', to: '198.51.100.100', protocol: 'tcp', port: 22 });
    expect(dropCode(t)).toBe('ENGINE_NATGW_NO_MAPPING');
    expect(path(t)).toEqual(['mirror', 'igw-a', 'vpc-a', 'subnet-pub', 'nat-1', 'nat-1']);
  });

  it('translates only TCP, UDP and ICMP (R61)', () => {
    expect(dropCode(flow(net(NAT), { from: 'i-p', to: 'mirror', protocol: 47 }))).toBe(
      'ENGINE_NATGW_UNSUPPORTED_PROTOCOL',
    );
  });

  it("needs its subnet's NACL to admit replies to its ports 1024–65535 (R61, R77, R78)", () => {
    const acl = `networkAcls:
  - id: acl-nat
    vpc: vpc-a
    subnets: [subnet-pub]
    inbound: [{ rule: 100, protocol: tcp, ports: 443, cidr: 0.0.0.0/0, action: allow }, { rule: 110, protocol: all, cidr: 10.0.0.0/16, action: allow }]
    outbound: [{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }]`;
    const t = flow(net(`${NAT}\n${acl}`), { from: 'i-p', to: 'mirror', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('request-only');
    expect(dropCode(t)).toBe('SUBNET_ACL_RESTRICTION');
    expect(dropAt(t)).toBe('acl-nat');
  });

  it('refuses traffic whose source is outside its VPC (R63)', () => {
    const t = flow(net(NAT), { from: 'subnet-priv', fromIp: '172.16.0.9', to: '203.0.113.80', protocol: 'icmp' });
    expect(dropCode(t)).toBe('NGW_REQUIRES_SOURCE_IN_VPC');
  });
});

describe('gateway route tables send traffic entering through the IGW to an appliance (R45–R51)', () => {
  const EDGE = (fwPublic: string) => `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-fw, vpc: vpc-a, cidr: 10.0.0.0/24 }
  - { id: subnet-app, vpc: vpc-a, cidr: 10.0.1.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
routeTables:
  - { id: rtb-edge, vpc: vpc-a, gateways: [igw-a], routes: [{ destination: 10.0.1.0/24, target: eni-fw }] }
  - { id: rtb-fw, vpc: vpc-a, subnets: [subnet-fw], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
  - { id: rtb-app, vpc: vpc-a, subnets: [subnet-app], routes: [{ destination: 0.0.0.0/0, target: eni-fw }] }
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-fw
    interfaces: [{ id: eni-fw, subnet: subnet-fw, privateIp: 10.0.0.5, ${fwPublic} securityGroups: [sg-open], sourceDestCheck: false }]
    os: { ipForward: true }
  - id: i-web
    interfaces: [{ id: eni-web, subnet: subnet-app, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-open] }]
    os: { listen: [tcp/443] }
externalHosts: [{ id: client, ip: 192.0.2.50 }]
`;

  it('steers inbound web traffic through the firewall and back the same way (R45, R50)', () => {
    const t = flow(net(EDGE('publicIp: 198.51.100.5,')), {
      from: 'client',
      to: '198.51.100.10',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.result).toBe('roundtrip');
    expect(path(t)).toEqual([
      'client',
      'igw-a',
      'rtb-edge',
      'vpc-a',
      'subnet-fw',
      'eni-fw',
      'i-fw',
      'eni-fw',
      'subnet-fw',
      'vpc-a',
      'subnet-app',
      'eni-web',
      'i-web',
    ]);
    expect(path(t, 'reply')).toContain('i-fw');
  });

  it('refuses a reply that skips the appliance its inbound traffic was sent through (R50)', () => {
    const n = net(
      EDGE('publicIp: 198.51.100.5,').replace(
        'routes: [{ destination: 0.0.0.0/0, target: eni-fw }]',
        'routes: [{ destination: 0.0.0.0/0, target: igw-a }]',
      ),
    );
    const t = flow(n, { from: 'client', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(t.result).toBe('request-only');
    expect(dropCode(t)).toBe('INGRESS_RTB_TRAFFIC_REDIRECTION');
    expect(dropAt(t)).toBe('igw-a');
    expect(flow(n, { from: 'i-web', to: 'client' }).result).toBe('dropped');
  });

  it('drops at the gateway when the appliance has no public IP (R49)', () => {
    const t = flow(net(EDGE('')), { from: 'client', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('INGRESS_RTB_NO_PUBLIC_IP');
    expect(t.request.ending.kind === 'dropped' && t.request.ending.drop.within).toEqual(['rtb-edge', 'igw-a']);
  });
});
