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
export function crossTunnel(walk: Walk, connection: string, p: Packet, toward: string): Ending | undefined {
  const spec = walk.network.topology.vpnConnections.find((c) => c.id === connection);
  if (!spec || spec.tunnels.length === 0) {
    walk.hop(connection, 'forward', `through the VPN tunnel${toward}`);
    return undefined;
  }
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

/** Whether a host behind `via` (a VPN connection, or the customer gateway it ends on) sits at the far end of `connection`. */
export function isBehind(walk: Walk, via: string | undefined, connection: string): boolean {
  if (via === undefined) return false;
  if (via === connection) return true;
  return walk.network.topology.vpnConnections.some((c) => c.id === connection && c.customerGateway === via);
}

/**
 * The connection a host behind `via` sends over: the connection itself, or, behind a customer
 * gateway, the first of its connections with a tunnel up (the first of them all when none is).
 */
export function connectionFrom(walk: Walk, via: string): string {
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
