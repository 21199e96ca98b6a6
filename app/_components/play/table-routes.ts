import { cidrCovers, parseCidr } from '@/engine/net/ipv4';
import { routeServerFib } from '@/engine/model/route-server';
import type { Topo } from './graph-types';

/** Whether `inner` lies inside `outer` (both CIDR texts). */
function inside(inner: string, outer: string): boolean {
  const a = parseCidr(inner)?.cidr;
  const b = parseCidr(outer)?.cidr;
  return a !== undefined && b !== undefined && cidrCovers(b, a);
}

/**
 * The routes a table holds by propagation from the virtual private gateways it names (R106):
 * what each gateway's connections learned over tunnels whose BGP session is up, or their static
 * and announced prefixes. A prefix inside the VPC's own range never beats the local route (R34)
 * and is left out, as the engine leaves it out.
 */
export function propagatedRoutes(
  t: Topo,
  rt: NonNullable<Topo['routeTables']>[number],
): { destination: string; target: string; propagated: true }[] {
  const vpc = t.vpcs?.find((v) => v.id === rt.vpc);
  const own = vpc ? (Array.isArray(vpc.cidr) ? vpc.cidr : [vpc.cidr]) : [];
  const out: { destination: string; target: string; propagated: true }[] = [];
  for (const g of rt.propagatingGateways ?? []) {
    const prefixes = new Set<string>();
    for (const c of (t.vpnConnections ?? []).filter((x) => x.gateway === g)) {
      const bgp = (c.tunnels ?? []).some((x) => x.bgp);
      const learned = bgp
        ? (c.tunnels ?? []).flatMap((x) => (x.bgp?.up ? x.bgp.learned : []))
        : [...(c.staticRoutes ?? []), ...(c.onPremisesPrefixes ?? [])];
      for (const p of learned) prefixes.add(p);
    }
    for (const p of prefixes)
      if (!own.some((o) => inside(p, o)) && !(rt.routes ?? []).some((r) => r.destination === p && r.target === g))
        out.push({ destination: p, target: g, propagated: true });
  }
  return out;
}

/**
 * The routes a table holds from VPC Route Servers propagating into it (R111): the best path of
 * each prefix, to the ENI holding its next hop, drawn as the BGP next hop it names (R38, D3). An
 * identical static route keeps it out (A-RS6), as does a next hop no ENI holds.
 */
export function advertisedRoutes(
  t: Topo,
  rt: NonNullable<Topo['routeTables']>[number],
): { destination: string; target: string; advertised: string }[] {
  const out: { destination: string; target: string; advertised: string }[] = [];
  for (const rs of t.routeServers ?? []) {
    if (!(rs.propagations ?? []).includes(rt.id)) continue;
    for (const p of routeServerFib({ rib: rs.rib ?? [] })) {
      const eni = (t.instances ?? [])
        .flatMap((i) => i.interfaces)
        .find((e) => e.privateIp === p.nextHop || (e.secondaryIps ?? []).includes(p.nextHop));
      if (!eni || (rt.routes ?? []).some((r) => r.destination === p.prefix)) continue;
      out.push({ destination: p.prefix, target: eni.id, advertised: `${p.nextHop} (${rs.id})` });
    }
  }
  return out;
}

/** A table's routes as the diagram draws them: its own, then those propagation brings (R106). */
export function tableRoutes(t: Topo, rt: NonNullable<Topo['routeTables']>[number]) {
  return [...(rt.routes ?? []), ...propagatedRoutes(t, rt), ...advertisedRoutes(t, rt)];
}

/** How a route reads in a subnet's header and on its line: a route server's names the IP it installed. */
export function routeText(r: ReturnType<typeof tableRoutes>[number]): string {
  if ('advertised' in r) return `${r.destination} → ${r.advertised}`;
  return `${r.destination} → ${r.target}${'propagated' in r ? ' (propagated)' : ''}`;
}
