import { describe, expect, it } from 'vitest';
import { ControlState } from '../../engine/control/control-state';
import { advanceTime, settle } from '../../engine/control/daemons/clock';
import { daemonCommand } from '../../engine/control/shell/daemon-command';
import { runShellCommand } from '../../engine/control/shell/run-shell';
import { dropCode, flow, net } from '../helpers';

const PAIR = (mode: string, sg: string) => `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }]
internetGateways: [{ id: igw-1, vpc: vpc-1 }]
routeTables: [{ id: rtb-a, vpc: vpc-1, subnets: [subnet-a], routes: [{ destination: 0.0.0.0/0, target: eni-1 }] }]
securityGroups: [{ id: sg-fw, vpc: vpc-1, inbound: [${sg}] }]
instances:
  - id: i-1
    interfaces: [{ id: eni-1, subnet: subnet-a, privateIp: 10.0.1.11, securityGroups: [sg-fw], sourceDestCheck: false }]
    os: { ipForward: true, vrrp: { ${mode} group: 7, priority: 200, vip: 10.0.1.254, onMaster: ["aws ec2 replace-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-1"] } }
  - id: i-2
    interfaces: [{ id: eni-2, subnet: subnet-a, privateIp: 10.0.1.12, securityGroups: [sg-fw], sourceDestCheck: false }]
    os: { ipForward: true, vrrp: { ${mode.replace('10.0.1.12', '10.0.1.11')} group: 7, priority: 100, vip: 10.0.1.254, onMaster: ["aws ec2 replace-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-2"] } }
`;

function vipOn(s: ControlState, id: string): boolean {
  return runShellCommand(s, id, 'ip -4 addr').output.includes('10.0.1.254');
}

function routeTarget(s: ControlState): string {
  return s.network.routeTables.get('rtb-a')!.routes.find((r) => r.destination.prefix === 0)!.targetText;
}

describe('VRRP in guests (R117)', () => {
  it('splits the brain when adverts go to multicast: each node hears nobody and becomes master', () => {
    const s = new ControlState(net(PAIR('', '{ protocol: all, source: 10.0.1.0/24 }')));
    settle(s);
    advanceTime(s, 10, daemonCommand);
    expect([vipOn(s, 'i-1'), vipOn(s, 'i-2')]).toEqual([true, true]);
    expect(s.daemons.vrrp.get('i-2')!.state).toBe('MASTER');
  });

  it('elects one master with unicast peers, and only if groups pass protocol 112', () => {
    const unicast = 'mode: unicast, peers: [10.0.1.12],';
    const blocked = new ControlState(net(PAIR(unicast, '{ protocol: tcp, source: 10.0.1.0/24 }')));
    settle(blocked);
    advanceTime(blocked, 10, daemonCommand);
    expect([vipOn(blocked, 'i-1'), vipOn(blocked, 'i-2')]).toEqual([true, true]);
    const open = new ControlState(net(PAIR(unicast, '{ protocol: 112, source: 10.0.1.0/24 }')));
    settle(open);
    advanceTime(open, 10, daemonCommand);
    expect([vipOn(open, 'i-1'), vipOn(open, 'i-2')]).toEqual([true, false]);
  });

  it('takes over after the master-down interval (3 adverts plus skew), running its notify script through the API', () => {
    const s = new ControlState(
      net(PAIR('mode: unicast, peers: [10.0.1.12],', '{ protocol: all, source: 10.0.1.0/24 }')),
    );
    settle(s);
    advanceTime(s, 10, daemonCommand);
    expect(routeTarget(s)).toBe('eni-1');
    // i-1's last advert went out at 9.22 s (it became master at 3 + 56/256 s); i-2 waits
    // 3 adverts plus (256 - 100)/256 s after it, so it takes over at 12.83 s.
    s.world.failed.add('i-1');
    advanceTime(s, 2.8, daemonCommand);
    expect(routeTarget(s)).toBe('eni-1');
    advanceTime(s, 0.1, daemonCommand);
    expect(routeTarget(s)).toBe('eni-2');
    expect(runShellCommand(s, 'i-2', 'journalctl -u keepalived').output).toContain('(VI_7) Entering MASTER STATE');
  });
});

const BGP = (r2Asn: number, r2Prepend: number, r2Subnet = 'subnet-a', r2Ip = '10.0.1.21') => `
vpcs: [{ id: vpc-1, cidr: 10.0.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-1, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-1, cidr: 10.0.2.0/24 }]
securityGroups: [{ id: sg-all, vpc: vpc-1, inbound: [{ protocol: all, source: 10.0.0.0/16 }] }]
instances:
  - id: i-h
    interfaces: [{ id: eni-h, subnet: subnet-a, privateIp: 10.0.1.30, securityGroups: [sg-all] }]
    os: { bgp: { asn: 65001, neighbors: [{ ip: 10.0.1.20, remoteAsn: 65010 }, { ip: ${r2Ip}, remoteAsn: ${r2Asn} }] } }
  - id: i-r1
    interfaces: [{ id: eni-r1, subnet: subnet-a, privateIp: 10.0.1.20, securityGroups: [sg-all], sourceDestCheck: false }]
    os: { ipForward: true, addresses: [{ ip: 192.168.50.1/32, dev: lo }], bgp: { asn: 65010, routerId: 9.9.9.9, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }], networks: [192.168.50.0/24] } }
  - id: i-r2
    interfaces: [{ id: eni-r2, subnet: ${r2Subnet}, privateIp: ${r2Ip}, securityGroups: [sg-all], sourceDestCheck: false }]
    os: { ipForward: true, addresses: [{ ip: 192.168.50.1/32, dev: lo }], bgp: { asn: ${r2Asn}, routerId: 1.1.1.1, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }], networks: [{ prefix: 192.168.50.0/24, asPathPrepend: ${r2Prepend} }] } }
`;

function bgpRoute(s: ControlState): string | undefined {
  return runShellCommand(s, 'i-h', 'ip route')
    .output.split('\n')
    .find((l) => l.includes('proto bgp'));
}

describe('BGP in guests (R28, R120)', () => {
  it('prefers the shorter AS path, then the lower router id', () => {
    const longer = new ControlState(net(BGP(65020, 1)));
    settle(longer);
    advanceTime(longer, 5, daemonCommand);
    expect(bgpRoute(longer)).toBe('192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp metric 20');
    const tie = new ControlState(net(BGP(65020, 0)));
    settle(tie);
    advanceTime(tie, 5, daemonCommand);
    expect(bgpRoute(tie)).toBe('192.168.50.0/24 via 10.0.1.21 dev eth0 proto bgp metric 20');
  });

  it("takes a neighbour's outbound prepend and default-originate into the path it offers", () => {
    // the tie goes to i-r2 (lower router id) until i-r2 prepends towards i-h; i-r1 then also originates a default
    const s = new ControlState(
      net(
        BGP(65020, 0)
          .replace(
            'bgp: { asn: 65020, routerId: 1.1.1.1, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }]',
            'bgp: { asn: 65020, routerId: 1.1.1.1, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001, prependOut: 2 }]',
          )
          .replace(
            'routerId: 9.9.9.9, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }]',
            'routerId: 9.9.9.9, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001, defaultOriginate: true }]',
          ),
      ),
    );
    settle(s);
    advanceTime(s, 5, daemonCommand);
    expect(bgpRoute(s)).toBe('default via 10.0.1.20 dev eth0 proto bgp metric 20');
    const routes = runShellCommand(s, 'i-h', 'ip route').output;
    expect(routes).toContain('192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp metric 20');
  });

  it('with BFD on both ends a dead neighbour is noticed within a second; on one end only, at the hold time (A-RS3)', () => {
    const run = (bothEnds: boolean) => {
      let y = BGP(65020, 2).replace(
        'neighbors: [{ ip: 10.0.1.20, remoteAsn: 65010 }',
        'neighbors: [{ ip: 10.0.1.20, remoteAsn: 65010, bfd: true }',
      );
      if (bothEnds)
        y = y.replace(
          'routerId: 9.9.9.9, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }]',
          'routerId: 9.9.9.9, neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001, bfd: true }]',
        );
      const s = new ControlState(net(y));
      settle(s);
      advanceTime(s, 5, daemonCommand);
      expect(bgpRoute(s)).toContain('via 10.0.1.20');
      s.world.failed.add('i-r1');
      advanceTime(s, 1, daemonCommand);
      return { s, route: bgpRoute(s) };
    };
    const fast = run(true);
    expect(fast.route).toContain('via 10.0.1.21');
    expect(runShellCommand(fast.s, 'i-h', 'journalctl -u bgpd').output).toContain(
      'neighbor 10.0.1.20 in vrf default Down BFD down received',
    );
    expect(run(false).route).toContain('via 10.0.1.20');
  });

  it('never establishes a session with a peer that is not configured back, and drops looping paths', () => {
    const s = new ControlState(
      net(
        BGP(65030, 0).replace(
          'neighbors: [{ ip: 10.0.1.30, remoteAsn: 65001 }], networks: [{ prefix',
          'neighbors: [], networks: [{ prefix',
        ),
      ),
    );
    settle(s);
    advanceTime(s, 5, daemonCommand);
    expect(bgpRoute(s)).toBe('192.168.50.0/24 via 10.0.1.20 dev eth0 proto bgp metric 20');
    expect(runShellCommand(s, 'i-h', 'journalctl -u bgpd').output).not.toContain('10.0.1.21');
  });

  it('installs an off-subnet next hop, which the VPC router then ignores (R25, A5)', () => {
    const s = new ControlState(
      net(
        BGP(65020, 0, 'subnet-b', '10.0.2.21').replace(
          'neighbors: [{ ip: 10.0.1.20, remoteAsn: 65010 }, ',
          'neighbors: [',
        ),
      ),
    );
    settle(s);
    advanceTime(s, 5, daemonCommand);
    expect(bgpRoute(s)).toBe('192.168.50.0/24 via 10.0.2.21 dev eth0 proto bgp metric 20');
    expect(dropCode(flow(s.network, { from: 'i-h', to: '192.168.50.1' }))).toBe('NO_ROUTE_TO_DESTINATION');
  });

  it('keeps a route until the hold timer expires, then moves to the next best path (R120)', () => {
    const s = new ControlState(net(BGP(65020, 2)));
    settle(s);
    advanceTime(s, 5, daemonCommand);
    s.world.failed.add('i-r1');
    advanceTime(s, 8, daemonCommand);
    expect(bgpRoute(s)).toContain('via 10.0.1.20');
    advanceTime(s, 3, daemonCommand);
    expect(bgpRoute(s)).toContain('via 10.0.1.21');
    expect(flow(s.network, { from: 'i-h', to: '192.168.50.1' }).result).toBe('roundtrip');
  });
});
