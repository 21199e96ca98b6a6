import { cidrContains, ipToString, type Ip } from '../net/ipv4';
import type { RouteNode, RouteOrigin, RouteTableNode, RouteTarget } from '../network/network';

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
  if (target.kind === 'eni' && target.advertised)
    return `${target.advertised.ip} (${target.eni.id}; ${target.advertised.by})`;
  if (target.kind === 'eni' && target.viaInstance) return `${target.eni.id} (${target.viaInstance})`;
  return text;
}

/** One route that matched a destination, as the trace viewer lists them at a route-table hop. */
export interface RouteChoice {
  /** the prefix that matched (a prefix list's entry for a prefix-list route) */
  destination: string;
  /** how the route was written: the CIDR, or the prefix list it came from */
  written: string;
  origin: RouteOrigin;
  target: string;
  state: 'active' | 'blackhole';
  chosen: boolean;
}

/** A route table's decision at one hop: the destination, and the routes that matched it. */
export interface RouteLookup {
  table: string;
  destination: string;
  matched: RouteChoice[];
}

/** Routes listed at one hop: enough to show the winner and what it beat. */
export const MAX_ROUTE_CHOICES = 8;

/**
 * Every route of the table that matches the destination, in the order the router weighs them:
 * longest prefix first, then static before prefix list before propagated (R31, R32, R35). The
 * first is the one chosen, even a blackhole (A2): nothing below it is a fallback.
 */
export function routeChoices(table: RouteTableNode, dst: Ip): RouteLookup {
  const out: RouteChoice[] = [];
  for (const r of table.routes) {
    if (!cidrContains(r.destination, dst)) continue;
    out.push({
      destination: r.destination.text,
      written: r.destinationText,
      origin: r.origin,
      target: r.targetText,
      state: r.target.kind === 'blackhole' ? 'blackhole' : 'active',
      chosen: out.length === 0,
    });
    if (out.length === MAX_ROUTE_CHOICES) break;
  }
  return { table: table.id, destination: ipToString(dst), matched: out };
}
