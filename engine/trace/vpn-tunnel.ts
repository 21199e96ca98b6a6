import { cidrContains, ipToString, parseCidr } from '../net/ipv4';
import type { VpnConnection } from '../model/vpn';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

/** A tunnel's name in traces, `fail` steps and the diagram: the connection and AWS's outside address. */
export function tunnelId(connection: string, outsideIp: string): string {
  return `${connection}/${outsideIp}`;
}

/**
 * A packet crosses a Site-to-Site VPN connection on one tunnel, named in the trace (R108). Where
 * an on-premises router speaks BGP over the tunnels (vpn-bgp.ts), towards on-premises it takes the
 * tunnel whose session taught the gateway the destination over the shortest AS path (the first of
 * equals), from on-premises the first whose
 * session is up; a tunnel that failed keeps its session until the hold timer runs out, and until
 * then packets sent on it are lost. Otherwise it takes the first tunnel that is up (a `fail` step
 * takes one down), and with every tunnel down the connection carries nothing. A connection the
 * lab gives no tunnels is one link that is up. Returns the drop, or undefined to go on.
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
  const failed = (t: VpnConnection['tunnels'][number]) => walk.world.failed.has(tunnelId(connection, t.outsideIp));
  const bgp = spec.tunnels.some((t) => t.bgp);
  const learned = (t: VpnConnection['tunnels'][number]) =>
    dir === 'in' || (t.bgp?.learned ?? []).some((c) => cidrContains(parseCidr(c)!.cidr, p.dst));
  // towards on-premises: the shortest AS path among the tunnels that learned the destination,
  // then the first (AWS picks one at random where paths tie; R108 has no ECMP)
  const chosen = bgp
    ? spec.tunnels
        .filter((t) => t.bgp?.up && learned(t))
        .reduce<(typeof spec.tunnels)[number] | undefined>(
          (best, t) => (!best || (dir === 'out' && t.bgp!.asPathLength < best.bgp!.asPathLength) ? t : best),
          undefined,
        )
    : spec.tunnels.find((t) => !failed(t));
  if (!chosen) {
    walk.hop(connection, 'forward', bgp ? 'no BGP session is up on either tunnel' : 'every tunnel is down');
    return bgp
      ? walk.drop(
          'ENGINE_VPN_NO_BGP_ROUTE',
          [connection],
          `no BGP session over ${connection} is up: the on-premises router has no route to ${ipToString(p.dst)} (R105)`,
          p,
        )
      : walk.drop(
          'BAD_STATE_VPN',
          [connection],
          `both tunnels of ${connection} are down: the connection carries nothing until one comes back`,
          p,
        );
  }
  const n = spec.tunnels.indexOf(chosen) + 1;
  const id = tunnelId(connection, chosen.outsideIp);
  walk.hop(
    connection,
    'forward',
    `through tunnel ${n} (outside ${chosen.outsideIp})${bgp ? ', where BGP is up' : ''}${toward}`,
  );
  // only a BGP tunnel is chosen while down: its session has not timed out yet
  if (failed(chosen)) {
    walk.hop(id, 'forward', `tunnel ${n} is down, and its BGP session has not timed out yet`);
    return walk.drop(
      'ENGINE_VPN_TUNNEL_DOWN',
      [id, connection],
      `tunnel ${n} of ${connection} is down; BGP still counts on it until its hold timer expires (R108)`,
      p,
    );
  }
  walk.hop(id, 'forward', `tunnel ${n} of ${connection}`);
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

/**
 * The on-premises router a packet reaches at the far end of a connection, as a hop: it forwards
 * to a host on one of its networks (eth1…), or out of its uplink (eth0) for anything else. Nothing
 * when no router sits behind the connection's customer gateway.
 */
export function routerHop(walk: Walk, connection: string, p: Packet): void {
  const t = walk.network.topology;
  const cgw = t.vpnConnections.find((c) => c.id === connection)?.customerGateway;
  const router = cgw === undefined ? undefined : t.onPremisesRouters.find((r) => r.customerGateway === cgw);
  if (!router) return;
  const k = router.networks.findIndex((n) => cidrContains(parseCidr(n)!.cidr, p.dst));
  walk.hop(
    router.id,
    'forward',
    k >= 0
      ? `${ipToString(p.dst)} is on eth${k + 1} (${router.networks[k]})`
      : `${ipToString(p.dst)} is on none of its networks: out of its uplink, eth0`,
  );
}
