import { routeServerFib } from '@/engine/model/route-server';
import type { Topo } from './graph-types';

/** The diagram's parsing of a dotted CIDR: base address and prefix length. */
function cidr(text: string): { base: number; len: number } | undefined {
  const [ip, len] = text.split('/');
  const parts = (ip ?? '').split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255)) || len === undefined) return undefined;
  return { base: parts.reduce((n, p) => n * 256 + p, 0), len: Number(len) };
}

/** Whether `inner` lies inside `outer` (both CIDR texts). */
function inside(inner: string, outer: string): boolean {
  const a = cidr(inner);
  const b = cidr(outer);
  if (!a || !b || a.len < b.len) return false;
  const size = 2 ** (32 - b.len);
  return Math.floor(a.base / size) === Math.floor(b.base / size);
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
