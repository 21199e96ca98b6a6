import { describe, expect, it } from 'vitest';
import { failedSteps, runYaml } from '../helpers';

/**
 * Level 13's shape: a VPC whose app subnet learns the data centre's prefixes from its VGW, and
 * the data centre's router r-dc speaking BGP over the tunnels of vpn-dc (AWS 169.254.2x.1, r-dc .2).
 */
const lab = (neighbors: string, steps: string) => `title: vpn bgp
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }]
  vpnGateways: [{ id: vgw-a, vpc: vpc-a, amazonSideAsn: 64512 }]
  customerGateways: [{ id: cgw-dc, ip: 203.0.113.10, bgpAsn: 65010 }]
  vpnConnections:
    - id: vpn-dc
      gateway: vgw-a
      customerGateway: cgw-dc
      routing: bgp
      tunnels:
        - { outsideIp: 198.51.100.21, insideCidr: 169.254.21.0/30 }
        - { outsideIp: 198.51.100.22, insideCidr: 169.254.22.0/30 }
  onPremisesRouters:
    - id: r-dc
      customerGateway: cgw-dc
      networks: [192.168.10.0/24, 192.168.20.0/24, 192.168.30.0/24]
      os:
        bgp:
          asn: 65010
          holdTime: 30
          keepalive: 10
          neighbors: [${neighbors}]
          # 192.168.40.0/24 is no network of r-dc's: FRR does not announce it
          networks: [192.168.10.0/24, 192.168.20.0/24, 192.168.40.0/24]
  routeTables: [{ id: rtb-a, vpc: vpc-a, subnets: [subnet-a], propagatingGateways: [vgw-a], routes: [] }]
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 9100, source: 192.168.20.0/24 }] }]
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }], os: { listen: [tcp/9100] } }
  externalHosts:
    - { id: erp, ip: 192.168.10.20, via: r-dc, listen: [tcp/443] }
    - { id: monitor, ip: 192.168.20.15, via: r-dc }
    - { id: labels, ip: 192.168.30.40, via: r-dc, listen: [tcp/631] }
steps:
${steps}`;

const t1 = '{ ip: 169.254.21.1, remoteAsn: 64512 }';
const t2 = '{ ip: 169.254.22.1, remoteAsn: 64512 }';

describe('BGP over the tunnels of a Site-to-Site VPN (R105, R108)', () => {
  it('learns what the router announces over the tunnel whose session is up, and says so per tunnel', () => {
    expect(
      failedSteps(
        lab(
          t1,
          `  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vgw-a, vpn-dc/198.51.100.21, erp], notVia: [vpn-dc/198.51.100.22] }
  - expect: { from: monitor, to: i-a, protocol: tcp, port: 9100, result: roundtrip, via: [vpn-dc/198.51.100.21, vgw-a, i-a], replyVia: [vgw-a, vpn-dc/198.51.100.21, monitor] }
  # a network statement for a network the router is not on is not announced; one it is on but does not name is not either
  - expect: { from: i-a, to: 192.168.40.1, protocol: icmp, result: dropped, droppedAt: rtb-a, reason: NO_ROUTE_TO_DESTINATION }
  - expect: { from: i-a, to: labels, protocol: tcp, port: 631, result: dropped, droppedAt: rtb-a, reason: NO_ROUTE_TO_DESTINATION }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc
    expectJson:
      VpnConnections.0.VgwTelemetry.0.Status: UP
      VpnConnections.0.VgwTelemetry.0.StatusMessage: 2 BGP ROUTES
      VpnConnections.0.VgwTelemetry.0.AcceptedRouteCount: 2
      VpnConnections.0.VgwTelemetry.1.Status: DOWN
      VpnConnections.0.VgwTelemetry.1.StatusMessage: IPSEC IS UP
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: ["192.168.10.0/24", "192.168.20.0/24", "EnableVgwRoutePropagation"]`,
        ),
      ),
    ).toEqual([]);
  });

  it('with one session, a dead tunnel loses packets until the hold timer expires, then the routes vanish; they come back with the tunnel', () => {
    expect(
      failedSteps(
        lab(
          t1,
          `  - fail: vpn-dc/198.51.100.21
  - wait: 5
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: dropped, droppedAt: vpn-dc/198.51.100.21, reason: ENGINE_VPN_TUNNEL_DOWN }
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: "192.168.10.0/24"
  - wait: 30
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: dropped, droppedAt: rtb-a, reason: NO_ROUTE_TO_DESTINATION }
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectNoOutput: "192.168.10.0/24"
  - expect: { from: monitor, to: i-a, protocol: tcp, port: 9100, result: dropped, droppedAt: vpn-dc, reason: ENGINE_VPN_NO_BGP_ROUTE }
  - recover: vpn-dc/198.51.100.21
  - wait: 5
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.21] }`,
        ),
      ),
    ).toEqual([]);
  });

  it('with a session on each tunnel, traffic moves to the other one at hold-timer expiry, below an unchanged route table', () => {
    expect(
      failedSteps(
        lab(
          `${t1}, ${t2}`,
          `  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, flow: erp, via: [vpn-dc/198.51.100.21] }
  - fail: vpn-dc/198.51.100.21
  - wait: 5
  - expect: { flow: erp, result: dropped, droppedAt: vpn-dc/198.51.100.21, reason: ENGINE_VPN_TUNNEL_DOWN }
  - wait: 30
  # the same connection goes on, over tunnel 2, both ways
  - expect: { flow: erp, result: roundtrip, via: [vpn-dc/198.51.100.22], notVia: [vpn-dc/198.51.100.21] }
  - expect: { from: monitor, to: i-a, protocol: tcp, port: 9100, result: roundtrip, via: [vpn-dc/198.51.100.22], replyVia: [vpn-dc/198.51.100.22, monitor] }
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: "192.168.10.0/24"
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc
    expectJson:
      VpnConnections.0.VgwTelemetry.0.StatusMessage: IPSEC IS DOWN
      VpnConnections.0.VgwTelemetry.1.Status: UP`,
        ),
      ),
    ).toEqual([]);
  });

  it('has a shell of its own: vtysh shows and configures its sessions, its journal, its routes and its frr.conf', () => {
    expect(
      failedSteps(
        lab(
          t1,
          `  - run: { on: r-dc, cmd: "vtysh -c 'show bgp summary'" }
    expectOutput: ["169.254.21.1", "64512"]
  - run: { on: r-dc, cmd: "cat /etc/frr/frr.conf" }
    expectOutput: ["router bgp 65010", "neighbor 169.254.21.1 remote-as 64512", "network 192.168.10.0/24"]
  - run: { on: r-dc, cmd: "ip route get 192.168.10.20" }
    expectOutput: "dev eth1"
  - run: { on: r-dc, cmd: "ip route get 10.0.1.10" }
    expectOutput: "via 169.254.21.1 dev vti1"
  # announce the warehouse: the gateway learns it, the subnet's table with it
  - run: { on: r-dc, cmd: "vtysh -c 'configure terminal' -c 'router bgp 65010' -c 'address-family ipv4 unicast' -c 'network 192.168.30.0/24'" }
  - run: { on: r-dc, cmd: "vtysh -c 'show bgp ipv4 unicast neighbors 169.254.21.1 advertised-routes'" }
    expectOutput: "192.168.30.0/24"
  - expect: { from: i-a, to: labels, protocol: tcp, port: 631, result: roundtrip, via: [vpn-dc/198.51.100.21, labels] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc
    expectJson: { VpnConnections.0.VgwTelemetry.0.AcceptedRouteCount: 3 }
  # the second tunnel's session, written in frr.conf as the editor saves it
  - write:
      on: r-dc
      path: /etc/frr/frr.conf
      content: |
        router bgp 65010
         timers bgp 10 30
         neighbor 169.254.21.1 remote-as 64512
         neighbor 169.254.22.1 remote-as 64512
         address-family ipv4 unicast
          network 192.168.10.0/24
          network 192.168.20.0/24
          network 192.168.30.0/24
         exit-address-family
  - run: { on: r-dc, cmd: "vtysh -c 'show bgp summary'" }
    expectOutput: "169.254.22.1"
  - fail: vpn-dc/198.51.100.21
  - wait: 35
  - run: { on: r-dc, cmd: "journalctl -u bgpd" }
    expectOutput: "neighbor 169.254.21.1 in vrf default Down Hold Timer Expired"
  - expect: { from: i-a, to: labels, protocol: tcp, port: 631, result: roundtrip, via: [vpn-dc/198.51.100.22, labels] }
  - run: { on: r-dc, cmd: "vtysh -c 'configure terminal' -c 'router bgp 65010' -c 'bogus line'" }
    expectOutput: "% Unknown command: bogus line"
    expectExit: nonzero
  - run: { on: r-dc, cmd: "ifconfig" }
    expectOutput: "command not found"
    expectExit: 127`,
        ),
      ),
    ).toEqual([]);
  });

  it('takes default-originate and an outbound prepend per neighbour: the gateway prefers the shorter AS path (R108)', () => {
    expect(
      failedSteps(
        lab(
          `${t1}, ${t2}`,
          `  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.21] }
  # tunnel 1's updates leave with r-dc's AS three times: the gateway now sends on tunnel 2
  - write:
      on: r-dc
      path: /etc/frr/frr.conf
      content: |
        router bgp 65010
         timers bgp 10 30
         neighbor 169.254.21.1 remote-as 64512
         neighbor 169.254.22.1 remote-as 64512
         address-family ipv4 unicast
          network 192.168.10.0/24
          neighbor 169.254.21.1 route-map LONGER out
          neighbor 169.254.22.1 default-originate
         exit-address-family
        route-map LONGER permit 10
         set as-path prepend 65010 65010
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.22], notVia: [vpn-dc/198.51.100.21] }
  # the default route arrives over tunnel 2 only and propagates: an unknown address goes to the VPN, and leaves the model at r-dc
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: ["0.0.0.0/0", "EnableVgwRoutePropagation"]
  - expect: { from: i-a, to: 198.51.100.99, protocol: tcp, port: 443, result: exits, via: [vgw-a, vpn-dc/198.51.100.22] }
  - run: { on: r-dc, cmd: "cat /etc/frr/frr.conf" }
    expectOutput: ["neighbor 169.254.22.1 default-originate", "neighbor 169.254.21.1 route-map PREPEND-2 out", "set as-path prepend 65010 65010"]
  # vtysh takes the default off again; the routes follow
  - run: { on: r-dc, cmd: "vtysh -c 'configure terminal' -c 'router bgp 65010' -c 'address-family ipv4 unicast' -c 'no neighbor 169.254.22.1 default-originate'" }
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectNoOutput: "0.0.0.0/0"
  - run: { on: r-dc, cmd: "vtysh -c 'show bgp summary'" }
    expectOutput: ["169.254.21.1", "169.254.22.1"]`,
        ),
      ),
    ).toEqual([]);
  });

  it('configures the router by a configure step as a reload: the sessions it keeps stay up', () => {
    expect(
      failedSteps(
        lab(
          t1,
          `  - wait: 20
  - configure: { on: r-dc, os: { bgp: { asn: 65010, keepalive: 10, holdTime: 30, neighbors: [${t1}], networks: [192.168.10.0/24, 192.168.30.0/24] } } }
  - expect: { from: i-a, to: labels, protocol: tcp, port: 631, result: roundtrip, via: [vpn-dc/198.51.100.21, labels] }
  - run: { on: r-dc, cmd: "journalctl -u bgpd" }
    expectNoOutput: "Down"
  - configure: { on: r-dc, os: { listen: [tcp/22] } }`,
        ),
      ),
    ).toEqual([['r-dc: listen', "r-dc: only the router's BGP configuration can be changed (not listen)"]]);
  });

  it("refuses tunnels AWS refuses, a host off the router's networks, and announced prefixes written beside a router", () => {
    const base = lab(t1, '  - wait: 1');
    const problem = (from: string, to: string) => () => failedSteps(base.replace(from, to));
    expect(problem('169.254.22.0/30', '169.254.3.0/30')).toThrow('169.254.3.0/30 is reserved by AWS');
    expect(problem('169.254.22.0/30', '169.254.21.0/30')).toThrow(
      "169.254.21.0/30 is already a tunnel's inside range on vgw-a",
    );
    expect(problem('ip: 192.168.30.40', 'ip: 192.168.50.40')).toThrow("192.168.50.40 is on none of r-dc's networks");
    expect(problem('routing: bgp', 'routing: bgp\n      onPremisesPrefixes: [192.168.0.0/16]')).toThrow(
      'r-dc announces what is reachable behind cgw-dc over BGP; leave onPremisesPrefixes out',
    );
  });

  it('names the router on the way in: the network it delivers on, or its uplink for the rest', () => {
    const report = runYaml(
      lab(
        t1,
        '  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc, r-dc, erp] }',
      ),
    );
    expect(report.steps[0]!.ok).toBe(true);
    expect(report.steps[0]!.trace!.find((h) => h.resource === 'r-dc')!.detail).toBe(
      '192.168.10.20 is on eth1 (192.168.10.0/24)',
    );
  });

  it('says what is wrong with a router behind an unknown customer gateway', () => {
    const bad = lab(t1, '  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip }').replace(
      'customerGateway: cgw-dc\n      networks',
      'customerGateway: cgw-nope\n      networks',
    );
    expect(() => failedSteps(bad)).toThrow(
      'topology.onPremisesRouters[0].customerGateway: unknown resource "cgw-nope"',
    );
  });
});
