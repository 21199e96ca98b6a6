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
