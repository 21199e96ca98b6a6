import { describe, expect, it } from 'vitest';
import { runYaml } from '../helpers';

/**
 * Two VPCs on one transit gateway. vpc-b's attachment sits in its own subnet (1a only), whose
 * route table sends the app subnet through a firewall: the inspection-VPC pattern (R94).
 */
const lab = (steps: string, tgwExtra = '') => `title: tgw
topology:
  vpcs:
    - { id: vpc-a, cidr: 10.1.0.0/16 }
    - { id: vpc-b, cidr: 10.2.0.0/16 }
    - { id: vpc-c, cidr: 10.3.0.0/16 }
  subnets:
    - { id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-a2, vpc: vpc-a, az: us-east-1b, cidr: 10.1.2.0/24 }
    - { id: subnet-btgw, vpc: vpc-b, az: us-east-1a, cidr: 10.2.0.0/28 }
    - { id: subnet-bfw, vpc: vpc-b, az: us-east-1a, cidr: 10.2.1.0/24 }
    - { id: subnet-bapp, vpc: vpc-b, az: us-east-1a, cidr: 10.2.2.0/24 }
    - { id: subnet-c, vpc: vpc-c, az: us-east-1a, cidr: 10.3.1.0/24 }
  transitGateways:
    - id: tgw-1
${tgwExtra}      attachments:
        - { id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-a] }
        - { id: tgw-attach-b, vpc: vpc-b, subnets: [subnet-btgw] }
      routeTables:
        - { id: tgw-rtb-1, routes: [] }
  routeTables:
    - { id: rtb-a, vpc: vpc-a, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-b, vpc: vpc-b, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-btgw, vpc: vpc-b, subnets: [subnet-btgw], routes: [{ destination: 10.2.2.0/24, target: eni-fw }] }
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
    - { id: sg-b, vpc: vpc-b, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
    - { id: sg-c, vpc: vpc-c, inbound: [] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.1.1.10, securityGroups: [sg-a] }] }
    - { id: i-a2, interfaces: [{ id: eni-a2, subnet: subnet-a2, privateIp: 10.1.2.10, securityGroups: [sg-a] }] }
    - { id: i-fw, interfaces: [{ id: eni-fw, subnet: subnet-bfw, privateIp: 10.2.1.10, securityGroups: [sg-b], sourceDestCheck: false }], os: { ipForward: true } }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-bapp, privateIp: 10.2.2.20, securityGroups: [sg-b] }], os: { listen: [tcp/443] } }
    - { id: i-c, interfaces: [{ id: eni-c, subnet: subnet-c, privateIp: 10.3.1.10, securityGroups: [sg-c] }] }
steps:
${steps}`;

const failures = (yaml: string) =>
  runYaml(yaml)
    .steps.filter((s) => !s.ok)
    .map((s) => [s.summary, s.error ?? s.mismatches?.join('; ')]);

describe('transit gateways (R93–R104)', () => {
  it('routes between attachments by the table the sender is associated with, and hands the packet to the attachment subnet\u2019s route table (R94, R95)', () => {
    expect(
      failures(
        lab(`  - expect:
      from: i-a
      to: i-b
      protocol: tcp
      port: 443
      result: roundtrip
      via: [i-a, subnet-a, vpc-a, tgw-attach-a, tgw-1, tgw-attach-b, vpc-b, subnet-btgw, eni-fw, i-fw, i-b]
      seenSource: 10.1.1.10
  - expect: { lookup: tgw-rtb-1, destination: 10.2.2.20, target: tgw-attach-b }`),
      ),
    ).toEqual([]);
  });

  it('takes traffic only from an Availability Zone its attachment enables (R94)', () => {
    expect(
      failures(
        lab(`  - expect: { from: i-a2, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-attach-a, reason: TGW_ROUTE_AZ_RESTRICTION }
  - aws: ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-a --add-subnet-ids subnet-a2
  - expect: { from: i-a2, to: i-b, protocol: tcp, port: 443, result: roundtrip }`),
      ),
    ).toEqual([]);
  });

  it('drops what its table has no route for, and what a blackhole route matches; a static route beats a propagated one (R97–R99)', () => {
    expect(
      failures(
        lab(`  - aws: ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-1 --destination-cidr-block 10.2.0.0/16 --blackhole
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-1, reason: TGW_RTB_BAD_STATE_ROUTE }
  - aws: ec2 search-transit-gateway-routes --transit-gateway-route-table-id tgw-rtb-1 --filters Name=route-search.exact-match,Values=10.2.0.0/16
    expectJson: { Routes.0.State: blackhole, Routes.0.Type: static, Routes.1.Type: propagated }
  - aws: ec2 delete-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-1 --destination-cidr-block 10.2.0.0/16
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip }
  - aws: ec2 disable-transit-gateway-route-table-propagation --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-b
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-1, reason: TGW_RTB_CANNOT_ROUTE }`),
      ),
    ).toEqual([]);
  });

  it('refuses a route to a transit gateway the VPC is not attached to, and a second association for an attachment', () => {
    expect(
      failures(
        lab(`  - aws: ec2 create-route-table --vpc-id vpc-c
    id: rtb-c
  - aws: ec2 create-route --route-table-id rtb-c --destination-cidr-block 10.0.0.0/8 --transit-gateway-id tgw-1
    expectError: InvalidTransitGatewayID.NotFound
  - aws: ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-a
    expectError: Resource.AlreadyAssociated
  - aws: ec2 describe-transit-gateway-attachments --filters Name=resource-id,Values=vpc-b
    expectJson: { TransitGatewayAttachments.0.Association.TransitGatewayRouteTableId: tgw-rtb-1 }`),
      ),
    ).toEqual([]);
  });

  it('without a default table, an attachment no table names is associated with nothing (TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION)', () => {
    expect(
      failures(
        lab(
          `  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-1, reason: TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION }`,
          '      defaultRouteTable: none\n',
        ),
      ),
    ).toEqual([]);
  });
});
