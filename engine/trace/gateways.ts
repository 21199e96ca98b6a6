import { cidrContains, ipToString, isRfc1918, isRfc6598 } from '../net/ipv4';
import type { InternetGatewayNode, VpcNode, VpnGatewayNode } from '../network/network';
import { lookupRoute, targetLabel } from './route-lookup';
import type { Ending, Origin, Packet } from './types';
import type { Walk } from './walk';
import { allTunnelsDown, crossTunnel, isBehind, routerHop } from './vpn-tunnel';

const isPrivate = (ip: number) => isRfc1918(ip) || isRfc6598(ip);

/**
 * The internet gateway on the way out: it never sends to private space, and it swaps the
 * source for the public address paired with it, which must exist (R53, R55).
 */
export function igwEgress(walk: Walk, igw: InternetGatewayNode, p: Packet, origin: Origin = {}): Ending {
  const vpc = igw.vpc!;
  // R50: when the gateway's route table sends this source's inbound traffic to an appliance,
  // its outbound traffic must come back through that appliance, not straight from its subnet.
  // The appliance is the instance behind the named interface: with two legs, the route may
  // name the inside one while the reply leaves through the outside one.
  const edge = igw.edgeRouteTable;
  const redirect = edge ? lookupRoute(edge, p.src) : undefined;
  const appliance = redirect?.target.kind === 'eni' ? redirect.target.eni : undefined;
  const crossed = appliance?.instance ? walk.sentBy.has(appliance.instance.id) : false;
  if (appliance && origin.subnet && !crossed) {
    walk.hop(
      igw.id,
      'egress',
      `${edge!.id} sends traffic for ${ipToString(p.src)} to ${appliance.id}, but this packet comes straight from ${origin.subnet.id}`,
    );
    return walk.drop(
      'INGRESS_RTB_TRAFFIC_REDIRECTION',
      [igw.id],
      `inbound traffic for ${ipToString(p.src)} goes through ${appliance.id}, so its replies must too (R50)`,
      p,
    );
  }
  if (isPrivate(p.dst)) {
    walk.hop(igw.id, 'egress', `destination ${ipToString(p.dst)} is private`);
    return walk.drop(
      'IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS',
      [igw.id],
      `${igw.id} refuses private destination ${ipToString(p.dst)} (R55)`,
      p,
    );
  }
  const owner = vpc.ipOwners.get(p.src);
  const pub = owner && (owner.instance || owner.natGateway) ? owner.publicByPrivate.get(p.src) : undefined;
  if (pub === undefined) {
    walk.hop(igw.id, 'egress', `source ${ipToString(p.src)} has no public address`);
    return walk.drop(
      'IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS',
      [igw.id],
      `${ipToString(p.src)} is not paired with a public IP on an attached interface, so ${igw.id} cannot translate it (R55)`,
      p,
    );
  }
  walk.hop(igw.id, 'egress', `1:1 NAT: source ${ipToString(p.src)} -> ${ipToString(pub)} (R53)`);
  return internet(walk, { ...p, src: pub }, igw.id);
}

/**
 * The internet between gateways and external hosts: a public address held in the lab goes
 * in through its VPC's gateway (NAT reflection when it is the same one, R57); an external
 * host receives its own; any other public address is somewhere else on the internet.
 */
export function internet(walk: Walk, p: Packet, from: string): Ending {
  const binding = walk.network.publicIps.get(p.dst);
  if (binding) {
    const vpc = binding.kind === 'eni' ? binding.eni.vpc : binding.nat.subnet.vpc;
    if (vpc.igw) return igwIngress(walk, vpc.igw, p);
    return walk.drop(
      'ENGINE_NO_HOST_AT_ADDRESS',
      ['internet'],
      `${ipToString(p.dst)} belongs to ${vpc.id}, which has no internet gateway`,
      p,
    );
  }
  if (walk.network.unassociatedEips.has(p.dst)) {
    // An allocated Elastic IP reaches the account's gateway, which has nothing to map it to (R56).
    const igw = [...walk.network.internetGateways.values()].find((g) => g.vpc);
    if (igw) {
      walk.hop(igw.id, 'ingress', `${ipToString(p.dst)} is an Elastic IP associated with nothing`);
      return walk.drop(
        'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
        [igw.id],
        `${ipToString(p.dst)} is allocated but not associated with any interface, so ${igw.id} has no private address to map it to (R56)`,
        p,
      );
    }
  }
  const host = walk.network.externalByIp.get(p.dst);
  if (host && host.via === undefined) {
    walk.hop(host.id, 'receive', `received from ${ipToString(p.src)}`);
    return walk.delivered({ kind: 'external', id: host.id }, p);
  }
  if (walk.injection?.id === 'internet' && walk.injection.ip === p.dst) {
    return walk.exits({ kind: 'internet', gateway: from }, p);
  }
  if (isPrivate(p.dst)) {
    const vpc = vpcHolding(walk, p.dst);
    if (vpc?.igw) {
      walk.hop(vpc.igw.id, 'ingress', `destination ${ipToString(p.dst)} is a private address`);
      return walk.drop(
        'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
        [vpc.igw.id],
        `${vpc.igw.id} only accepts public addresses paired with its VPC's interfaces (R56)`,
        p,
      );
    }
    return walk.drop(
      'ENGINE_PRIVATE_ADDRESS_ON_INTERNET',
      ['internet'],
      `${ipToString(p.dst)} is private; the internet routes it nowhere`,
      p,
    );
  }
  return walk.exits({ kind: 'internet', gateway: from }, p);
}

function vpcHolding(walk: Walk, ip: number): VpcNode | undefined {
  for (const vpc of walk.network.vpcs.values()) if (vpc.igw && vpc.cidrs.some((c) => cidrContains(c, ip))) return vpc;
  return undefined;
}

/**
 * The internet gateway on the way in: no private sources (R56); the public destination
 * becomes its private partner (R53); a gateway route table may then send it to an
 * appliance, which must have a public IP itself (R45, R49).
 */
export function igwIngress(walk: Walk, igw: InternetGatewayNode, p: Packet): Ending {
  const vpc = igw.vpc!;
  if (isPrivate(p.src)) {
    walk.hop(igw.id, 'ingress', `source ${ipToString(p.src)} is private`);
    return walk.drop(
      'IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS',
      [igw.id],
      `${igw.id} refuses packets from the private source ${ipToString(p.src)} (R56)`,
      p,
    );
  }
  const binding = walk.network.publicIps.get(p.dst);
  const eni = binding?.kind === 'eni' ? binding.eni : binding?.nat.eni;
  if (!binding || !eni || eni.vpc !== vpc || (binding.kind === 'eni' && !binding.eni.instance)) {
    walk.hop(igw.id, 'ingress', `${ipToString(p.dst)} is not a public address of ${vpc.id}`);
    return walk.drop(
      'IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
      [igw.id],
      `${ipToString(p.dst)} is not paired with an attached interface of ${vpc.id} (R56)`,
      p,
    );
  }
  const q = { ...p, dst: binding.privateIp };
  walk.hop(igw.id, 'ingress', `1:1 NAT: destination ${ipToString(p.dst)} -> ${ipToString(q.dst)} (R53)`);
  const edge = igw.edgeRouteTable;
  if (edge) {
    const route = lookupRoute(edge, q.dst);
    if (!route)
      return walk.drop(
        'NO_ROUTE_TO_DESTINATION',
        [edge.id, igw.id, vpc.id],
        `${edge.id} has no route for ${ipToString(q.dst)}`,
        q,
      );
    walk.routeHop(
      edge.id,
      `gateway route table: ${route.destinationText} -> ${targetLabel(route.target, route.targetText)}`,
      edge,
      q.dst,
    );
    if (route.target.kind === 'eni' && route.target.eni.publicByPrivate.size === 0) {
      return walk.drop(
        'INGRESS_RTB_NO_PUBLIC_IP',
        [edge.id, igw.id],
        `${route.target.eni.id} has no public IP, so ${igw.id} will not send to it (R49)`,
        q,
      );
    }
    return walk.fabric.dispatchRoute(walk, edge, route, q, { gateway: igw.id });
  }
  walk.hop(vpc.id, 'forward', `local: deliver ${ipToString(q.dst)} inside ${vpc.id}`);
  return walk.fabric.vpcLocal(walk, vpc, q, { gateway: igw.id });
}

/**
 * The virtual private gateway towards on-premises: only prefixes it knows (R107), only
 * from private addresses of its VPC's interfaces (R109).
 */
export function vgwEgress(walk: Walk, vgw: VpnGatewayNode, p: Packet): Ending {
  const vpc = vgw.vpc!;
  if (!vpc.ipOwners.has(p.src)) {
    walk.hop(vgw.id, 'egress', `source ${ipToString(p.src)} is not an interface of ${vpc.id}`);
    return walk.drop(
      'VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS',
      [vgw.id],
      `${vgw.id} only carries traffic from its VPC's private addresses (R109)`,
      p,
    );
  }
  // longest prefix; for the same prefix a VPN static route before a BGP one (R108; Direct
  // Connect, which would come first, is not modelled)
  // A connection whose tunnels are all down has no routes to offer (its BGP session is gone, and
  // the gateway does not send over a dead link) while another connection still has the prefix.
  const rank = (x: { source: 'static' | 'bgp' }) => (x.source === 'static' ? 0 : 1);
  const matching = vgw.prefixes
    .filter((x) => cidrContains(x.cidr, p.dst))
    .sort((a, b) => b.cidr.prefix - a.cidr.prefix || rank(a) - rank(b));
  const prefix = matching.find((x) => !allTunnelsDown(walk, x.connection)) ?? matching[0];
  if (!prefix) {
    walk.hop(vgw.id, 'egress', `no VPN route for ${ipToString(p.dst)}`);
    return walk.drop(
      'ENGINE_VGW_UNKNOWN_PREFIX',
      [vgw.id],
      `${vgw.id} knows no VPN route for ${ipToString(p.dst)} (R107)`,
      p,
    );
  }
  walk.hop(vgw.id, 'egress', `VPN route ${prefix.cidr.text} over ${prefix.connection}`);
  const host = walk.network.externalByIp.get(p.dst);
  const delivered = host && isBehind(walk, host.via, prefix.connection);
  const down = crossTunnel(walk, prefix.connection, p, delivered ? '' : ', to on-premises');
  if (down) return down;
  routerHop(walk, prefix.connection, p);
  if (host && delivered) {
    walk.hop(host.id, 'receive', `received from ${ipToString(p.src)}`);
    return walk.delivered({ kind: 'external', id: host.id }, p);
  }
  return walk.exits({ kind: 'internet', gateway: vgw.id }, p);
}

/** Into the VPC through the virtual private gateway: only to its VPC's private addresses (R109). */
export function vgwIngress(walk: Walk, vgw: VpnGatewayNode, p: Packet): Ending {
  const vpc = vgw.vpc;
  if (!vpc || !vpc.cidrs.some((c) => cidrContains(c, p.dst))) {
    walk.hop(vgw.id, 'ingress', `${ipToString(p.dst)} is not inside the VPC`);
    return walk.drop(
      'VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS',
      [vgw.id],
      `${vgw.id} only delivers to private addresses in its VPC (R109)`,
      p,
    );
  }
  walk.hop(vgw.id, 'ingress', `from on-premises to ${ipToString(p.dst)}`);
  const edge = vgw.edgeRouteTable;
  if (edge) {
    const route = lookupRoute(edge, p.dst);
    if (route) return walk.fabric.dispatchRoute(walk, edge, route, p, { gateway: vgw.id });
  }
  walk.hop(vpc.id, 'forward', `local: deliver ${ipToString(p.dst)} inside ${vpc.id}`);
  return walk.fabric.vpcLocal(walk, vpc, p, { gateway: vgw.id });
}
