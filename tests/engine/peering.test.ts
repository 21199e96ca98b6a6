import { describe, expect, it } from 'vitest';
import { failedSteps, net, runYaml } from '../helpers';
import { checkFlow } from '../../engine/lab/check-flow';
import type { FlowExpect } from '../../engine/model/expect';
import type { FlowTrace } from '../../engine/trace/flow';

/** Two VPCs with an instance each, open groups; vpc-c overlaps vpc-a; peerings come from the steps. */
const lab = (steps: string, peered = false) => `title: peering
topology:
  vpcs:
    - { id: vpc-a, cidr: 10.0.0.0/16 }
    - { id: vpc-b, cidr: 10.1.0.0/16 }
    - { id: vpc-c, cidr: [10.2.0.0/16, 10.0.128.0/17] }
  subnets:
    - { id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }
    - { id: subnet-b, vpc: vpc-b, cidr: 10.1.1.0/24 }
    - { id: subnet-c, vpc: vpc-c, cidr: 10.2.1.0/24 }
  internetGateways: [{ id: igw-b, vpc: vpc-b }]
  routeTables:
    - { id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [] }
    - { id: rtb-b, vpc: vpc-b, subnets: [subnet-b], routes: [{ destination: 0.0.0.0/0, target: igw-b }] }
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
    - { id: sg-b, vpc: vpc-b, inbound: [{ protocol: tcp, ports: 443, source: 10.0.0.0/16 }] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.1.1.20, publicIp: 198.51.100.20, securityGroups: [sg-b] }], os: { listen: [tcp/443] } }
  externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
${peered ? '  peeringConnections: [{ id: pcx-ab, requester: vpc-a, accepter: vpc-b, status: active }]\n' : ''}steps:
${steps}`;

const ROUTES = `  - aws: ec2 create-route --route-table-id rtb-a --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-ab
  - aws: ec2 create-route --route-table-id rtb-b --destination-cidr-block 10.0.0.0/16 --vpc-peering-connection-id pcx-ab
`;

const outcome = (yaml: string) =>
  runYaml(yaml).steps.map((s) => [s.summary, s.ok, s.error ?? s.mismatches?.join('; ') ?? '']);

describe('VPC peering (R86–R92)', () => {
  it('carries traffic only once accepted: a route to a pending connection is a blackhole (R86)', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-a --peer-vpc-id vpc-b
    id: pcx-ab
    expectJson: { VpcPeeringConnection.Status.Code: initiating-request }
${ROUTES}  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: rtb-a, reason: BAD_STATE_ROUTE }
  - aws: ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-ab
    expectJson: { VpcPeeringConnections.0.Status.Code: pending-acceptance }
  - aws: ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ab
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip, via: [i-a, subnet-a, vpc-a, pcx-ab, vpc-b, subnet-b, i-b], seenSource: 10.0.1.10, replyVia: [i-b, vpc-b, pcx-ab, vpc-a, i-a] }
  - aws: ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ab
    expectError: InvalidStateTransition`),
      ),
    ).toEqual([]);
  });

  it("needs a route on each side: without the return route the reply follows the peer's own routes, here to its internet gateway (R88)", () => {
    const yaml = lab(
      `  - aws: ec2 create-route --route-table-id rtb-a --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-ab
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: request-only, droppedAt: igw-b, reason: IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS }`,
      true,
    );
    expect(outcome(yaml).filter((s) => !s[1])).toEqual([]);
  });

  it('is neither transitive nor edge to edge: only addresses inside the peer cross it (R89, R90)', () => {
    const yaml = lab(
      `  - aws: ec2 create-route --route-table-id rtb-a --destination-cidr-block 0.0.0.0/0 --vpc-peering-connection-id pcx-ab
  - aws: ec2 create-route --route-table-id rtb-b --destination-cidr-block 10.0.0.0/16 --vpc-peering-connection-id pcx-ab
  - expect: { from: i-a, to: web, protocol: tcp, port: 443, result: dropped, droppedAt: pcx-ab, reason: PCX_REQUIRES_ADDRESS_IN_VPC_CIDR, notVia: [igw-b] }
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip }`,
      true,
    );
    expect(outcome(yaml).filter((s) => !s[1])).toEqual([]);
  });

  it('refuses overlapping VPCs (the request fails, R87), a second connection for a pair, and a route from a third VPC', () => {
    const yaml = lab(`  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-a --peer-vpc-id vpc-c
    id: pcx-ac
    expectJson: { VpcPeeringConnection.Status.Code: initiating-request }
  - aws: ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-ac
    expectJson: { VpcPeeringConnections.0.Status.Code: failed }
  - aws: ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ac
    expectError: InvalidStateTransition
  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-a --peer-vpc-id vpc-b
    id: pcx-ab
  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-b --peer-vpc-id vpc-a
    expectError: VpcPeeringConnectionAlreadyExists
  - aws: ec2 create-route-table --vpc-id vpc-c
    id: rtb-c
  - aws: ec2 create-route --route-table-id rtb-c --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-ab
    expectError: InvalidParameterValue`);
    expect(outcome(yaml).filter((s) => !s[1])).toEqual([]);
  });

  it('lets a group name a group of the peer while active; deleting the peering blackholes its routes and keeps the rule, stale, until the VPCs peer again (R92)', () => {
    const yaml = lab(`  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-a --peer-vpc-id vpc-b
    id: pcx-ab
  - aws: ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ab
${ROUTES}  - aws: ec2 authorize-security-group-ingress --group-id sg-b --protocol tcp --port 8443 --source-group sg-a
  # the reference shows the peer's VPC and the peering; the referenced group lists who names it
  - aws: ec2 describe-security-groups --group-ids sg-b
    expectJson: { SecurityGroups.0.IpPermissions.1.UserIdGroupPairs.0.VpcId: vpc-a, SecurityGroups.0.IpPermissions.1.UserIdGroupPairs.0.VpcPeeringConnectionId: pcx-ab }
  - aws: ec2 describe-security-group-references --group-id sg-a
    expectJson: { SecurityGroupReferenceSet.0.ReferencingVpcId: vpc-b, SecurityGroupReferenceSet.0.VpcPeeringConnectionId: pcx-ab }
  - aws: ec2 delete-vpc-peering-connection --vpc-peering-connection-id pcx-ab
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: rtb-a, reason: BAD_STATE_ROUTE }
  - aws: ec2 describe-vpc-peering-connections --filters Name=status-code,Values=deleted
    expectOutput: pcx-ab
  - aws: ec2 describe-security-groups --group-ids sg-b
    expectOutput: '"GroupId": "sg-a"'
  - aws: ec2 create-vpc-peering-connection --vpc-id vpc-a --peer-vpc-id vpc-b
    id: pcx-ab2
  - aws: ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-ab2
  - aws: ec2 replace-route --route-table-id rtb-a --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-ab2
  - aws: ec2 replace-route --route-table-id rtb-b --destination-cidr-block 10.0.0.0/16 --vpc-peering-connection-id pcx-ab2
  # a new peering between the same VPCs brings the reference back: sg-b admits i-a on 8443, where nothing listens
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 8443, result: reset }`);
    expect(failedSteps(yaml)).toEqual([]);
  });
});

describe('a group reference across a deleted peering (R92)', () => {
  it('is kept, names its group, and matches nothing: the lab still loads', () => {
    const n = net(`
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }, { id: vpc-b, cidr: 10.1.0.0/16 }]
subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }]
peeringConnections: [{ id: pcx-ab, requester: vpc-a, accepter: vpc-b, status: deleted }]
securityGroups:
  - { id: sg-a, vpc: vpc-a, inbound: [] }
  - { id: sg-b, vpc: vpc-b, inbound: [{ protocol: tcp, ports: 8443, source: sg-a }] }
instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }]
`);
    const peer = n.securityGroups.get('sg-b')!.inbound[0]!.peer;
    expect(peer).toMatchObject({ kind: 'sg', stale: true });
    expect(peer.kind === 'sg' && peer.group.id).toBe('sg-a');
  });
});

describe('what the engine cannot follow is never a drop it vouches for', () => {
  it('an expectation of dropped fails where the packet met something not modelled (ENGINE_NOT_MODELLED)', () => {
    // a trace as the engine ends one where it cannot follow the packet
    const dropped = (code: string) =>
      ({
        request: {
          hops: [],
          ending: {
            kind: 'dropped',
            drop: { code, at: 'vpce-1', within: ['vpce-1'], detail: 'endpoints are not modelled' },
          },
        },
        result: 'dropped',
      }) as unknown as FlowTrace;
    expect(checkFlow({ result: 'dropped' } as FlowExpect, dropped('ENGINE_NOT_MODELLED'))).toEqual([
      'expected dropped, but the engine cannot say what AWS does at vpce-1 (ENGINE_NOT_MODELLED): endpoints are not modelled',
    ]);
    // a drop the engine can vouch for is one
    expect(checkFlow({ result: 'dropped' } as FlowExpect, dropped('NO_ROUTE_TO_DESTINATION'))).toEqual([]);
  });

  it('a free address inside a subnet reaches that subnet, through its network ACL, and is dropped there', () => {
    const r = runYaml(`title: t
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, cidr: 10.0.1.0/24 }, { id: subnet-b, vpc: vpc-a, cidr: 10.0.2.0/24 }]
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [] }]
  instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }]
steps:
  - expect: { from: i-a, to: 10.0.2.77, protocol: icmp, result: dropped, droppedAt: subnet-b, reason: ENGINE_NO_HOST_AT_ADDRESS, via: [subnet-a, vpc-a, subnet-b] }`);
    expect(r.steps[0]).toMatchObject({ ok: true });
    expect(r.steps[0]!.drop?.at).toBe('subnet-b');
  });
});

describe('a peering to a VPC outside the lab (another account’s, as a snapshot shows it)', () => {
  const remote = (steps: string) => `title: remote peering
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }]
  peeringConnections:
    - { id: pcx-partner, requester: vpc-partner, accepter: vpc-a, remote: { vpc: vpc-partner, cidrs: [10.9.0.0/16], owner: "444455556666" } }
  routeTables: [{ id: rtb-a, vpc: vpc-a, main: true, routes: [{ destination: 10.9.0.0/16, target: pcx-partner }] }]
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [] }]
  instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }]
steps:
${steps}`;

  it('carries traffic for the remote blocks out of the lab and brings the answer back; describes the far side as the snapshot did', () => {
    expect(
      failedSteps(
        remote(`  - expect: { from: i-a, to: 10.9.1.5, protocol: tcp, port: 443, result: roundtrip, via: [rtb-a, pcx-partner, vpc-partner], replyVia: [pcx-partner, vpc-a, i-a] }
  - aws: ec2 describe-vpc-peering-connections --vpc-peering-connection-ids pcx-partner
    expectJson: { VpcPeeringConnections.0.RequesterVpcInfo.OwnerId: "444455556666", VpcPeeringConnections.0.RequesterVpcInfo.CidrBlock: 10.9.0.0/16 }
  - aws: ec2 delete-vpc-peering-connection --vpc-peering-connection-id pcx-partner
  - expect: { from: i-a, to: 10.9.1.5, protocol: tcp, port: 443, result: dropped, reason: BAD_STATE_ROUTE }`),
      ),
    ).toEqual([]);
  });
});
