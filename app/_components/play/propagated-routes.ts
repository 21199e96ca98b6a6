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
