import { cidrContains, cidrCovers, ipToString, parseCidr, parseIp } from '../net/ipv4';
import { routeServerFib } from '../model/route-server';
import type { Topology } from '../model/topology';
import type { BuildContext } from './context';
import { byRoutePriority, type RouteNode } from './network';

/**
 * Each endpoint's address in its subnet: the one the lab gives, else the lowest free one after
 * AWS's four reserved addresses (A-RS10). Free means no ENI, NAT gateway or earlier endpoint holds it.
 */
export function endpointAddresses(t: Topology): Map<string, string> {
  const used = new Set<string>(
    [
      ...t.instances.flatMap((i) => i.interfaces.flatMap((e) => [e.privateIp, ...(e.secondaryIps ?? [])])),
      ...t.networkInterfaces.flatMap((e) => [e.privateIp, ...(e.secondaryIps ?? [])]),
      ...t.natGateways.map((n) => n.privateIp),
      ...t.routeServers.flatMap((r) => r.endpoints.map((e) => e.privateIp)),
    ].filter((x): x is string => x !== undefined),
  );
  const out = new Map<string, string>();
  for (const rs of t.routeServers)
    for (const ep of rs.endpoints) {
      if (ep.privateIp) {
        out.set(ep.id, ep.privateIp);
        continue;
      }
      const cidr = parseCidr(t.subnets.find((s) => s.id === ep.subnet)?.cidr ?? '')?.cidr;
      if (!cidr) continue;
      for (let a = cidr.base + 4; a < cidr.base + 2 ** (32 - cidr.prefix) - 1; a++)
        if (!used.has(ipToString(a))) {
          used.add(ipToString(a));
          out.set(ep.id, ipToString(a));
          break;
        }
    }
  return out;
}

/**
 * VPC Route Servers (R111): each associated with one VPC, its endpoints in that VPC's subnets,
 * its peers on its endpoints, its propagations into that VPC's subnet tables (not a virtual
 * private gateway's edge table). The best path of each prefix in its RIB becomes a route in each
 * of those tables, to the ENI holding the BGP next hop, ranked like a propagated route: an
 * identical static route stays in effect (R32, R33; A-RS6). A next hop no ENI holds installs nothing.
 */
export function buildRouteServers(ctx: BuildContext): void {
  const addresses = endpointAddresses(ctx.topology);
  ctx.topology.routeServers.forEach((rs, i) => {
    const path = `topology.routeServers[${i}]`;
    if (!ctx.declare(rs.id, 'route-server', path)) return;
    const vpc =
      rs.vpc !== undefined && ctx.ref(rs.vpc, ['vpc'], `${path}.vpc`) ? ctx.network.vpcs.get(rs.vpc) : undefined;
    rs.endpoints.forEach((ep, k) => {
      const at = `${path}.endpoints[${k}]`;
      if (!ctx.declare(ep.id, 'route-server-endpoint', at) || !ctx.ref(ep.subnet, ['subnet'], `${at}.subnet`)) return;
      const subnet = ctx.network.subnets.get(ep.subnet);
      if (!vpc)
        return ctx.problem(
          `${at}`,
          `${rs.id} is associated with no VPC: an endpoint needs one`,
          'InvalidParameterValue',
        );
      if (subnet && subnet.vpc !== vpc)
        return ctx.problem(
          `${at}.subnet`,
          `${ep.subnet} is not in ${vpc.id}, the VPC ${rs.id} is associated with`,
          'InvalidParameterValue',
        );
      const ip = addresses.get(ep.id);
      if (subnet && ip && !cidrContains(subnet.cidr, parseIp(ip)!))
        ctx.problem(`${at}.privateIp`, `${ip} is not in ${ep.subnet} (${subnet.cidr.text})`, 'InvalidParameterValue');
    });
    rs.peers.forEach((p, k) => {
      const at = `${path}.peers[${k}]`;
      if (!ctx.declare(p.id, 'route-server-peer', at)) return;
      if (!rs.endpoints.some((e) => e.id === p.endpoint))
        ctx.problem(
          `${at}.endpoint`,
          `${p.endpoint} is not an endpoint of ${rs.id}`,
          'InvalidRouteServerEndpointId.NotFound',
        );
    });
    // what the FIB installs, the same in every table: one overlapping the VPC's own range never
    // wins over local (R34) and is not installed
    const installs: RouteNode[] = [];
    for (const path of vpc ? routeServerFib(rs) : []) {
      const hop = parseIp(path.nextHop)!;
      const eni = [...ctx.network.enis.values()].find((e) => e.vpc === vpc && e.ipSet.has(hop));
      const dest = parseCidr(path.prefix)!.cidr;
      if (!eni || vpc!.cidrs.some((c) => cidrCovers(c, dest))) continue;
      installs.push({
        destination: dest,
        destinationText: dest.text,
        target: { kind: 'eni', eni, advertised: { ip: path.nextHop, by: rs.id } },
        targetText: eni.id,
        origin: 'advertisement',
      });
    }
    rs.propagations.forEach((id, k) => {
      const at = `${path}.propagations[${k}]`;
      if (!ctx.ref(id, ['route-table'], at)) return;
      const table = ctx.network.routeTables.get(id);
      if (!table) return;
      if (!vpc || table.vpc !== vpc)
        return ctx.problem(at, `${id} is not in the VPC ${rs.id} is associated with`, 'InvalidParameterValue');
      if (table.gateways.some((g) => g.startsWith('vgw-')))
        return ctx.problem(
          at,
          `${id} is a virtual private gateway's edge table: a route server cannot propagate into it (R111)`,
          'InvalidParameterValue',
        );
      table.routes.push(...installs);
      table.routes.sort(byRoutePriority);
    });
  });
}
