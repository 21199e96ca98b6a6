import { describe, expect, it } from 'vitest';
import { failedSteps } from '../helpers';

/** Two transit gateways, a VPC on each, not yet peered. */
const lab = (steps: string) => `title: tgw peering
topology:
  vpcs: [{ id: vpc-a, cidr: 10.1.0.0/16 }, { id: vpc-c, cidr: 10.3.0.0/16 }]
  subnets:
    - { id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-c, vpc: vpc-c, az: us-east-1a, cidr: 10.3.1.0/24 }
  transitGateways:
    - id: tgw-1
      attachments: [{ id: tgw-attach-a, vpc: vpc-a, subnets: [subnet-a] }]
      routeTables: [{ id: tgw-rtb-1, associations: [tgw-attach-a], propagations: [tgw-attach-a] }]
    - id: tgw-2
      attachments: [{ id: tgw-attach-c, vpc: vpc-c, subnets: [subnet-c] }]
      routeTables: [{ id: tgw-rtb-2, associations: [tgw-attach-c], propagations: [tgw-attach-c] }]
  routeTables:
    - { id: rtb-a, vpc: vpc-a, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-1 }] }
    - { id: rtb-c, vpc: vpc-c, main: true, routes: [{ destination: 10.0.0.0/8, target: tgw-2 }] }
  securityGroups:
    - { id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
    - { id: sg-c, vpc: vpc-c, inbound: [{ protocol: all, source: 10.0.0.0/8 }] }
  instances:
    - { id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.1.1.10, securityGroups: [sg-a] }] }
    - { id: i-c, interfaces: [{ id: eni-c, subnet: subnet-c, privateIp: 10.3.1.10, securityGroups: [sg-c] }] }
steps:
${steps}`;

describe('transit gateway peering attachments (R102), through the CLI', () => {
  it('carry nothing until accepted, then only what static routes on both sides send; deleted, nothing again', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 create-transit-gateway-peering-attachment --transit-gateway-id tgw-1 --peer-transit-gateway-id tgw-2 --peer-account-id 123456789012 --peer-region us-east-1
    id: tgw-attach-peer
    expectJson: { TransitGatewayPeeringAttachment.State: initiatingRequest, TransitGatewayPeeringAttachment.AccepterTgwInfo.TransitGatewayId: tgw-2 }
  - aws: ec2 describe-transit-gateway-peering-attachments --filters Name=state,Values=pendingAcceptance
    expectJson: { TransitGatewayPeeringAttachments.0.TransitGatewayAttachmentId: tgw-attach-peer }
  - aws: ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-1 --destination-cidr-block 10.3.0.0/16 --transit-gateway-attachment-id tgw-attach-peer
  - expect: { from: i-a, to: i-c, protocol: icmp, result: dropped, droppedAt: tgw-attach-peer, reason: BAD_STATE_ATTACHMENT }
  - aws: ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-peer
    expectJson: { TransitGatewayPeeringAttachment.State: pending }
  - aws: ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-peer
    expectError: IncorrectState
  # accepted, but the peer side has no table associated with the attachment
  - expect: { from: i-a, to: i-c, protocol: icmp, result: dropped, reason: TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION }
  - aws: ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-2 --transit-gateway-attachment-id tgw-attach-peer
  - expect: { from: i-a, to: i-c, protocol: icmp, result: request-only }
  - aws: ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-1 --transit-gateway-attachment-id tgw-attach-peer
  - aws: ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-2 --destination-cidr-block 10.1.0.0/16 --transit-gateway-attachment-id tgw-attach-peer
  - expect: { from: i-a, to: i-c, protocol: icmp, result: roundtrip, via: [tgw-1, tgw-attach-peer, tgw-2, vpc-c, i-c] }
  - aws: ec2 delete-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-peer
  - expect: { from: i-a, to: i-c, protocol: icmp, result: dropped, droppedAt: tgw-rtb-1, reason: TGW_RTB_CANNOT_ROUTE }
  - aws: ec2 create-transit-gateway-peering-attachment --transit-gateway-id tgw-1 --peer-transit-gateway-id tgw-1
    expectError: InvalidParameterValue
  - aws: ec2 reject-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-peer
    expectError: IncorrectState`),
      ),
    ).toEqual([]);
  });
});
