import { describe, expect, it } from 'vitest';
import { guestStack, ipToString, World } from '../../engine/index';
import { dropAt, dropCode, flow, net, path } from '../helpers';

const ROUTER = (natOs: string, check = false, more = '', privRoutes = '') => `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-pub, vpc: vpc-a, cidr: 10.0.0.0/24 }
  - { id: subnet-priv, vpc: vpc-a, cidr: 10.0.1.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
routeTables:
  - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
  - { id: rtb-priv, vpc: vpc-a, subnets: [subnet-priv], routes: [{ destination: 0.0.0.0/0, target: eni-nat }${privRoutes}] }
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-nat
    interfaces: [{ id: eni-nat, subnet: subnet-pub, privateIp: 10.0.0.50, publicIp: 198.51.100.50, securityGroups: [sg-open], sourceDestCheck: ${check} }]
    os: ${natOs}
  - id: i-p
    interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.1.10, securityGroups: [sg-open] }]
    os: { listen: [tcp/22, udp/161] }
${more}
externalHosts: [{ id: net-1, ip: 192.0.2.50, listen: [tcp/443] }]
`;

describe('source/destination check (R83–R85)', () => {
  it('drops transit traffic at an appliance whose check is on (R83)', () => {
    const t = flow(net(ROUTER('{ ipForward: true }', true)), { from: 'i-p', to: 'net-1' });
    expect(dropCode(t)).toBe('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(dropAt(t)).toBe('eni-nat');
  });

  it("lets the IGW refuse a private source even when the router's check is off (R55, R85)", () => {
    const t = flow(net(ROUTER('{ ipForward: true }')), { from: 'i-p', to: 'net-1' });
    expect(dropCode(t)).toBe('IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS');
    expect(path(t)).toEqual([
      'i-p',
      'eni-p',
      'subnet-priv',
      'vpc-a',
      'subnet-pub',
      'eni-nat',
      'i-nat',
      'eni-nat',
      'subnet-pub',
      'vpc-a',
      'igw-a',
      'igw-a',
    ]);
  });

  it('works as a NAT instance once the guest masquerades (A3)', () => {
    const t = flow(net(ROUTER('{ ipForward: true, nat: { masquerade: eth0 } }')), {
      from: 'i-p',
      to: 'net-1',
      protocol: 'tcp',
      port: 443,
    });
    expect(t.result).toBe('roundtrip');
    const e = t.request.ending;
    expect(e.kind === 'delivered' && ipToString(e.packet.src)).toBe('198.51.100.50');
    expect(path(t, 'reply')).toContain('i-nat');
    const back = t.reply!.ending;
    expect(back.kind === 'delivered' && ipToString(back.packet.dst)).toBe('10.0.1.10');
  });
});

describe('the guest model (A3, A5)', () => {
  it('drops a packet for someone else when ip_forward is 0 (A3)', () => {
    const t = flow(net(ROUTER('{ ipForward: false }')), { from: 'i-p', to: 'net-1' });
    expect(dropCode(t)).toBe('ENGINE_GUEST_NOT_FORWARDING');
    expect(dropAt(t)).toBe('i-nat');
  });

  it('answers ICMP always, resets a closed TCP port, and never answers a closed UDP port', () => {
    const n = net(ROUTER('{ ipForward: true }'));
    expect(flow(n, { from: 'i-nat', to: 'i-p' }).result).toBe('roundtrip');
    expect(flow(n, { from: 'i-nat', to: 'i-p', protocol: 'tcp', port: 22 }).result).toBe('roundtrip');
    expect(flow(n, { from: 'i-nat', to: 'i-p', protocol: 'tcp', port: 80 }).result).toBe('reset');
    expect(flow(n, { from: 'i-nat', to: 'i-p', protocol: 'udp', port: 161 }).result).toBe('roundtrip');
    const closed = flow(n, { from: 'i-nat', to: 'i-p', protocol: 'udp', port: 9 });
    expect(closed.result).toBe('delivered');
    expect(closed.reply).toBeUndefined();
  });

  it('shows connected, default and configured routes, longest first (A3)', () => {
    const n = net(
      ROUTER(
        '{ ipForward: true, routes: [{ destination: 10.9.0.0/16, via: 10.0.0.77 }], addresses: [{ ip: 192.168.50.1/32, dev: lo }] }',
      ),
    );
    const stack = guestStack(n.instances.get('i-nat')!);
    expect(
      stack.routes.map(
        (r) => `${r.destination.text}${r.via !== undefined ? ` via ${ipToString(r.via)}` : ''} dev ${r.dev.name}`,
      ),
    ).toEqual(['10.0.0.0/24 dev eth0', '10.9.0.0/16 via 10.0.0.77 dev eth0', '0.0.0.0/0 via 10.0.0.1 dev eth0']);
    expect([...stack.localIps].map(ipToString)).toEqual(['10.0.0.50', '192.168.50.1']);
  });

  it('drops a reply at a stateful appliance that never saw the request', () => {
    const side = `  - id: i-side
    interfaces: [{ id: eni-side, subnet: subnet-pub, privateIp: 10.0.0.60, securityGroups: [sg-open] }]`;
    const n = net(
      ROUTER('{ ipForward: true, firewall: stateful }', false, side, ', { destination: 10.0.0.0/24, target: eni-nat }'),
    );
    // i-side reaches i-p by the local route; i-p's reply is sent through the firewall (R36).
    const t = flow(n, { from: 'i-side', to: 'i-p' });
    expect(t.result).toBe('request-only');
    expect(dropCode(t)).toBe('ENGINE_APPLIANCE_NO_STATE');
  });

  it('sends replies out of the wrong ENI without policy routing, and the right one with it (A3)', () => {
    const topo = (policy: string) => `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }]
securityGroups: [{ id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }]
instances:
  - id: i-two
    interfaces:
      - { id: eni-0, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-open] }
      - { id: eni-1, subnet: subnet-a, privateIp: 10.0.1.11, securityGroups: [sg-open] }
    os: { policyRouting: ${policy} }
  - id: i-c
    interfaces: [{ id: eni-c, subnet: subnet-a, privateIp: 10.0.1.20, securityGroups: [sg-open] }]`;
    const wrong = flow(net(topo('none')), { from: 'i-c', to: '10.0.1.11' });
    expect(wrong.result).toBe('request-only');
    expect(dropCode(wrong)).toBe('ENI_SOURCE_DEST_CHECK_RESTRICTION');
    expect(dropAt(wrong)).toBe('eni-0');
    const right = flow(net(topo('per-eni')), { from: 'i-c', to: '10.0.1.11' });
    expect(right.result).toBe('roundtrip');
    expect(path(right, 'reply')).toEqual(['i-two', 'eni-1', 'eni-c', 'i-c']);
  });

  it('neither answers nor forwards while crashed, and a stopped instance sends nothing (A7)', () => {
    const n = net(ROUTER('{ ipForward: true, nat: { masquerade: eth0 } }'));
    const world = new World();
    world.failed.add('i-nat');
    const t = flow(n, { from: 'i-p', to: 'net-1' }, world);
    expect(dropCode(t)).toBe('ENGINE_TARGET_NOT_RUNNING');
    expect(dropAt(t)).toBe('eni-nat');
    expect(dropCode(flow(n, { from: 'i-nat', to: 'net-1' }, world))).toBe('ENGINE_TARGET_NOT_RUNNING');
  });
});
