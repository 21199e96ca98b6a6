import { describe, expect, it } from 'vitest';
import { failedSteps, runYaml } from '../helpers';

/**
 * Level 14's shape, smaller: two firewalls in two subnets announcing a default route (fw2 as the
 * standby, a longer AS path), a host in each subnet without BGP, and rs-edge associated with the VPC.
 */
const lab = (fw: { bfd?: boolean; persist?: boolean } = {}, steps = '') => `title: route server
topology:
  vpcs: [{ id: vpc-edge, cidr: 10.0.0.0/16 }]
  subnets:
    - { id: subnet-out, vpc: vpc-edge, az: us-east-1a, cidr: 10.0.0.0/24 }
    - { id: subnet-out-b, vpc: vpc-edge, az: us-east-1b, cidr: 10.0.10.0/24 }
    - { id: subnet-a, vpc: vpc-edge, az: us-east-1a, cidr: 10.0.1.0/24 }
    - { id: subnet-b, vpc: vpc-edge, az: us-east-1b, cidr: 10.0.11.0/24 }
  internetGateways: [{ id: igw-1, vpc: vpc-edge }]
  routeTables:
    - { id: rtb-out, vpc: vpc-edge, subnets: [subnet-out, subnet-out-b], routes: [{ destination: 0.0.0.0/0, target: igw-1 }] }
    - { id: rtb-a, vpc: vpc-edge, subnets: [subnet-a], routes: [] }
    - { id: rtb-b, vpc: vpc-edge, subnets: [subnet-b], routes: [] }
  securityGroups:
    - { id: sg-all, vpc: vpc-edge, inbound: [{ protocol: all, source: 10.0.0.0/16 }] }
  instances:
    - id: i-fw1
      iamInstanceProfile: none
      interfaces:
        - { id: eni-fw1-out, subnet: subnet-out, privateIp: 10.0.0.11, publicIp: 198.51.100.11, securityGroups: [sg-all] }
        - { id: eni-fw1-in, subnet: subnet-a, privateIp: 10.0.1.11, deviceIndex: 1, securityGroups: [sg-all], sourceDestCheck: false }
      os:
        ipForward: true
        nat: { masquerade: eth0 }
        routes: [{ destination: 10.0.0.0/16, via: 10.0.1.1 }]
        bgp: { asn: 65010, keepalive: 10, holdTime: 30, neighbors: [{ ip: 10.0.1.4, remoteAsn: 65000${fw.bfd ? ', bfd: true' : ''} }], networks: [0.0.0.0/0] }
    - id: i-fw2
      interfaces:
        - { id: eni-fw2-out, subnet: subnet-out-b, privateIp: 10.0.10.12, publicIp: 198.51.100.12, securityGroups: [sg-all] }
        - { id: eni-fw2-in, subnet: subnet-b, privateIp: 10.0.11.12, deviceIndex: 1, securityGroups: [sg-all], sourceDestCheck: false }
      os:
        ipForward: true
        nat: { masquerade: eth0 }
        routes: [{ destination: 10.0.0.0/16, via: 10.0.11.1 }]
        bgp: { asn: 65010, keepalive: 10, holdTime: 30, neighbors: [{ ip: 10.0.11.4, remoteAsn: 65000${fw.bfd ? ', bfd: true' : ''} }], networks: [{ prefix: 0.0.0.0/0, asPathPrepend: 2 }] }
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.21, securityGroups: [sg-all] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.0.11.22, securityGroups: [sg-all] }] }
  externalHosts: [{ id: api, ip: 203.0.113.50, listen: [tcp/443] }]
  routeServers:
    - { id: rs-edge, amazonSideAsn: 65000, vpc: vpc-edge, persistRoutes: ${fw.persist ? 'true' : 'false'} }
steps:
  - { aws: ec2 create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-a, id: rse-a }
  - { aws: ec2 create-route-server-endpoint --route-server-id rs-edge --subnet-id subnet-b, id: rse-b }
  - aws: ec2 describe-route-server-endpoints
    expectOutput: ['"EniAddress": "10.0.1.4"', '"EniAddress": "10.0.11.4"']
${steps}`;

const peers = (
  liveness = 'bfd',
) => `  - { aws: 'ec2 create-route-server-peer --route-server-endpoint-id rse-a --peer-address 10.0.1.11 --bgp-options PeerAsn=65010,PeerLivenessDetection=${liveness}', id: rsp-fw1 }
  - { aws: 'ec2 create-route-server-peer --route-server-endpoint-id rse-b --peer-address 10.0.11.12 --bgp-options PeerAsn=65010,PeerLivenessDetection=${liveness}', id: rsp-fw2 }
  - { aws: ec2 enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-a }
  - { aws: ec2 enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-b }
  - wait: 2
`;

describe('VPC Route Server (R111, R119)', () => {
  it('installs the best path into every table it propagates into, as the one route that names an IP (R38, D3)', () => {
    expect(
      failedSteps(
        lab(
          { bfd: true },
          `${peers()}  - aws: ec2 describe-route-server-peers
    expectOutput: ['"PeerLivenessDetection": "bfd"', '"BgpStatus": {', '"Status": "up"']
    expectNoOutput: '"Status": "down"'
  - aws: ec2 get-route-server-routing-database --route-server-id rs-edge
    expectJson:
      Routes.0.NextHopIp: 10.0.1.11
      Routes.0.RouteStatus: in-fib
      Routes.0.AsPaths: ["65010"]
      Routes.0.RouteInstallationDetails.1.RouteInstallationStatus: installed
      Routes.1.NextHopIp: 10.0.11.12
      Routes.1.RouteStatus: in-rib
      Routes.1.AsPaths: ["65010", "65010", "65010"]
  - aws: ec2 describe-route-tables --route-table-ids rtb-b
    expectOutput: ['"IpAddress": "10.0.1.11"', '"Origin": "Advertisement"', '"NetworkInterfaceId": "eni-fw1-in"']
  - expect: { lookup: rtb-b, destination: 203.0.113.50, target: eni-fw1-in }
  # across zones, through the router: the table's route names fw1's inside ENI
  - expect: { from: i-b, to: api, protocol: tcp, port: 443, result: roundtrip, via: [i-b, subnet-b, eni-fw1-in, i-fw1, igw-1], seenSource: 198.51.100.11 }
  # nobody writes such a route by hand
  - aws: ec2 create-route --route-table-id rtb-b --destination-cidr-block 192.0.2.0/24 --ip-address 10.0.1.11
    expectError: CliUsage
  - aws: ec2 modify-route-server-peer --route-server-peer-id rsp-fw1 --bgp-options PeerAsn=65010
    expectError: CliUsage`,
        ),
      ),
    ).toEqual([]);
    const report = runYaml(
      lab({ bfd: true }, `${peers()}  - expect: { from: i-b, to: api, protocol: tcp, port: 443, result: roundtrip }`),
    );
    const hop = report.steps.at(-1)!.trace!.find((h) => h.resource === 'subnet-b')!;
    expect(hop.detail).toContain('rtb-b: 0.0.0.0/0 -> 10.0.1.11 (eni-fw1-in; rs-edge)');
    // the diagram lights the route server whose route decided, beside the subnet
    expect(hop.table).toBe('rs-edge');
  });

  it('with BFD on both ends, moves both tables to the standby within a second of the failure, and back when it returns', () => {
    expect(
      failedSteps(
        lab(
          { bfd: true },
          `${peers()}  - fail: i-fw1
  - wait: 1
  - aws: ec2 describe-route-tables --route-table-ids rtb-a rtb-b
    expectOutput: '"IpAddress": "10.0.11.12"'
    expectNoOutput: '"IpAddress": "10.0.1.11"'
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: roundtrip, via: [i-a, subnet-a, eni-fw2-in, i-fw2, igw-1] }
  - run: { on: i-fw2, cmd: journalctl -u bgpd }
    expectNoOutput: Down
  - run: { on: i-fw2, cmd: "vtysh -c 'show bfd peers'" }
    expectOutput: ["peer 10.0.11.4 vrf default", "Status: up"]
  - recover: i-fw1
  - wait: 2
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: roundtrip, via: [eni-fw1-in, i-fw1] }`,
        ),
      ),
    ).toEqual([]);
  });

  it('with keepalives only (or BFD on one side), waits out the 30 s hold time; persisted routes outlive every session', () => {
    const slow = (liveness: string, bfd: boolean) =>
      failedSteps(
        lab(
          { bfd },
          `${peers(liveness)}  - fail: i-fw1
  - wait: 10
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: '"IpAddress": "10.0.1.11"'
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: dropped, droppedAt: eni-fw1-in, reason: ENGINE_TARGET_NOT_RUNNING }
  - wait: 21
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: '"IpAddress": "10.0.11.12"'
  - aws: ec2 describe-route-server-peers --route-server-peer-ids rsp-fw1
    expectJson: { RouteServerPeers.0.BgpStatus.Status: down }`,
        ),
      );
    expect(slow('bgp-keepalive', true)).toEqual([]);
    expect(slow('bfd', false)).toEqual([]);
    // both firewalls gone: the routes are withdrawn, unless persistence keeps them
    const bothDown = (persist: boolean) =>
      failedSteps(
        lab(
          { bfd: true, persist },
          `${peers()}  - fail: i-fw1
  - fail: i-fw2
  - wait: 2
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: dropped, reason: ${persist ? 'ENGINE_TARGET_NOT_RUNNING' : 'NO_ROUTE_TO_DESTINATION'} }`,
        ),
      );
    expect(bothDown(false)).toEqual([]);
    expect(bothDown(true)).toEqual([]);
    // persisted routes stay for the duration after a session returns, pointing at the dead firewall, then go
    expect(
      failedSteps(
        lab(
          { bfd: true, persist: true },
          `${peers()}  - fail: i-fw1
  - fail: i-fw2
  - wait: 2
  - aws: ec2 get-route-server-routing-database --route-server-id rs-edge
    expectJson: { AreRoutesPersisted: true }
  - recover: i-fw2
  - wait: 30
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: dropped, droppedAt: eni-fw1-in, reason: ENGINE_TARGET_NOT_RUNNING }
  - wait: 31
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: roundtrip, via: [eni-fw2-in, i-fw2] }
  - aws: ec2 get-route-server-routing-database --route-server-id rs-edge
    expectJson: { AreRoutesPersisted: false }
  # reset withdraws persisted routes at once
  - fail: i-fw2
  - wait: 2
  - aws: ec2 modify-route-server --route-server-id rs-edge --persist-routes reset
  - expect: { from: i-a, to: api, protocol: tcp, port: 443, result: dropped, reason: NO_ROUTE_TO_DESTINATION }`,
        ),
      ),
    ).toEqual([]);
  });

  it('never initiates: no session without the neighbour line, from another address, or with another ASN (A-RS1)', () => {
    const down = (change: (y: string) => string) =>
      failedSteps(
        change(
          lab(
            {},
            `${peers('bgp-keepalive')}  - aws: ec2 describe-route-server-peers --route-server-peer-ids rsp-fw1
    expectJson: { RouteServerPeers.0.BgpStatus.Status: down }
  - aws: ec2 get-route-server-routing-database --route-server-id rs-edge
    expectNoOutput: '"NextHopIp": "10.0.1.11"'`,
          ),
        ),
      );
    expect(down((y) => y.replace('neighbors: [{ ip: 10.0.1.4, remoteAsn: 65000 }]', 'neighbors: []'))).toEqual([]);
    expect(down((y) => y.replace('--peer-address 10.0.1.11', '--peer-address 10.0.0.11'))).toEqual([]);
    expect(down((y) => y.replace('{ ip: 10.0.1.4, remoteAsn: 65000 }', '{ ip: 10.0.1.4, remoteAsn: 65001 }'))).toEqual(
      [],
    );
  });

  it('leaves an identical static route in effect and says the table rejected its own (R32, R33; A-RS6)', () => {
    expect(
      failedSteps(
        lab(
          { bfd: true },
          `  - aws: ec2 create-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0 --network-interface-id eni-fw2-in
${peers()}  - aws: ec2 get-route-server-routing-database --route-server-id rs-edge
    expectJson: { Routes.0.RouteInstallationDetails.0.RouteTableId: rtb-a, Routes.0.RouteInstallationDetails.0.RouteInstallationStatus: rejected }
  - expect: { lookup: rtb-a, destination: 203.0.113.50, target: eni-fw2-in }`,
        ),
      ),
    ).toEqual([]);
  });

  it('a guest without an instance profile has no credentials for the aws CLI (A-RS9)', () => {
    expect(
      failedSteps(
        lab(
          {},
          `  - run: { on: i-fw1, cmd: aws ec2 describe-route-tables }
    expectOutput: 'Unable to locate credentials. You can configure credentials by running "aws configure".'
    expectExit: 253
  - run: { on: i-fw2, cmd: aws ec2 describe-route-servers }
    expectOutput: '"RouteServerId": "rs-edge"'`,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses endpoints and propagations outside its VPC, and an endpoint of a route server with none', () => {
    expect(
      failedSteps(
        lab(
          {},
          `  - aws: ec2 enable-route-server-propagation --route-server-id rs-edge --route-table-id rtb-nope
    expectError: InvalidRouteTableID.NotFound
  - aws: ec2 create-route-server --amazon-side-asn 65001
    id: rs-two
  - aws: ec2 create-route-server-endpoint --route-server-id rs-two --subnet-id subnet-a
    expectError: IncorrectState
  - aws: ec2 delete-route-server-endpoint --route-server-endpoint-id rse-a
  - aws: ec2 describe-route-server-endpoints
    expectNoOutput: rse-a`,
        ),
      ),
    ).toEqual([]);
    expect(() =>
      failedSteps(
        lab().replace(
          '{ id: rs-edge, amazonSideAsn: 65000, vpc: vpc-edge, persistRoutes: false }',
          '{ id: rs-edge, amazonSideAsn: 65000, persistRoutes: false, endpoints: [{ id: rse-x, subnet: subnet-a }] }',
        ),
      ),
    ).toThrow('topology.routeServers[0].endpoints[0]: rs-edge is associated with no VPC: an endpoint needs one');
  });
});
