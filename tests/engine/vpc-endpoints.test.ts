import { describe, expect, it } from 'vitest';
import { failedSteps } from '../helpers';

/** A private subnet reaching S3 through a gateway endpoint, and an interface endpoint in a second subnet. */
const lab = (steps: string) => `title: endpoints
topology:
  vpcs: [{ id: vpc-a, cidr: 10.1.0.0/16 }]
  subnets:
    - { id: subnet-app, vpc: vpc-a, az: us-east-1a, cidr: 10.1.1.0/24 }
    - { id: subnet-ep, vpc: vpc-a, az: us-east-1a, cidr: 10.1.101.0/24 }
  prefixLists: [{ id: pl-s3, name: com.amazonaws.us-east-1.s3, entries: [52.216.0.0/15] }]
  vpcEndpoints:
    - { id: vpce-s3, vpc: vpc-a, type: gateway, service: com.amazonaws.us-east-1.s3, routeTables: [rtb-app] }
    - id: vpce-sqs
      vpc: vpc-a
      type: interface
      service: com.amazonaws.us-east-1.sqs
      interfaces: [{ id: eni-vpce-sqs, subnet: subnet-ep, privateIp: 10.1.101.97 }]
      securityGroups: [sg-ep]
  routeTables:
    - { id: rtb-app, vpc: vpc-a, subnets: [subnet-app], routes: [{ destination: pl-s3, target: vpce-s3 }] }
  securityGroups:
    - { id: sg-app, vpc: vpc-a, inbound: [] }
    - { id: sg-ep, vpc: vpc-a, inbound: [{ protocol: tcp, ports: 443, source: 10.1.1.0/24 }] }
  instances:
    - { id: i-app, interfaces: [{ id: eni-app, subnet: subnet-app, privateIp: 10.1.1.10, securityGroups: [sg-app] }] }
    - { id: i-ep, interfaces: [{ id: eni-ep, subnet: subnet-ep, privateIp: 10.1.101.10, securityGroups: [sg-app] }] }
steps:
${steps}`;

describe('VPC endpoints', () => {
  it('a gateway endpoint takes the service prefix list from a subnet with no way out, and the service answers HTTPS only', () => {
    expect(
      failedSteps(
        lab(`  - expect: { from: i-app, to: 52.216.237.77, protocol: tcp, port: 443, result: roundtrip, via: [i-app, subnet-app, vpc-a, vpce-s3], replyVia: [vpce-s3, vpc-a, i-app], seenSource: 10.1.1.10 }
  - expect: { lookup: rtb-app, destination: 52.216.237.77, target: vpce-s3 }
  - expect: { from: i-app, to: 52.216.237.77, protocol: icmp, result: delivered }
  - expect: { from: i-app, to: 54.231.0.1, protocol: tcp, port: 443, result: dropped, droppedAt: rtb-app, reason: NO_ROUTE_TO_DESTINATION }`),
      ),
    ).toEqual([]);
  });

  it('an interface endpoint answers on its own address, behind its security groups', () => {
    expect(
      failedSteps(
        lab(`  - expect: { from: i-app, to: 10.1.101.97, protocol: tcp, port: 443, result: roundtrip, via: [i-app, subnet-app, vpc-a, subnet-ep, eni-vpce-sqs, vpce-sqs] }
  - expect: { from: i-ep, to: 10.1.101.97, protocol: tcp, port: 443, result: dropped, droppedAt: sg-ep, reason: ENI_SG_RULES_MISMATCH }`),
      ),
    ).toEqual([]);
  });

  it('only a gateway endpoint is a route target; describe-vpc-endpoints lists both kinds', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 describe-vpc-endpoints --filters Name=vpc-endpoint-type,Values=Interface
    expectJson: { VpcEndpoints.0.VpcEndpointId: vpce-sqs, VpcEndpoints.0.NetworkInterfaceIds.0: eni-vpce-sqs }
  - aws: ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-s3
    expectJson: { VpcEndpoints.0.RouteTableIds.0: rtb-app }
  - aws: ec2 create-route --route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --vpc-endpoint-id vpce-sqs
    expectError: InvalidParameterValue`),
      ),
    ).toEqual([]);
  });

  it('create-vpc-endpoint writes the prefix-list route into each table it is given; modify and delete take it away', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 delete-vpc-endpoints --vpc-endpoint-ids vpce-s3
    expectJson: { Unsuccessful: [] }
  - expect: { lookup: rtb-app, destination: 52.216.237.77, target: none }
  - expect: { from: i-app, to: 52.216.237.77, protocol: tcp, port: 443, result: dropped, reason: NO_ROUTE_TO_DESTINATION }
  - aws: ec2 create-vpc-endpoint --vpc-id vpc-a --service-name com.amazonaws.us-east-1.s3 --route-table-ids rtb-app
    id: vpce-new
    expectJson: { VpcEndpoint.VpcEndpointId: vpce-new, VpcEndpoint.RouteTableIds.0: rtb-app, VpcEndpoint.PolicyDocument: '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}' }
  - expect: { lookup: rtb-app, destination: 52.216.237.77, target: vpce-new }
  - expect: { from: i-app, to: 52.216.237.77, protocol: tcp, port: 443, result: roundtrip, via: [vpce-new] }
  - aws: ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-new --policy-document '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}'
  # an endpoint policy is the service's authorization of each request: packets still reach it
  - expect: { from: i-app, to: 52.216.237.77, protocol: tcp, port: 443, result: roundtrip }
  - aws: ec2 describe-vpc-endpoints --vpc-endpoint-ids vpce-new
    expectOutput: 'Deny'
  - aws: ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-new --remove-route-table-ids rtb-app
  - expect: { lookup: rtb-app, destination: 52.216.237.77, target: none }
  - aws: ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-new --policy-document 'not json'
    expectError: MalformedPolicyDocument
  - aws: ec2 create-vpc-endpoint --vpc-id vpc-a --service-name com.amazonaws.us-east-1.sqs --route-table-ids rtb-app
    expectError: InvalidServiceName
  - aws: ec2 create-vpc-endpoint --vpc-id vpc-a --service-name com.amazonaws.us-east-1.dynamodb --route-table-ids rtb-app
    expectError: InvalidServiceName`),
      ),
    ).toEqual([]);
  });

  it('an interface endpoint made by create-vpc-endpoint has an interface in each subnet, behind the default group unless given one', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 create-vpc-endpoint --vpc-id vpc-a --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.kms --subnet-ids subnet-ep --security-group-ids sg-ep
    id: vpce-kms
    expectJson: { VpcEndpoint.NetworkInterfaceIds.0: eni-kms-1, VpcEndpoint.SubnetIds.0: subnet-ep }
  - aws: ec2 describe-network-interfaces --filters Name=interface-type,Values=vpc_endpoint
    expectOutput: eni-kms-1
  - aws: ec2 describe-network-interfaces --network-interface-ids eni-kms-1 --query NetworkInterfaces[0].PrivateIpAddress --output text
    capture: kmsip
  - aws: ec2 create-vpc-endpoint --vpc-id vpc-a --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.kms --route-table-ids rtb-app
    expectError: InvalidParameter`),
      ),
    ).toEqual([]);
  });
});
