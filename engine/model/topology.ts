import { z } from 'zod';
import { ElasticIpSchema } from './elastic-ip.js';
import { ExternalHostSchema } from './external-host.js';
import { InstanceSchema } from './instance.js';
import { InternetGatewaySchema } from './internet-gateway.js';
import { NatGatewaySchema } from './nat-gateway.js';
import { NetworkAclSchema } from './network-acl.js';
import { NetworkInterfaceSchema } from './network-interface.js';
import { PeeringConnectionSchema } from './peering.js';
import { PrefixListSchema } from './prefix-list.js';
import { RouteTableSchema } from './route-table.js';
import { SecurityGroupSchema } from './security-group.js';
import { SubnetSchema } from './subnet.js';
import { TransitGatewaySchema } from './transit-gateway.js';
import { VpcSchema } from './vpc.js';
import { VpnConnectionSchema, VpnGatewaySchema } from './vpn.js';

/** The starting network of a lab: every list may be empty or absent (lab-format.md). */
export const TopologySchema = z.strictObject({
  region: z.string().default('us-east-1'),
  vpcs: z.array(VpcSchema).default([]),
  subnets: z.array(SubnetSchema).default([]),
  internetGateways: z.array(InternetGatewaySchema).default([]),
  natGateways: z.array(NatGatewaySchema).default([]),
  routeTables: z.array(RouteTableSchema).default([]),
  securityGroups: z.array(SecurityGroupSchema).default([]),
  networkAcls: z.array(NetworkAclSchema).default([]),
  elasticIps: z.array(ElasticIpSchema).default([]),
  instances: z.array(InstanceSchema).default([]),
  networkInterfaces: z.array(NetworkInterfaceSchema).default([]),
  prefixLists: z.array(PrefixListSchema).default([]),
  peeringConnections: z.array(PeeringConnectionSchema).default([]),
  transitGateways: z.array(TransitGatewaySchema).default([]),
  vpnGateways: z.array(VpnGatewaySchema).default([]),
  vpnConnections: z.array(VpnConnectionSchema).default([]),
  externalHosts: z.array(ExternalHostSchema).default([]),
});
export type Topology = z.infer<typeof TopologySchema>;
export type TopologyInput = z.input<typeof TopologySchema>;
