import { describe, expect, it } from 'vitest';
import { ConnectionState, ipToString, resolveFlow, traceFlow, World, type FlowTrace } from '../../engine/index';
import { dropCode, flow, net, path } from '../helpers';

/** A NAT instance in the public subnet, one interface, masquerading (A3). */
const NAT_INSTANCE = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-pub, vpc: vpc-a, cidr: 10.0.0.0/24 }
  - { id: subnet-priv, vpc: vpc-a, cidr: 10.0.1.0/24 }
  - { id: subnet-web, vpc: vpc-a, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
routeTables:
  - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
  - id: rtb-priv
    vpc: vpc-a
    subnets: [subnet-priv]
    routes: [{ destination: 0.0.0.0/0, target: eni-nat }, { destination: 10.0.2.0/24, target: eni-nat }]
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
  - id: sg-nat
    vpc: vpc-a
    inbound: [{ protocol: all, source: 10.0.0.0/16 }]
  - id: sg-web
    vpc: vpc-a
    inbound: [{ protocol: tcp, ports: 443, source: sg-nat }]
instances:
  - id: i-nat
    interfaces: [{ id: eni-nat, subnet: subnet-pub, privateIp: 10.0.0.50, publicIp: 198.51.100.50, securityGroups: [sg-nat], sourceDestCheck: false }]
    os: { ipForward: true, nat: { masquerade: eth0 } }
  - id: i-p
    interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.1.10, securityGroups: [sg-open] }]
  - id: i-web
    interfaces: [{ id: eni-web, subnet: subnet-web, privateIp: 10.0.2.80, securityGroups: [sg-web] }]
    os: { listen: [tcp/443] }
externalHosts: [{ id: net-1, ip: 192.0.2.50, listen: [tcp/443] }]
`;

const addressOf = (end: FlowTrace['request']['ending']) =>
  `${ipToString(end.packet.src)}:${end.packet.srcPort} -> ${ipToString(end.packet.dst)}:${end.packet.dstPort}`;

describe('a masquerading guest (netfilter NAT: the nat table sees a connection once)', () => {
  it('translates a reply back once, so the private host sees it come from the server', () => {
    const t = flow(net(NAT_INSTANCE), { from: 'i-p', to: 'net-1', protocol: 'tcp', port: 443 });
    expect(addressOf(t.request.ending)).toBe('198.51.100.50:1024 -> 192.0.2.50:443');
    expect(t.reply!.ending.kind).toBe('delivered');
    expect(addressOf(t.reply!.ending)).toBe('192.0.2.50:443 -> 10.0.1.10:49152');
    const nat = t.reply!.hops.filter((h) => h.resource === 'i-nat' && h.action === 'masquerade');
    expect(nat.map((h) => h.detail)).toEqual(['iptables reverse NAT: destination 10.0.0.50:1024 -> 10.0.1.10:49152']);
    expect(t.result).toBe('roundtrip');
  });

  it('never translates a connection it forwarded untranslated, its replies included', () => {
    // A web server behind a two-legged firewall: internet traffic comes in on the outside
    // leg (eth0, the MASQUERADE device) and leaves on the inside one, so it is not
    // translated; the reply leaves through eth0 and must keep the server's address, for the
    // internet gateway to map it to the server's public IP.
    const t = flow(
      net(
        TWO_LEGS(
          '{ ipForward: true, nat: { masquerade: eth0 }, routes: [{ destination: 10.0.1.0/24, via: 10.0.2.1, dev: eth1 }] }',
        ),
      ),
      {
        from: 'internet',
        to: '198.51.100.10',
        protocol: 'tcp',
        port: 443,
        fromIp: '203.0.113.9',
      },
    );
    expect(addressOf(t.request.ending)).toBe('203.0.113.9:49152 -> 10.0.1.10:443');
    expect(t.result).toBe('roundtrip');
    expect(addressOf(t.reply!.ending)).toBe('198.51.100.10:443 -> 203.0.113.9:49152');
    expect(t.reply!.hops.some((h) => h.action === 'masquerade')).toBe(false);
  });

  it("lets a group that references the appliance's own group admit what it masqueraded (R58)", () => {
    // sg-web admits 443 from members of sg-nat; the NAT instance is one, and after MASQUERADE
    // the packet's source is its own private address.
    const t = flow(net(NAT_INSTANCE), { from: 'i-p', to: 'i-web', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBeUndefined();
    expect(path(t)).toContain('i-web');
    expect(t.request.hops.find((h) => h.resource === 'eni-web')!.detail).toContain('sg-web inbound allows');
    expect(t.result).toBe('roundtrip');
  });

  it('still refuses a group reference for a forwarded packet that keeps its source (R73)', () => {
    // i-p is itself in sg-nat, but its packet reaches i-web through a router that keeps its source
    const n = net(
      NAT_INSTANCE.replace('os: { ipForward: true, nat: { masquerade: eth0 } }', 'os: { ipForward: true }').replace(
        'privateIp: 10.0.1.10, securityGroups: [sg-open]',
        'privateIp: 10.0.1.10, securityGroups: [sg-open, sg-nat]',
      ),
    );
    const t = flow(n, { from: 'i-p', to: 'i-web', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('SG_REFERENCES_NOT_PRESERVED');
  });
});

/**
 * A firewall with an outside leg (eth0, subnet-out) and an inside leg (eth1, subnet-in); the
 * internet gateway's route table sends the web subnet's inbound traffic to the inside leg,
 * which holds an Elastic IP as R49 requires of an interface a gateway route names.
 */
const TWO_LEGS = (fwOs: string) => `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-out, vpc: vpc-a, cidr: 10.0.0.0/24 }
  - { id: subnet-web, vpc: vpc-a, cidr: 10.0.1.0/24 }
  - { id: subnet-in, vpc: vpc-a, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
routeTables:
  - { id: rtb-out, vpc: vpc-a, subnets: [subnet-out], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
  - { id: rtb-web, vpc: vpc-a, subnets: [subnet-web], routes: [{ destination: 0.0.0.0/0, target: eni-fw-in }] }
  - { id: rtb-edge, vpc: vpc-a, gateways: [igw-a], routes: [{ destination: 10.0.1.0/24, target: eni-fw-in }] }
elasticIps: [{ id: eipalloc-fw, publicIp: 198.51.100.5, networkInterface: eni-fw-in }]
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-fw
    interfaces:
      - { id: eni-fw-out, subnet: subnet-out, privateIp: 10.0.0.5, securityGroups: [sg-open], sourceDestCheck: false }
      - { id: eni-fw-in, subnet: subnet-in, privateIp: 10.0.2.5, securityGroups: [sg-open], sourceDestCheck: false }
    os: ${fwOs}
  - id: i-web
    interfaces: [{ id: eni-web, subnet: subnet-web, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-open] }]
    os: { listen: [tcp/443] }
`;

describe('the return path through a gateway route table (R50)', () => {
  const fw = '{ ipForward: true, routes: [{ destination: 10.0.1.0/24, via: 10.0.2.1, dev: eth1 }] }';

  it('accepts a reply that crossed a two-legged appliance named by its inside interface', () => {
    const t = flow(net(TWO_LEGS(fw)), { from: 'internet', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(path(t)).toContain('i-fw');
    expect(path(t, 'reply')).toContain('eni-fw-out');
    expect(dropCode(t)).toBeUndefined();
    expect(t.result).toBe('roundtrip');
  });

  it('refuses a reply that goes straight from the redirected subnet to the gateway', () => {
    const direct = TWO_LEGS(fw).replace(
      'routes: [{ destination: 0.0.0.0/0, target: eni-fw-in }]',
      'routes: [{ destination: 0.0.0.0/0, target: igw-a }]',
    );
    const t = flow(net(direct), { from: 'internet', to: '198.51.100.10', protocol: 'tcp', port: 443 });
    expect(dropCode(t)).toBe('INGRESS_RTB_TRAFFIC_REDIRECTION');
    expect(t.result).toBe('request-only');
  });
});

describe('a roundtrip is a reply to the request as the client sent it', () => {
  // The server's subnet sends replies for the client's subnet through a masquerading
  // appliance that never saw the request: it translates the SYN-ACK as a new connection, so
  // the client gets a segment from 10.0.0.50:1024, not from the server it called.
  const yaml = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-c, vpc: vpc-a, cidr: 10.0.1.0/24 }
  - { id: subnet-s, vpc: vpc-a, cidr: 10.0.2.0/24 }
  - { id: subnet-fw, vpc: vpc-a, cidr: 10.0.0.0/24 }
routeTables:
  - { id: rtb-s, vpc: vpc-a, subnets: [subnet-s], routes: [{ destination: 10.0.1.0/24, target: eni-fw }] }
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-fw
    interfaces: [{ id: eni-fw, subnet: subnet-fw, privateIp: 10.0.0.50, securityGroups: [sg-open], sourceDestCheck: false }]
    os: { ipForward: true, nat: { masquerade: eth0 } }
  - id: i-c
    interfaces: [{ id: eni-c, subnet: subnet-c, privateIp: 10.0.1.10, securityGroups: [sg-open] }]
  - id: i-s
    interfaces: [{ id: eni-s, subnet: subnet-s, privateIp: 10.0.2.21, securityGroups: [sg-open] }]
    os: { listen: [tcp/443] }
`;

  it('does not count a SYN-ACK from another address and port as a roundtrip', () => {
    const t = flow(net(yaml), { from: 'i-c', to: 'i-s', protocol: 'tcp', port: 443 });
    expect(t.reply!.ending.kind).toBe('delivered');
    expect(addressOf(t.reply!.ending)).toBe('10.0.0.50:1024 -> 10.0.1.10:49152');
    expect(t.result).toBe('request-only');
  });

  it('counts the reply from the address and port the client called', () => {
    const n = net(yaml.replace('routes: [{ destination: 10.0.1.0/24, target: eni-fw }]', 'routes: []'));
    const r = resolveFlow(n, { from: 'i-c', to: 'i-s', protocol: 6, port: 443, direction: 'request' });
    if (!r.ok) throw new Error(r.error);
    const t = traceFlow(n, new World(), r.sender, r.packet, new ConnectionState());
    expect(addressOf(t.reply!.ending)).toBe('10.0.2.21:443 -> 10.0.1.10:49152');
    expect(t.result).toBe('roundtrip');
  });
});
