import type { Topology } from '../model/topology';

/**
 * The EC2 resource types of the resources a topology holds, as the API names them in
 * `--tag-specifications ResourceType=…` and `describe-tags` (EC2 API reference, TagSpecification).
 */
export type ResourceType =
  | 'vpc'
  | 'subnet'
  | 'internet-gateway'
  | 'natgateway'
  | 'route-table'
  | 'security-group'
  | 'security-group-rule'
  | 'network-acl'
  | 'elastic-ip'
  | 'instance'
  | 'network-interface'
  | 'prefix-list'
  | 'vpc-peering-connection'
  | 'transit-gateway'
  | 'vpn-gateway'
  | 'vpn-connection'
  | 'vpc-endpoint'
  | 'customer-gateway'
  | 'route-server'
  | 'route-server-endpoint'
  | 'route-server-peer';

/** Every resource of the topology with its type, in the topology's order (ENIs after their instances). */
export function resourcesOf(t: Topology): [id: string, type: ResourceType][] {
  const out: [string, ResourceType][] = [];
  const add = (list: { id: string }[], type: ResourceType) => {
    for (const x of list) out.push([x.id, type]);
  };
  add(t.vpcs, 'vpc');
  add(t.subnets, 'subnet');
  add(t.internetGateways, 'internet-gateway');
  add(t.natGateways, 'natgateway');
  add(t.routeTables, 'route-table');
  add(t.securityGroups, 'security-group');
  for (const g of t.securityGroups)
    for (const r of [...(g.inbound ?? []), ...(g.outbound ?? [])]) if (r.id) out.push([r.id, 'security-group-rule']);
  add(t.networkAcls, 'network-acl');
  add(t.elasticIps, 'elastic-ip');
  add(t.instances, 'instance');
  for (const inst of t.instances) add(inst.interfaces, 'network-interface');
  add(t.networkInterfaces, 'network-interface');
  add(t.prefixLists, 'prefix-list');
  add(t.peeringConnections, 'vpc-peering-connection');
  add(t.transitGateways, 'transit-gateway');
  add(t.vpnGateways, 'vpn-gateway');
  add(t.vpnConnections, 'vpn-connection');
  add(t.vpcEndpoints, 'vpc-endpoint');
  add(t.customerGateways, 'customer-gateway');
  add(t.routeServers, 'route-server');
  for (const rs of t.routeServers) {
    add(rs.endpoints, 'route-server-endpoint');
    add(rs.peers, 'route-server-peer');
  }
  return out;
}

/** The type of the resource with this id, if the topology holds it. */
export function resourceTypeOf(t: Topology, id: string): ResourceType | undefined {
  return resourcesOf(t).find(([x]) => x === id)?.[1];
}

/** The error AWS gives for an id of a kind it knows that does not exist (by the id's prefix). */
export function notFoundCodeFor(id: string): string {
  const byPrefix: [string, string][] = [
    ['vpc-', 'InvalidVpcID.NotFound'],
    ['subnet-', 'InvalidSubnetID.NotFound'],
    ['igw-', 'InvalidInternetGatewayID.NotFound'],
    ['nat-', 'InvalidNatGatewayID.NotFound'],
    ['rtb-', 'InvalidRouteTableID.NotFound'],
    ['sgr-', 'InvalidSecurityGroupRuleId.NotFound'],
    ['sg-', 'InvalidGroup.NotFound'],
    ['acl-', 'InvalidNetworkAclID.NotFound'],
    ['eipalloc-', 'InvalidAllocationID.NotFound'],
    ['i-', 'InvalidInstanceID.NotFound'],
    ['eni-', 'InvalidNetworkInterfaceID.NotFound'],
    ['pl-', 'InvalidPrefixListID.NotFound'],
    ['pcx-', 'InvalidVpcPeeringConnectionID.NotFound'],
    ['vpce-', 'InvalidVpcEndpointId.NotFound'],
    ['tgw-', 'InvalidTransitGatewayID.NotFound'],
    ['vgw-', 'InvalidVpnGatewayID.NotFound'],
    ['cgw-', 'InvalidCustomerGatewayID.NotFound'],
  ];
  return byPrefix.find(([p]) => id.startsWith(p))?.[1] ?? 'InvalidID';
}
