import { cidrContains, ipToString, parseCidr } from '../net/ipv4';
import type { VpnConnection } from '../model/vpn';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

/** A tunnel's name in traces, `fail` steps and the diagram: the connection and AWS's outside address. */
export function tunnelId(connection: string, outsideIp: string): string {
  return `${connection}/${outsideIp}`;
}

/**
 * A packet crosses a Site-to-Site VPN connection: through the first of its tunnels that is up
 * (a `fail` step takes one down), named in the trace. With every tunnel down the connection
 * carries nothing (BAD_STATE_VPN). A connection the lab gives no tunnels is one link that is up.
 * Returns the drop, or undefined to go on.
 */
export function crossTunnel(
  walk: Walk,
  connection: string,
  p: Packet,
  toward: string,
  dir: 'out' | 'in' = 'out',
): Ending | undefined {
  const spec = walk.network.topology.vpnConnections.find((c) => c.id === connection);
  if (!spec || spec.tunnels.length === 0) {
    walk.hop(connection, 'forward', `through the VPN tunnel${toward}`);
    return undefined;
  }
  if (spec.tunnels.some((t) => t.bgp)) return crossBgpTunnel(walk, spec, p, toward, dir);
  const up = spec.tunnels.find((t) => !walk.world.failed.has(tunnelId(connection, t.outsideIp)));
  if (!up) {
    walk.hop(connection, 'forward', 'every tunnel is down');
    return walk.drop(
      'BAD_STATE_VPN',
      [connection],
      `both tunnels of ${connection} are down: the connection carries nothing until one comes back`,
      p,
    );
  }
  const n = spec.tunnels.indexOf(up) + 1;
  walk.hop(connection, 'forward', `through tunnel ${n} (outside ${up.outsideIp})${toward}`);
  walk.hop(tunnelId(connection, up.outsideIp), 'forward', `tunnel ${n} of ${connection}`);
  return undefined;
}

/**
 * Where an on-premises router speaks BGP over the tunnels (vpn-bgp.ts), a packet takes one tunnel,
 * never both (R108): towards on-premises the first whose session taught the gateway the
 * destination, from on-premises the first whose session is up. A tunnel that failed keeps its
 * session until the hold timer runs out, and until then packets sent on it are lost.
 */
function crossBgpTunnel(
  walk: Walk,
  spec: VpnConnection,
  p: Packet,
  toward: string,
  dir: 'out' | 'in',
): Ending | undefined {
  const covers = (t: VpnConnection['tunnels'][number]) =>
    dir === 'in' || (t.bgp?.learned ?? []).some((c) => cidrContains(parseCidr(c)!.cidr, p.dst));
  const chosen = spec.tunnels.find((t) => t.bgp?.up && covers(t));
  if (!chosen) {
    walk.hop(spec.id, 'forward', 'no BGP session is up on either tunnel');
    return walk.drop(
      'ENGINE_VPN_NO_BGP_ROUTE',
      [spec.id],
      `no BGP session over ${spec.id} is up: the on-premises router has no route to ${ipToString(p.dst)} (R105)`,
      p,
    );
  }
  const n = spec.tunnels.indexOf(chosen) + 1;
  const id = tunnelId(spec.id, chosen.outsideIp);
  walk.hop(spec.id, 'forward', `through tunnel ${n} (outside ${chosen.outsideIp}), where BGP is up${toward}`);
  if (walk.world.failed.has(id)) {
    walk.hop(id, 'forward', `tunnel ${n} is down, and its BGP session has not timed out yet`);
    return walk.drop(
      'ENGINE_VPN_TUNNEL_DOWN',
      [id, spec.id],
      `tunnel ${n} of ${spec.id} is down; BGP still counts on it until its hold timer expires (R108)`,
      p,
    );
  }
  walk.hop(id, 'forward', `tunnel ${n} of ${spec.id}`);
  return undefined;
}

/** The customer gateway a host's `via` names: itself, or the one an on-premises router sits behind. */
function gatewayOf(walk: Walk, via: string): string {
  return walk.network.topology.onPremisesRouters.find((r) => r.id === via)?.customerGateway ?? via;
}

/** Whether a host behind `via` (a VPN connection, the customer gateway it ends on, or the router behind that) sits at the far end of `connection`. */
export function isBehind(walk: Walk, via: string | undefined, connection: string): boolean {
  if (via === undefined) return false;
  if (via === connection) return true;
  const cgw = gatewayOf(walk, via);
  return walk.network.topology.vpnConnections.some((c) => c.id === connection && c.customerGateway === cgw);
}

/**
 * The connection a host behind `via` sends over: the connection itself, or, behind a customer
 * gateway (or its router), the first of its connections with a tunnel up (the first of them all
 * when none is).
 */
export function connectionFrom(walk: Walk, given: string): string {
  const via = gatewayOf(walk, given);
  if (!via.startsWith('cgw-')) return via;
  const mine = walk.network.topology.vpnConnections.filter((c) => c.customerGateway === via);
  const up = mine.find((c) => !allTunnelsDown(walk, c.id));
  return (up ?? mine[0])?.id ?? via;
}

/** Whether every tunnel of a connection is down (a connection the lab gives no tunnels never is). */
export function allTunnelsDown(walk: Walk, connection: string): boolean {
  const spec = walk.network.topology.vpnConnections.find((c) => c.id === connection);
  return (
    !!spec &&
    spec.tunnels.length > 0 &&
    spec.tunnels.every((t) => walk.world.failed.has(tunnelId(connection, t.outsideIp)))
  );
}
