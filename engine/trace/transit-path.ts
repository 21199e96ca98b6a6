import { cidrContains, ipToString } from '../net/ipv4';
import type { SubnetNode, TgwAttachmentNode, TgwRouteNode, TransitGatewayNode } from '../network/network';
import type { Ending, Origin, Packet } from './types';
import type { Walk } from './walk';
import { enterSubnet } from './subnet-edge';
import { flowHash } from './flow-key';
import { crossTunnel, isBehind, routerHop } from './vpn-tunnel';

/** How many transit gateways a packet may cross in one walk (peerings chained). */
const MAX_TGW_HOPS = 8;

/**
 * From a subnet into a transit gateway through its VPC's attachment (R94): only from an
 * Availability Zone the attachment enables; through the attachment subnet's network ACL.
 */
export function tgwFromVpc(walk: Walk, attachment: TgwAttachmentNode, p: Packet, origin: Origin): Ending {
  const zone = origin.subnet?.az;
  const via = zone === undefined ? attachment.subnets[0] : attachment.subnets.find((s) => s.az === zone);
  if (!via)
    return walk.drop(
      'TGW_ROUTE_AZ_RESTRICTION',
      // refused in the sending subnet, before the transit gateway sees it: a place that names
      // the transit gateway (a level's "tgw-core must refuse it") is not this one
      origin.subnet ? [origin.subnet.id, attachment.id, origin.subnet.vpc.id] : [attachment.id, attachment.tgw.id],
      `${attachment.id} enables no subnet in ${zone ?? 'any zone'}, so ${attachment.tgw.id} does not take traffic from there (R94)`,
      p,
    );
  const blocked = enterSubnet(walk, via, p, origin);
  if (blocked) return blocked;
  walk.hop(attachment.id, 'forward', `into ${attachment.tgw.id} through its interface in ${via.id} (${via.az})`);
  walk.tgwZone = via.az;
  return tgwRoute(walk, attachment.tgw, attachment, p);
}

/**
 * The transit gateway routes a packet by the route table associated with the attachment it
 * came from (R95): longest prefix first, static before propagated at equal length (R97).
 */
export function tgwRoute(walk: Walk, tgw: TransitGatewayNode, from: TgwAttachmentNode, p: Packet): Ending {
  walk.tgwHops += 1;
  if (walk.tgwHops > MAX_TGW_HOPS)
    return walk.drop('ENGINE_TTL_EXCEEDED', [tgw.id], 'the packet is looping between transit gateways', p);
  const table = tgw.associations.get(from.id);
  if (!table)
    return walk.drop(
      'TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION',
      [tgw.id],
      `${from.id} is associated with no route table of ${tgw.id} (R95)`,
      p,
    );
  const route = table.routes.find((r) => cidrContains(r.destination, p.dst));
  if (!route) {
    walk.hop(tgw.id, 'route', `${table.id}: no route for ${ipToString(p.dst)}`, [table.id]);
    return walk.drop(
      'TGW_RTB_CANNOT_ROUTE',
      [table.id, tgw.id],
      `${table.id}, the table ${from.id} is associated with, has no route for ${ipToString(p.dst)} (R99)`,
      p,
    );
  }
  walk.hop(tgw.id, 'route', `${table.id}: ${route.destination.text} -> ${targetText(route)}${originText(route)}`, [
    table.id,
  ]);
  if (route.target === 'blackhole')
    return walk.drop(
      'TGW_RTB_BAD_STATE_ROUTE',
      [table.id, tgw.id],
      `the route ${route.destination.text} in ${table.id} is a blackhole (R98)`,
      p,
    );
  return tgwOut(walk, tgw, from, route.target, p);
}

const targetText = (r: TgwRouteNode) => (r.target === 'blackhole' ? 'blackhole' : r.target.id);
const originText = (r: TgwRouteNode) =>
  r.origin === 'static' ? '' : r.origin === 'vpc' ? ' (propagated from the VPC)' : ' (propagated by BGP)';

/** Out of the transit gateway through an attachment: into a VPC, over a VPN, to the peer gateway. */
function tgwOut(
  walk: Walk,
  tgw: TransitGatewayNode,
  from: TgwAttachmentNode,
  out: TgwAttachmentNode,
  p: Packet,
): Ending {
  // group references across VPCs hold only where the gateway and both attachments enable them,
  // never across a transit gateway peering (R103)
  walk.tgwReferencing =
    (walk.tgwReferencing ?? true) &&
    out.kind === 'vpc' &&
    from.kind === 'vpc' &&
    tgw.securityGroupReferencing &&
    from.securityGroupReferencing &&
    out.securityGroupReferencing;
  if (out.kind === 'peering') {
    const other = out.peer === tgw ? out.tgw : out.peer!;
    if (out.state !== 'available') {
      walk.hop(out.id, 'forward', `the peering with ${other.id} is ${out.state}`);
      return walk.drop(
        'BAD_STATE_ATTACHMENT',
        [out.id, tgw.id],
        `${out.id} is ${out.state}: a transit gateway peering carries traffic only once the other side accepts it (R102)`,
        p,
      );
    }
    walk.hop(out.id, 'forward', `to ${other.id}, the peered transit gateway (R102)`);
    return tgwRoute(walk, other, out, p);
  }
  if (out.kind === 'vpn') {
    walk.hop(out.id, 'forward', `over ${out.vpn}`);
    const host = walk.network.externalByIp.get(p.dst);
    const delivered = host !== undefined && isBehind(walk, host.via, out.vpn!);
    if (delivered) {
      const down = crossTunnel(walk, out.vpn!, p, '');
      if (down) return down;
      routerHop(walk, out.vpn!, p);
      walk.hop(host.id, 'receive', `received from ${ipToString(p.src)}`);
      return walk.delivered({ kind: 'external', id: host.id }, p);
    }
    // toward on-premises beyond the modelled hosts: the tunnel state still decides
    const spec = walk.network.topology.vpnConnections.find((c) => c.id === out.vpn);
    if (spec && spec.tunnels.length > 0) {
      const down = crossTunnel(walk, out.vpn!, p, ', to on-premises');
      if (down) return down;
      routerHop(walk, out.vpn!, p);
    }
    return walk.exits({ kind: 'internet', gateway: out.vpn! }, p);
  }
  // into the VPC through the attachment's interface, in the zone the flow came from when the
  // attachment has one there (without appliance mode a flow stays in its zone, R101); then the
  // attachment subnet's route table decides (R94)
  // with appliance mode, a hash of the flow (the same both ways) picks the zone, so both
  // directions meet the same appliance (R101)
  const subnet: SubnetNode =
    (out.applianceMode && out.subnets.length > 0 ? out.subnets[flowHash(p) % out.subnets.length] : undefined) ??
    out.subnets.find((s) => s.az === walk.tgwZone) ??
    out.subnets[0] ??
    out.vpc!.subnets[0]!;
  walk.hop(out.id, 'forward', `into ${out.vpc!.id} through its interface in ${subnet.id} (${subnet.az})`);
  walk.hop(out.vpc!.id, 'forward', `from ${out.id}: routed by ${subnet.id}'s route table (R94)`);
  walk.tgwEntered = out.vpc;
  return walk.fabric.subnetRouter(walk, subnet, p);
}
