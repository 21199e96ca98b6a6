import { z } from 'zod';
import { IdSchema } from './common';
import { ElasticIpSchema } from './elastic-ip';
import { ExternalHostSchema } from './external-host';
import { InstanceSchema } from './instance';
import { InternetGatewaySchema } from './internet-gateway';
import { LoadBalancerSchema, TargetGroupSchema } from './load-balancer';
import { NatGatewaySchema } from './nat-gateway';
import { NetworkAclSchema } from './network-acl';
import { NetworkInterfaceSchema } from './network-interface';
import { PeeringConnectionSchema } from './peering';
import { PrefixListSchema } from './prefix-list';
import { RouteTableSchema } from './route-table';
import { SecurityGroupSchema } from './security-group';
import { SubnetSchema } from './subnet';
import { TransitGatewaySchema } from './transit-gateway';
import { VpcSchema } from './vpc';
import { VpcEndpointSchema } from './vpc-endpoint';
import { RouteServerSchema } from './route-server';
import { CustomerGatewaySchema, OnPremisesRouterSchema, VpnConnectionSchema, VpnGatewaySchema } from './vpn';

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
  customerGateways: z.array(CustomerGatewaySchema).default([]),
  onPremisesRouters: z.array(OnPremisesRouterSchema).default([]),
  routeServers: z.array(RouteServerSchema).default([]),
  vpcEndpoints: z.array(VpcEndpointSchema).default([]),
  loadBalancers: z.array(LoadBalancerSchema).default([]),
  targetGroups: z.array(TargetGroupSchema).default([]),
  externalHosts: z.array(ExternalHostSchema).default([]),
  /**
   * Tags by resource id, as `create-tags` writes them (an extension: docs/lab-format-extensions.md).
   * A resource's `name:` is its `Name` tag unless a `Name` tag is given here.
   */
  tags: z.record(IdSchema, z.record(z.string().min(1).max(127), z.string().max(255))).default({}),
  /**
   * Ids of resources deleted (or terminated) while routes may still name them: such a route
   * stays, as a blackhole (R40), as it does in AWS.
   */
  deleted: z.array(IdSchema).default([]),
  /**
   * Association ids issued by API calls, by what is associated (`eip:<allocation>`,
   * `rtb:<subnet or gateway>`, `rtb-main:<vpc>`, `acl:<subnet>`). An association the lab
   * starts with keeps its deterministic id (lab-format.md); each new one gets a new id, as in
   * AWS (an extension: docs/lab-format-extensions.md).
   */
  associationIds: z.record(z.string(), z.string()).default({}),
  /** how many association ids API calls have issued: the next one is numbered from it */
  associationSerial: z.number().int().min(0).default(0),
  /** Instances `terminate-instances` ended: AWS still lists them, as `terminated`, for about an hour. */
  terminatedInstances: z
    .array(z.strictObject({ id: IdSchema, imageId: z.string().optional(), subnet: IdSchema.optional() }))
    .default([]),
});
export type Topology = z.infer<typeof TopologySchema>;
export type TopologyInput = z.input<typeof TopologySchema>;
