import { describe, expect, it } from 'vitest';
import { failedSteps } from '../helpers';

/** One VPC, a VGW with a static and a BGP connection that both reach 172.20.0.0/16. */
const lab = (steps: string) => `title: vpn
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }]
  vpnGateways: [{ id: vgw-a, vpc: vpc-a }]
  vpnConnections:
    - { id: vpn-b, gateway: vgw-a, routing: bgp, onPremisesPrefixes: [172.20.0.0/16] }
    - { id: vpn-s, gateway: vgw-a, routing: static, staticRoutes: [172.20.0.0/16] }
  routeTables: [{ id: rtb-a, vpc: vpc-a, subnets: [subnet-a], propagatingGateways: [vgw-a], routes: [] }]
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [] }]
  instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }]
steps:
${steps}`;

describe('a virtual private gateway chooses between VPN connections (R106–R108)', () => {
  it('prefers a static route to a BGP one for the same prefix, whatever the order the connections were made in', () => {
    expect(
      failedSteps(
        lab(`  - expect: { from: i-a, to: 172.20.1.1, protocol: icmp, result: exits, via: [vgw-a, vpn-s], notVia: [vpn-b] }
  - aws: ec2 delete-vpn-connection-route --vpn-connection-id vpn-s --destination-cidr-block 172.20.0.0/16
  - expect: { from: i-a, to: 172.20.1.1, protocol: icmp, result: exits, via: [vgw-a, vpn-b], notVia: [vpn-s] }
  - aws: ec2 create-vpn-connection-route --vpn-connection-id vpn-s --destination-cidr-block 172.20.1.0/24
  - expect: { from: i-a, to: 172.20.1.1, protocol: icmp, result: exits, via: [vgw-a, vpn-s] }
  - expect: { from: i-a, to: 172.20.9.1, protocol: icmp, result: exits, via: [vgw-a, vpn-b] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-s
    expectJson: { VpnConnections.0.Routes.0.DestinationCidrBlock: 172.20.1.0/24, VpnConnections.0.Options.StaticRoutesOnly: true }`),
      ),
    ).toEqual([]);
  });

  it("a route table learns the gateway's prefixes only while propagation is on (R106)", () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 disable-vgw-route-propagation --route-table-id rtb-a --gateway-id vgw-a
  - expect: { from: i-a, to: 172.20.1.1, protocol: icmp, result: dropped, droppedAt: rtb-a, reason: NO_ROUTE_TO_DESTINATION }
  - aws: ec2 enable-vgw-route-propagation --route-table-id rtb-a --gateway-id vgw-a
  - aws: ec2 describe-route-tables --route-table-ids rtb-a
    expectOutput: ['"GatewayId": "vgw-a"', EnableVgwRoutePropagation]
  - expect: { lookup: rtb-a, destination: 172.20.1.1, target: vgw-a }
  - aws: ec2 enable-vgw-route-propagation --route-table-id rtb-a --gateway-id vgw-x
    expectError: InvalidVpnGatewayID.NotFound`),
      ),
    ).toEqual([]);
  });

  it('refuses a static route on a BGP connection, and removing a route it does not have', () => {
    expect(
      failedSteps(
        lab(`  - aws: ec2 create-vpn-connection-route --vpn-connection-id vpn-b --destination-cidr-block 172.21.0.0/16
    expectError: InvalidVpnConnection.InvalidType
  - aws: ec2 delete-vpn-connection-route --vpn-connection-id vpn-s --destination-cidr-block 172.21.0.0/16
    expectError: InvalidRoute.NotFound
  - aws: ec2 delete-vpn-connection-route --vpn-connection-id vpn-x --destination-cidr-block 172.21.0.0/16
    expectError: InvalidVpnConnectionID.NotFound`),
      ),
    ).toEqual([]);
  });
});

/** A BGP connection to a customer gateway with its two tunnels, and a host in the data centre behind it. */
const tunnels = (steps: string) => `title: vpn tunnels
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }]
  vpnGateways: [{ id: vgw-a, vpc: vpc-a, amazonSideAsn: 64700 }]
  customerGateways: [{ id: cgw-dc, ip: 203.0.113.10, bgpAsn: 65010 }]
  vpnConnections:
    - id: vpn-dc
      gateway: vgw-a
      routing: bgp
      customerGateway: cgw-dc
      onPremisesPrefixes: [192.168.10.0/24]
      tunnels:
        - { outsideIp: 198.51.100.21, insideCidr: 169.254.21.0/30 }
        - { outsideIp: 198.51.100.22, insideCidr: 169.254.22.0/30 }
  externalHosts: [{ id: erp, ip: 192.168.10.20, via: vpn-dc, listen: [tcp/443] }]
  routeTables: [{ id: rtb-a, vpc: vpc-a, subnets: [subnet-a], propagatingGateways: [vgw-a], routes: [] }]
  securityGroups: [{ id: sg-a, vpc: vpc-a, inbound: [{ protocol: all, source: 192.168.0.0/16 }] }]
  instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10, securityGroups: [sg-a] }] }]
steps:
${steps}`;

describe('Site-to-Site VPN tunnels and the customer gateway (R105)', () => {
  it('traffic takes the first tunnel that is up; with both down the connection carries nothing; the telemetry says so', () => {
    expect(
      failedSteps(
        tunnels(`  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vgw-a, vpn-dc, vpn-dc/198.51.100.21, erp], replyVia: [erp, vpn-dc/198.51.100.21, vgw-a, i-a] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc
    expectJson: { VpnConnections.0.CustomerGatewayId: cgw-dc, VpnConnections.0.Options.TunnelOptions.1.TunnelInsideCidr: 169.254.22.0/30, VpnConnections.0.VgwTelemetry.0.Status: UP, VpnConnections.0.VgwTelemetry.0.AcceptedRouteCount: 1, VpnConnections.0.VgwTelemetry.1.AcceptedRouteCount: 0 }
  - fail: vpn-dc/198.51.100.21
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.22], notVia: [vpn-dc/198.51.100.21] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc
    expectJson: { VpnConnections.0.VgwTelemetry.0.Status: DOWN, VpnConnections.0.VgwTelemetry.0.StatusMessage: IPSEC IS DOWN, VpnConnections.0.VgwTelemetry.1.AcceptedRouteCount: 1 }
  - fail: vpn-dc/198.51.100.22
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: dropped, droppedAt: vpn-dc, reason: BAD_STATE_VPN }
  - expect: { from: erp, to: 10.0.1.10, protocol: icmp, result: dropped, reason: BAD_STATE_VPN }
  - recover: vpn-dc/198.51.100.21
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.21] }
  - aws: ec2 describe-customer-gateways
    expectJson: { CustomerGateways.0.IpAddress: 203.0.113.10, CustomerGateways.0.BgpAsn: "65010" }
  - aws: ec2 describe-vpn-gateways --vpn-gateway-ids vgw-a
    expectJson: { VpnGateways.0.AmazonSideAsn: 64700, VpnGateways.0.VpcAttachments.0.VpcId: vpc-a }
  - fail: vpn-dc/203.0.113.99`),
      ),
    ).toEqual([
      ['vpn-dc/203.0.113.99', 'vpn-dc/203.0.113.99 is not an instance or a VPN tunnel (<vpn id>/<outside ip>)'],
    ]);
  });
});

describe('a customer gateway as the on-premises router, with the networks it announces (R105–R107)', () => {
  const twoLinks = (steps: string) =>
    tunnels(steps)
      .replace(
        'customerGateways: [{ id: cgw-dc, ip: 203.0.113.10, bgpAsn: 65010 }]',
        'customerGateways: [{ id: cgw-dc, ip: 203.0.113.10, bgpAsn: 65010, prefixes: [192.168.10.0/24, 192.168.20.0/24] }]',
      )
      .replace('      onPremisesPrefixes: [192.168.10.0/24]\n', '')
      .replace(
        '  externalHosts: [{ id: erp, ip: 192.168.10.20, via: vpn-dc, listen: [tcp/443] }]',
        `    - id: vpn-dc2
      gateway: vgw-a
      routing: bgp
      customerGateway: cgw-dc
      tunnels: [{ outsideIp: 198.51.100.31 }, { outsideIp: 198.51.100.32 }]
  externalHosts:
    - { id: erp, ip: 192.168.10.20, via: cgw-dc, listen: [tcp/443] }
    - { id: monitor, ip: 192.168.20.15, via: cgw-dc }`,
      );

  it('announces its networks on every BGP connection; a host behind it is reached over whichever has a tunnel up', () => {
    expect(
      failedSteps(
        twoLinks(`  - expect: { lookup: rtb-a, destination: 192.168.20.15, target: vgw-a }
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc/198.51.100.21, erp] }
  - expect: { from: monitor, to: 10.0.1.10, protocol: icmp, result: roundtrip, via: [monitor, vpn-dc/198.51.100.21, vgw-a, i-a] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-dc2
    expectJson: { VpnConnections.0.VgwTelemetry.0.AcceptedRouteCount: 2 }
  - fail: vpn-dc/198.51.100.21
  - fail: vpn-dc/198.51.100.22
  # the first connection's routes are gone with its tunnels: the second carries the flow
  - expect: { from: i-a, to: erp, protocol: tcp, port: 443, result: roundtrip, via: [vpn-dc2/198.51.100.31, erp], notVia: [vpn-dc] }
  - expect: { from: monitor, to: 10.0.1.10, protocol: icmp, result: roundtrip, via: [cgw-dc, vpn-dc2/198.51.100.31] }`),
      ),
    ).toEqual([]);
  });
});

describe('making VPN and transit gateways through the CLI', () => {
  const empty = (steps: string) => `title: vpn cli
topology:
  vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
  subnets: [{ id: subnet-a, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }]
  routeTables: [{ id: rtb-a, vpc: vpc-a, subnets: [subnet-a], routes: [] }]
  instances: [{ id: i-a, interfaces: [{ id: eni-a, subnet: subnet-a, privateIp: 10.0.1.10 }] }]
steps:
${steps}`;

  it('a gateway, a customer gateway and a static connection carry traffic once routes say so; one gateway per VPC (R105)', () => {
    expect(
      failedSteps(
        empty(`  - aws: ec2 create-vpn-gateway --type ipsec.1 --amazon-side-asn 64600
    id: vgw-1
    expectJson: { VpnGateway.AmazonSideAsn: 64600 }
  - aws: ec2 attach-vpn-gateway --vpn-gateway-id vgw-1 --vpc-id vpc-a
  - aws: ec2 create-vpn-gateway
    id: vgw-2
  - aws: ec2 attach-vpn-gateway --vpn-gateway-id vgw-2 --vpc-id vpc-a
    expectError: InvalidVpcState
  - aws: ec2 create-customer-gateway --type ipsec.1 --public-ip 203.0.113.10 --bgp-asn 65010
    id: cgw-1
  - aws: ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id cgw-1 --vpn-gateway-id vgw-1 --options StaticRoutesOnly=true
    id: vpn-1
    expectJson: { VpnConnection.Options.StaticRoutesOnly: true, VpnConnection.CustomerGatewayId: cgw-1 }
  - aws: ec2 create-vpn-connection-route --vpn-connection-id vpn-1 --destination-cidr-block 172.16.0.0/16
  - aws: ec2 enable-vgw-route-propagation --route-table-id rtb-a --gateway-id vgw-1
  - expect: { from: i-a, to: 172.16.1.1, protocol: icmp, result: exits, via: [vgw-1, vpn-1] }
  - aws: ec2 describe-vpn-connections --vpn-connection-ids vpn-1 --query VpnConnections[0].Options.TunnelOptions[0].OutsideIpAddress --output text
    capture: tunnel
  - aws: ec2 delete-vpn-connection --vpn-connection-id vpn-1
  - expect: { from: i-a, to: 172.16.1.1, protocol: icmp, result: dropped, reason: NO_ROUTE_TO_DESTINATION }
  - aws: ec2 detach-vpn-gateway --vpn-gateway-id vgw-1 --vpc-id vpc-a
  - aws: ec2 attach-vpn-gateway --vpn-gateway-id vgw-2 --vpc-id vpc-a
  - aws: ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id cgw-9 --vpn-gateway-id vgw-2
    expectError: InvalidCustomerGatewayID.NotFound`),
      ),
    ).toEqual([]);
  });

  it('create-transit-gateway makes its default route table; a VPN connection on it gets an attachment linked to it', () => {
    expect(
      failedSteps(
        empty(`  - aws: ec2 create-transit-gateway --options MulticastSupport=enable,DefaultRouteTablePropagation=enable
    id: tgw-1
    expectJson: { TransitGateway.Options.MulticastSupport: enable }
  - aws: ec2 describe-transit-gateways --transit-gateway-ids tgw-1 --query TransitGateways[0].Options.AssociationDefaultRouteTableId --output text
    expectOutput: tgw-rtb-
  - aws: ec2 create-customer-gateway --type ipsec.1 --public-ip 203.0.113.10
    id: cgw-1
  - aws: ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id cgw-1 --transit-gateway-id tgw-1
    id: vpn-1
  - aws: ec2 describe-transit-gateway-attachments --filters Name=resource-type,Values=vpn
    expectJson: { TransitGatewayAttachments.0.ResourceId: vpn-1, TransitGatewayAttachments.0.Association.State: associated }
  - aws: ec2 create-transit-gateway --options Frobnicate=enable
    expectError: InvalidParameterValue`),
      ),
    ).toEqual([]);
  });
});
