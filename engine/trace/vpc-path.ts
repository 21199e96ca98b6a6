import { cidrContains, ipToString } from '../net/ipv4';
import type { PeeringNode, RemoteVpcNode, RouteNode, RouteTableNode, SubnetNode, VpcNode } from '../network/network';
import { eniEgress, eniIngress } from './eni-path';
import { checkNetworkAcl } from './filters';
import { igwEgress, vgwEgress } from './gateways';
import { lookupRoute, targetLabel } from './route-lookup';
import { tgwFromVpc } from './transit-path';
import { enterSubnet } from './subnet-edge';
import type { Ending, Origin, Packet } from './types';
import type { Fabric, Walk } from './walk';

/**
 * A frame addressed to the subnet router (R22): the subnet's network ACL checks it on the
 * way out (R77), then the subnet's route table picks a target, longest prefix first (R31).
 */
export function subnetRouter(walk: Walk, subnet: SubnetNode, p: Packet): Ending {
  const table = subnet.routeTable;
  const route = lookupRoute(table, p.dst);
  const owner = route?.target.kind === 'local' ? subnet.vpc.ipOwners.get(p.dst) : undefined;
  // NACLs act only where traffic crosses the subnet's edge (R26).
  const staysInSubnet = owner !== undefined && owner.subnet === subnet;
  let aclText = '';
  if (!staysInSubnet) {
    const acl = checkNetworkAcl(subnet.networkAcl, 'outbound', p);
    aclText = `${acl.detail}; `;
    if (!acl.ok) {
      walk.hop(subnet.id, 'leave', acl.detail, [subnet.networkAcl.id]);
      return walk.drop(acl.code, [acl.at, subnet.id, subnet.vpc.id], acl.detail, p);
    }
  }
  const components = [subnet.networkAcl.id, table.id];
  if (!route) {
    walk.routeHop(
      subnet.id,
      `${aclText}${table.id}: no route for ${ipToString(p.dst)}${localHint(subnet.vpc, p)}`,
      table,
      p.dst,
      components,
    );
    return walk.drop(
      'NO_ROUTE_TO_DESTINATION',
      [table.id, subnet.id, subnet.vpc.id],
      `${table.id} has no route for ${ipToString(p.dst)}${localHint(subnet.vpc, p)}`,
      p,
    );
  }
  // a route a route server installed names it: the diagram lights the server beside the table
  const by = route.target.kind === 'eni' ? route.target.advertised?.by : undefined;
  walk.routeHop(
    subnet.id,
    `${aclText}${table.id}: ${route.destinationText} -> ${targetLabel(route.target, route.targetText)}`,
    table,
    p.dst,
    by ? [...components, by] : components,
  );
  return dispatchRoute(walk, table, route, p, { subnet });
}

function localHint(vpc: VpcNode, p: Packet): string {
  return vpc.cidrs.some((c) => cidrContains(c, p.dst))
    ? ''
    : ` (the local route covers only ${vpc.cidrs.map((c) => c.text).join(', ')}, R30)`;
}

/** The VPC router sends a packet to the target its route table chose (R38). */
export function dispatchRoute(
  walk: Walk,
  table: RouteTableNode,
  route: RouteNode,
  packet: Packet,
  origin: Origin,
): Ending {
  const vpc = table.vpc;
  const within = origin.subnet
    ? [table.id, origin.subnet.id, vpc.id]
    : origin.gateway
      ? [table.id, origin.gateway, vpc.id]
      : [table.id, vpc.id];
  const target = route.target;
  if (target.kind === 'blackhole') {
    return walk.drop(
      'BAD_STATE_ROUTE',
      within,
      `the route ${route.destinationText} -> ${route.targetText} is a blackhole: ${target.why} (R40, A2)`,
      packet,
    );
  }
  if (target.kind === 'unmodelled') {
    return walk.drop(
      'ENGINE_NOT_MODELLED',
      [target.id, ...within],
      `${target.id}: ${target.what} are not forwarded by this version of the engine`,
      packet,
    );
  }
  const p = { ...packet, ttl: packet.ttl - 1 };
  if (walk.exhausted(p))
    return walk.drop(
      'ENGINE_TTL_EXCEEDED',
      [vpc.id],
      'TTL exceeded: the packet is looping between route tables and appliances',
      p,
    );
  switch (target.kind) {
    case 'local':
      walk.hop(vpc.id, 'forward', `local: deliver ${ipToString(p.dst)} inside ${vpc.id}`);
      return vpcLocal(walk, vpc, p, origin);
    case 'igw':
      walk.hop(vpc.id, 'forward', `to ${target.igw.id}`);
      return igwEgress(walk, target.igw, p, origin);
    case 'vgw':
      walk.hop(vpc.id, 'forward', `to ${target.vgw.id}`);
      return vgwEgress(walk, target.vgw, p);
    case 'nat':
      walk.hop(vpc.id, 'forward', `to ${target.nat.id}`);
      return enterSubnet(walk, target.nat.subnet, p, origin) ?? eniIngress(walk, target.nat.eni, p);
    case 'eni':
      walk.hop(
        vpc.id,
        'forward',
        `to ${target.eni.id}${target.viaInstance ? ` (${target.viaInstance})` : ''}, a middlebox target`,
      );
      return enterSubnet(walk, target.eni.subnet, p, origin) ?? eniIngress(walk, target.eni, p);
    case 'vpce':
      // the service's addresses, reached privately: the endpoint hands the packet to the service
      walk.hop(vpc.id, 'forward', `to ${target.endpoint.id}`);
      walk.hop(target.endpoint.id, 'forward', `to ${target.endpoint.service}, privately`);
      return walk.delivered({ kind: 'aws-service', id: target.endpoint.id, vpc: vpc.id }, p);
    case 'tgw':
      walk.hop(vpc.id, 'forward', `to ${target.tgw.id} through ${target.attachment.id}`);
      return tgwFromVpc(walk, target.attachment, p, origin);
    case 'pcx':
      walk.hop(vpc.id, 'forward', `to ${target.pcx.id}`);
      return crossPeering(walk, target.pcx, target.peer, p);
  }
}

/**
 * Across a peering connection into the peer VPC, addresses unchanged (R88). Peering is not
 * transitive and not edge to edge: the destination must be inside the receiving VPC, so no
 * packet reaches a third VPC, the peer's internet gateway, NAT gateway or VPN (R89, R90). The
 * peer's router delivers it as its local route would; no route table of the peer is read.
 */
function crossPeering(walk: Walk, pcx: PeeringNode, peer: VpcNode | RemoteVpcNode, p: Packet): Ending {
  if (!peer.cidrs.some((c) => cidrContains(c, p.dst)))
    return walk.drop(
      'PCX_REQUIRES_ADDRESS_IN_VPC_CIDR',
      [pcx.id],
      `${ipToString(p.dst)} is not inside ${peer.id} (${peer.cidrs.map((c) => c.text).join(', ')}): a peering connection carries only traffic for the VPC on its other side (R89, R90)`,
      p,
    );
  walk.hop(pcx.id, 'forward', `into ${peer.id}, addresses unchanged (R88)`);
  if ('remote' in peer) {
    // a VPC outside the lab (another account's): the packet leaves the modelled network there
    walk.hop(peer.id, 'exit', `into ${peer.id}${peer.owner ? ` of account ${peer.owner}` : ''}, outside the lab`);
    return walk.exits({ kind: 'internet', gateway: pcx.id }, p);
  }
  walk.hop(peer.id, 'forward', `local: deliver ${ipToString(p.dst)} inside ${peer.id}`);
  return vpcLocal(walk, peer, p, { gateway: pcx.id });
}

/**
 * The local route: the router hands the packet to whichever ENI AWS assigned the address
 * to (R23, R44). An address nobody owns is dropped at the VPC.
 */
export function vpcLocal(walk: Walk, vpc: VpcNode, p: Packet, origin: Origin): Ending {
  const owner = vpc.ipOwners.get(p.dst);
  if (!owner) {
    if (walk.injection && walk.injection.ip === p.dst) {
      walk.hop(walk.injection.id, 'receive', `back where it was injected`);
      return walk.delivered({ kind: 'injection', id: walk.injection.id }, p);
    }
    // the router hands it to the subnet whose block holds the address, where nobody answers
    const subnet = vpc.subnets.find((s) => cidrContains(s.cidr, p.dst));
    if (!subnet)
      return walk.drop('ENGINE_NO_HOST_AT_ADDRESS', [vpc.id], `no interface in ${vpc.id} owns ${ipToString(p.dst)}`, p);
    return (
      enterSubnet(walk, subnet, p, origin) ??
      walk.drop(
        'ENGINE_NO_HOST_AT_ADDRESS',
        [subnet.id, vpc.id],
        `no interface in ${subnet.id} owns ${ipToString(p.dst)}`,
        p,
      )
    );
  }
  return enterSubnet(walk, owner.subnet, p, origin) ?? eniIngress(walk, owner, p);
}

/**
 * An answer from a VPC outside the lab comes back across the peering the request left by, into
 * the lab's side of it (R88).
 */
export function fromRemotePeer(walk: Walk, pcx: PeeringNode, p: Packet): Ending {
  const local = 'remote' in pcx.requester ? pcx.accepter : pcx.requester;
  if ('remote' in local) return walk.drop('ENGINE_NOT_MODELLED', [pcx.id], `${pcx.id} joins no VPC of the lab`, p);
  walk.hop(pcx.id, 'forward', `back into ${local.id}, addresses unchanged (R88)`);
  walk.hop(local.id, 'forward', `local: deliver ${ipToString(p.dst)} inside ${local.id}`);
  return vpcLocal(walk, local, p, { gateway: pcx.id });
}

/** The fabric every walk carries (walk.ts): the VPC router and the ENIs' edges. */
export const FABRIC: Fabric = { subnetRouter, dispatchRoute, vpcLocal, eniEgress, eniIngress };
