import { describe, expect, it } from 'vitest';
import { failedSteps } from '../helpers';

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

describe('transit gateways (R93–R104)', () => {
  it('routes between attachments by the table the sender is associated with, and hands the packet to the attachment subnet\u2019s route table (R94, R95)', () => {
    expect(
      failedSteps(
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
      failedSteps(
        lab(`  - expect: { from: i-a2, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-attach-a, reason: TGW_ROUTE_AZ_RESTRICTION }
  - aws: ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-a --add-subnet-ids subnet-a2
  - expect: { from: i-a2, to: i-b, protocol: tcp, port: 443, result: roundtrip }`),
      ),
    ).toEqual([]);
  });

  it('drops what its table has no route for, and what a blackhole route matches; a static route beats a propagated one (R97–R99)', () => {
    expect(
      failedSteps(
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
      failedSteps(
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
      failedSteps(
        lab(
          `  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: dropped, droppedAt: tgw-1, reason: TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION }`,
          '      defaultRouteTable: none\n',
        ),
      ),
    ).toEqual([]);
  });
});

describe('centralised egress through a transit gateway (R63, R94)', () => {
  const egress = (steps: string) => `title: egress
topology:
  vpcs:
    - { id: vpc-spoke, cidr: 10.1.0.0/16 }
    - { id: vpc-egress, cidr: 10.9.0.0/16 }
    - { id: vpc-peer, cidr: 10.7.0.0/16 }
  subnets:
    - { id: subnet-spoke, vpc: vpc-spoke, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-tgw, vpc: vpc-egress, az: us-east-1a, cidr: 10.9.0.0/24 }
    - { id: subnet-pub, vpc: vpc-egress, az: us-east-1a, cidr: 10.9.1.0/24 }
    - { id: subnet-peer, vpc: vpc-peer, az: us-east-1a, cidr: 10.7.1.0/24 }
  internetGateways: [{ id: igw-egress, vpc: vpc-egress }]
  natGateways: [{ id: nat-egress, subnet: subnet-pub, privateIp: 10.9.1.10, publicIp: 198.51.100.9 }]
  peeringConnections: [{ id: pcx-peer, requester: vpc-peer, accepter: vpc-egress, status: active }]
  transitGateways:
    - id: tgw-1
      attachments:
        - { id: tgw-attach-spoke, vpc: vpc-spoke, subnets: [subnet-spoke] }
        - { id: tgw-attach-egress, vpc: vpc-egress, subnets: [subnet-tgw] }
      routeTables:
        - { id: tgw-rtb-1, routes: [{ destination: 0.0.0.0/0, target: tgw-attach-egress }] }
  routeTables:
    - { id: rtb-spoke, vpc: vpc-spoke, main: true, routes: [{ destination: 0.0.0.0/0, target: tgw-1 }] }
    - { id: rtb-egress-main, vpc: vpc-egress, main: true, routes: [] }
    - { id: rtb-tgw, vpc: vpc-egress, subnets: [subnet-tgw], routes: [{ destination: 0.0.0.0/0, target: nat-egress }] }
    - id: rtb-pub
      vpc: vpc-egress
      subnets: [subnet-pub]
      routes:
        - { destination: 0.0.0.0/0, target: igw-egress }
        - { destination: 10.1.0.0/16, target: tgw-1 }
        - { destination: 10.7.0.0/16, target: pcx-peer }
    - { id: rtb-peer, vpc: vpc-peer, main: true, routes: [{ destination: 0.0.0.0/0, target: pcx-peer }] }
  securityGroups:
    - { id: sg-spoke, vpc: vpc-spoke, inbound: [] }
    - { id: sg-peer, vpc: vpc-peer, inbound: [] }
  instances:
    - { id: i-spoke, interfaces: [{ id: eni-spoke, subnet: subnet-spoke, privateIp: 10.1.1.10, securityGroups: [sg-spoke] }] }
    - { id: i-peer, interfaces: [{ id: eni-peer, subnet: subnet-peer, privateIp: 10.7.1.10, securityGroups: [sg-peer] }] }
  externalHosts: [{ id: web, ip: 203.0.113.80, listen: [tcp/443] }]
steps:
${steps}`;

  it('a NAT gateway translates what a transit gateway attachment of its VPC delivered, and the reply goes back the same way', () => {
    expect(
      failedSteps(
        egress(`  - expect:
      from: i-spoke
      to: web
      protocol: tcp
      port: 443
      result: roundtrip
      via: [i-spoke, tgw-1, tgw-attach-egress, subnet-tgw, nat-egress, igw-egress, web]
      seenSource: 198.51.100.9
      replyVia: [igw-egress, nat-egress, tgw-1, tgw-attach-spoke, i-spoke]`),
      ),
    ).toEqual([]);
  });

  it('but not what came over a peering: there is no edge-to-edge routing (R63, R90)', () => {
    // the peering refuses it first: the internet is not inside vpc-egress (R89)
    expect(
      failedSteps(
        egress(
          `  - expect: { from: i-peer, to: web, protocol: tcp, port: 443, result: dropped, droppedAt: pcx-peer, reason: PCX_REQUIRES_ADDRESS_IN_VPC_CIDR }`,
        ),
      ),
    ).toEqual([]);
  });
});

describe('an inspection VPC behind a transit gateway (R101)', () => {
  /** Spokes in two zones; the inspection VPC's attachment has a subnet and a stateful firewall in each. */
  const inspection = (steps: string) => `title: inspection
topology:
  vpcs:
    - { id: vpc-a, cidr: 10.1.0.0/16 }
    - { id: vpc-b, cidr: 10.2.0.0/16 }
    - { id: vpc-fw, cidr: 10.9.0.0/16 }
  subnets:
    - { id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-b, vpc: vpc-b, az: us-east-1b, cidr: 10.2.1.0/24 }
    - { id: subnet-tgw-a, vpc: vpc-fw, az: us-east-1a, cidr: 10.9.0.0/28 }
    - { id: subnet-tgw-b, vpc: vpc-fw, az: us-east-1b, cidr: 10.9.0.16/28 }
    - { id: subnet-fw-a, vpc: vpc-fw, az: us-east-1a, cidr: 10.9.1.0/24 }
    - { id: subnet-fw-b, vpc: vpc-fw, az: us-east-1b, cidr: 10.9.2.0/24 }
  transitGateways:
    - id: tgw-1
      attachments:
        - { id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-a] }
        - { id: tgw-attach-b, vpc: vpc-b, subnets: [subnet-b] }
        - { id: tgw-attach-fw, vpc: vpc-fw, subnets: [subnet-tgw-a, subnet-tgw-b] }
      routeTables:
        - { id: tgw-rtb-spokes, associations: [tgw-attach-a, tgw-attach-b], routes: [{ destination: 0.0.0.0/0, target: tgw-attach-fw }] }
        - { id: tgw-rtb-fw, associations: [tgw-attach-fw], propagations: [tgw-attach-a, tgw-attach-b] }
  routeTables:
    - { id: rtb-a, vpc: vpc-a, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-b, vpc: vpc-b, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-fw-main, vpc: vpc-fw, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-tgw-a, vpc: vpc-fw, subnets: [subnet-tgw-a], routes: [{ destination: 0.0.0.0/0, target: eni-fw-a }] }
    - { id: rtb-tgw-b, vpc: vpc-fw, subnets: [subnet-tgw-b], routes: [{ destination: 0.0.0.0/0, target: eni-fw-b }] }
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
    - { id: sg-b, vpc: vpc-b, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
    - { id: sg-fw, vpc: vpc-fw, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.1.1.10, securityGroups: [sg-a] }] }
    - { id: i-b, interfaces: [{ id: eni-b, subnet: subnet-b, privateIp: 10.2.1.10, securityGroups: [sg-b] }], os: { listen: [tcp/443] } }
    - { id: i-fw-a, interfaces: [{ id: eni-fw-a, subnet: subnet-fw-a, privateIp: 10.9.1.10, securityGroups: [sg-fw], sourceDestCheck: false }], os: { ipForward: true, firewall: stateful } }
    - { id: i-fw-b, interfaces: [{ id: eni-fw-b, subnet: subnet-fw-b, privateIp: 10.9.2.10, securityGroups: [sg-fw], sourceDestCheck: false }], os: { ipForward: true, firewall: stateful } }
steps:
${steps}`;

  it('without appliance mode each direction stays in its own zone and meets another firewall; with it both meet one', () => {
    expect(
      failedSteps(
        inspection(`  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: request-only, via: [tgw-attach-fw, subnet-tgw-a, i-fw-a], droppedAt: i-fw-b, reason: ENGINE_APPLIANCE_NO_STATE }
  - aws: ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-fw --options ApplianceModeSupport=enable
  - expect: { from: i-a, to: i-b, protocol: tcp, port: 443, result: roundtrip }
  - aws: ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids tgw-attach-fw
    expectJson: { TransitGatewayVpcAttachments.0.Options.ApplianceModeSupport: enable }`),
      ),
    ).toEqual([]);
  });

  it('builds the gateway from the CLI: a table, an attachment, links, and the defaults only for what comes later', () => {
    expect(
      failedSteps(
        inspection(`  - aws: ec2 create-transit-gateway-route-table --transit-gateway-id tgw-1
    id: tgw-rtb-new
  - aws: ec2 create-vpc --cidr-block 10.5.0.0/16
    id: vpc-new
  - aws: ec2 create-subnet --vpc-id vpc-new --cidr-block 10.5.1.0/24 --availability-zone us-east-1a
    id: subnet-new
  - aws: ec2 modify-transit-gateway --transit-gateway-id tgw-1 --options DefaultRouteTableAssociation=enable,AssociationDefaultRouteTableId=tgw-rtb-new,DefaultRouteTablePropagation=enable,PropagationDefaultRouteTableId=tgw-rtb-fw
  - aws: ec2 create-transit-gateway-vpc-attachment --transit-gateway-id tgw-1 --vpc-id vpc-new --subnet-ids subnet-new
    id: tgw-attach-new
  - aws: ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids tgw-attach-new
    expectJson: { TransitGatewayAttachments.0.Association.TransitGatewayRouteTableId: tgw-rtb-new }
  - aws: ec2 get-transit-gateway-route-table-propagations --transit-gateway-route-table-id tgw-rtb-fw
    expectOutput: [tgw-attach-a, tgw-attach-b, tgw-attach-new]
  - expect: { lookup: tgw-rtb-fw, destination: 10.5.1.9, target: tgw-attach-new }
  - aws: ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids tgw-attach-a
    expectJson: { TransitGatewayAttachments.0.Association.TransitGatewayRouteTableId: tgw-rtb-spokes }`),
      ),
    ).toEqual([]);
  });
});
