import { describe, expect, it } from 'vitest';
import { failedSteps, problems } from '../helpers';

/** One VPC on a multicast transit gateway: a sender, two members in another subnet, a subnet outside the domain. */
const TOPOLOGY = (domain: string) => `
vpcs: [{ id: vpc-a, cidr: 10.1.0.0/16 }]
subnets:
  - { id: subnet-src, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
  - { id: subnet-rx, vpc: vpc-a, az: us-east-1b, cidr: 10.1.2.0/24 }
  - { id: subnet-out, vpc: vpc-a, az: us-east-1c, cidr: 10.1.3.0/24 }
transitGateways:
  - id: tgw-1
    multicast: true
    attachments: [{ id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-src, subnet-rx] }]
    routeTables: [{ id: tgw-rtb-1, associations: [tgw-attach-a] }]
    multicastDomains:
${domain}
securityGroups:
  - { id: sg-src, vpc: vpc-a, inbound: [] }
  - { id: sg-rx, vpc: vpc-a, inbound: [{ protocol: udp, ports: 5000, source: 10.1.1.0/24 }] }
  - { id: sg-ref, vpc: vpc-a, inbound: [{ protocol: udp, ports: 5000, source: sg-src }] }
instances:
  - { id: i-src, interfaces: [{ id: eni-src, subnet: subnet-src, privateIp: 10.1.1.10, securityGroups: [sg-src] }] }
  - { id: i-rx1, interfaces: [{ id: eni-rx1, subnet: subnet-rx, privateIp: 10.1.2.10, securityGroups: [sg-rx] }] }
  - { id: i-rx2, interfaces: [{ id: eni-rx2, subnet: subnet-rx, privateIp: 10.1.2.11, securityGroups: [sg-ref] }] }
  - { id: i-out, interfaces: [{ id: eni-out, subnet: subnet-out, privateIp: 10.1.3.10, securityGroups: [sg-src] }] }
`;
const DOMAIN = `      - id: tgw-mcast-domain-1
        subnets: [subnet-src, subnet-rx]
        groups: [{ group: 239.1.1.1, members: [eni-rx1, eni-rx2] }]`;
const lab = (domain: string, steps: string) =>
  `title: multicast\ntopology:${TOPOLOGY(domain).replace(/^/gm, '  ')}\nsteps:\n${steps}`;

describe('transit gateway multicast (R104)', () => {
  it('copies a datagram to every member that admits it; a group reference never admits the stream', () => {
    expect(
      failedSteps(
        lab(
          DOMAIN,
          `  - expect: { from: i-src, to: 239.1.1.1, protocol: udp, port: 5000, result: delivered, via: [i-src, subnet-src, tgw-1, eni-rx1], capturedBy: [i-rx1], notCapturedBy: [i-rx2, i-out] }
  - expect: { from: i-src, to: 239.1.1.2, protocol: udp, port: 5000, result: dropped, droppedAt: tgw-mcast-domain-1, reason: ENGINE_MULTICAST_NO_MEMBERS }
  # outside the domain, the VPC forwards no multicast (R122)
  - expect: { from: i-out, to: 239.1.1.1, protocol: udp, port: 5000, result: dropped, reason: ENGINE_MULTICAST_UNSUPPORTED }
  # a member's own group does not admit port 6000: no copy taken, so the stream is dropped
  - expect: { from: i-src, to: 239.1.1.1, protocol: udp, port: 6000, result: dropped, reason: ENI_SG_RULES_MISMATCH }`,
        ),
      ),
    ).toEqual([]);
  });

  it('with static sources, only a registered source may send', () => {
    const domain = `      - id: tgw-mcast-domain-1
        subnets: [subnet-src, subnet-rx]
        staticSources: true
        groups: [{ group: 239.1.1.1, members: [eni-rx1], sources: [eni-rx2] }]`;
    expect(
      failedSteps(
        lab(
          domain,
          `  - expect: { from: i-src, to: 239.1.1.1, protocol: udp, port: 5000, result: dropped, droppedAt: tgw-mcast-domain-1, reason: ENGINE_MULTICAST_NOT_SOURCE }`,
        ),
      ),
    ).toEqual([]);
  });

  it('refuses a domain AWS would not hold', () => {
    const bad = TOPOLOGY(`      - id: tgw-mcast-domain-1
        subnets: [subnet-out]
        groups: [{ group: 10.1.1.1, members: [eni-out] }]`).replace('multicast: true', 'multicast: false');
    expect(problems(bad).map((p) => `${p.path}: ${p.code}`)).toEqual([
      'topology.transitGateways[0].multicastDomains[0]: IncorrectState',
    ]);
    const noSubnet = TOPOLOGY(`      - id: tgw-mcast-domain-1
        subnets: [subnet-out]
        groups: [{ group: 10.1.1.1, members: [eni-out] }]`);
    expect(problems(noSubnet).map((p) => p.message)).toEqual([
      'subnet-out is not a subnet of a VPC attachment of tgw-1',
      '10.1.1.1 is not a multicast address (224.0.0.0/4)',
    ]);
  });

  it('through the CLI: a domain, its subnets, and members registered and deregistered', () => {
    expect(
      failedSteps(
        lab(
          '      []',
          `  - aws: ec2 create-transit-gateway-multicast-domain --transit-gateway-id tgw-1
    id: tgw-mcast-domain-9
  - aws: ec2 associate-transit-gateway-multicast-domain --transit-gateway-multicast-domain-id tgw-mcast-domain-9 --transit-gateway-attachment-id tgw-attach-a --subnet-ids subnet-src subnet-rx
  - aws: ec2 register-transit-gateway-multicast-group-members --transit-gateway-multicast-domain-id tgw-mcast-domain-9 --group-ip-address 239.5.5.5 --network-interface-ids eni-rx1
    expectJson: { RegisteredMulticastGroupMembers.RegisteredNetworkInterfaceIds.0: eni-rx1 }
  - expect: { from: i-src, to: 239.5.5.5, protocol: udp, port: 5000, result: delivered, capturedBy: [i-rx1] }
  - aws: ec2 search-transit-gateway-multicast-groups --transit-gateway-multicast-domain-id tgw-mcast-domain-9
    expectJson: { MulticastGroups.0.NetworkInterfaceId: eni-rx1, MulticastGroups.0.SubnetId: subnet-rx, MulticastGroups.0.GroupMember: true }
  - aws: ec2 deregister-transit-gateway-multicast-group-members --transit-gateway-multicast-domain-id tgw-mcast-domain-9 --group-ip-address 239.5.5.5 --network-interface-ids eni-rx1
  - expect: { from: i-src, to: 239.5.5.5, protocol: udp, port: 5000, result: dropped, reason: ENGINE_MULTICAST_NO_MEMBERS }
  - aws: ec2 register-transit-gateway-multicast-group-members --transit-gateway-multicast-domain-id tgw-mcast-domain-9 --group-ip-address 10.0.0.1 --network-interface-ids eni-rx1
    expectError: InvalidParameterValue
  - aws: ec2 associate-transit-gateway-multicast-domain --transit-gateway-multicast-domain-id tgw-mcast-domain-9 --transit-gateway-attachment-id tgw-attach-a --subnet-ids subnet-out
    expectError: InvalidParameterValue
  - aws: ec2 describe-transit-gateway-multicast-domains
    expectJson: { TransitGatewayMulticastDomains.0.TransitGatewayMulticastDomainId: tgw-mcast-domain-9 }`,
        ),
      ),
    ).toEqual([]);
  });
});
