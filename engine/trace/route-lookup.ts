import { cidrContains, type Ip } from '../net/ipv4';
import type { RouteNode, RouteTableNode, RouteTarget } from '../network/network';

/**
 * Longest prefix match first, whatever the route type; at equal length static beats
 * prefix-list beats propagated (R31, R32). The table is pre-sorted, so the first match
 * wins. A blackhole still wins LPM and drops the packet (A2).
 */
export function lookupRoute(table: RouteTableNode, dst: Ip): RouteNode | undefined {
  const routes = table.routes;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (cidrContains(r.destination, dst)) return r;
  }
  return undefined;
}

/** How a route's target reads in a trace: `local`, `igw-1`, `eni-fw (i-fw)`, `blackhole`. */
export function targetLabel(target: RouteTarget, text: string): string {
  if (target.kind === 'eni' && target.viaInstance) return `${target.eni.id} (${target.viaInstance})`;
  return text;
}
