import { cidrContains, cidrCovers, parseCidr, parseIp } from '../net/ipv4';
import { announcedPrefixes } from '../model/vpn';
import { kindOf } from '../model/ids';
import type { BuildContext } from './context';
import type { ExternalHostNode, VpnGatewayNode } from './network';

/** Internet gateways: one per VPC, one VPC per gateway (R52). */
export function buildInternetGateways(ctx: BuildContext): void {
  ctx.topology.internetGateways.forEach((spec, i) => {
    const path = `topology.internetGateways[${i}]`;
    if (!ctx.declare(spec.id, 'internet-gateway', path)) return;
    if (spec.vpc === undefined) {
      ctx.network.internetGateways.set(spec.id, { id: spec.id });
      return;
    }
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc);
    if (!vpc) return;
    if (vpc.igw) {
      ctx.problem(
        `${path}.vpc`,
        `${vpc.id} already has an internet gateway (${vpc.igw.id}); a VPC has at most one (R52)`,
        'Resource.AlreadyAssociated',
      );
      return;
    }
    const node = { id: spec.id, vpc };
    vpc.igw = node;
    ctx.network.internetGateways.set(spec.id, node);
  });
}

/**
 * Virtual private gateways: one attached per VPC (R105). A VGW knows the prefixes of its VPN
 * connections (static routes and the on-premises prefixes BGP announces, R106, R107).
 */
export function buildVpnGateways(ctx: BuildContext): void {
  ctx.topology.vpnGateways.forEach((spec, i) => {
    const path = `topology.vpnGateways[${i}]`;
    if (!ctx.declare(spec.id, 'vpn-gateway', path)) return;
    const node: VpnGatewayNode = { id: spec.id, prefixes: [] };
    if (spec.vpc !== undefined && ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) {
      const vpc = ctx.network.vpcs.get(spec.vpc);
      if (vpc?.vgw)
        ctx.problem(
          `${path}.vpc`,
          `${vpc.id} already has a virtual private gateway (${vpc.vgw.id}) (R105)`,
          'InvalidVpcState',
        );
      else if (vpc) {
        (node as { vpc?: typeof vpc }).vpc = vpc;
        vpc.vgw = node;
      }
    }
    ctx.network.vpnGateways.set(spec.id, node);
  });
  ctx.topology.customerGateways.forEach((c, i) =>
    ctx.declare(c.id, 'customer-gateway', `topology.customerGateways[${i}]`),
  );
  // the router behind a customer gateway: its BGP sessions run over the tunnels (vpn-bgp.ts)
  ctx.topology.onPremisesRouters.forEach((r, i) => {
    const path = `topology.onPremisesRouters[${i}]`;
    if (ctx.declare(r.id, 'on-premises-router', path))
      ctx.ref(r.customerGateway, ['customer-gateway'], `${path}.customerGateway`);
  });
  ctx.topology.vpnConnections.forEach((spec, i) => {
    const path = `topology.vpnConnections[${i}]`;
    if (!ctx.declare(spec.id, 'vpn-connection', path)) return;
    if (spec.customerGateway !== undefined)
      ctx.ref(spec.customerGateway, ['customer-gateway'], `${path}.customerGateway`);
    checkTunnels(ctx, i);
    // behind a router, what the gateway learns comes from the router's BGP sessions, not a list
    const behind = ctx.topology.onPremisesRouters.find((r) => r.customerGateway === spec.customerGateway);
    if (behind && spec.onPremisesPrefixes.length > 0)
      ctx.problem(
        `${path}.onPremisesPrefixes`,
        `${behind.id} announces what is reachable behind ${spec.customerGateway} over BGP; leave onPremisesPrefixes out`,
      );
    if (!ctx.ref(spec.gateway, ['vpn-gateway', 'transit-gateway'], `${path}.gateway`)) return;
    const vgw = ctx.network.vpnGateways.get(spec.gateway);
    if (!vgw) return;
    // a static connection's routes, or what BGP announces over a dynamic one (R106, R107)
    const bgp = announcedPrefixes(spec, ctx.topology.customerGateways);
    const prefixes = spec.routing === 'static' ? [...spec.staticRoutes, ...spec.onPremisesPrefixes] : bgp;
    for (const p of prefixes)
      vgw.prefixes.push({
        cidr: parseCidr(p)!.cidr,
        connection: spec.id,
        source: spec.routing === 'static' ? 'static' : 'bgp',
      });
  });
}

/**
 * AWS's reserved inside ranges (TunnelInsideCidr in the VPN API reference): 169.254.0.0/30 to
 * 169.254.5.0/30, and 169.254.169.252/30.
 */
const RESERVED_INSIDE = ['169.254.0.0/22', '169.254.4.0/23', '169.254.169.252/30'].map((c) => parseCidr(c)!.cidr);

/**
 * Two tunnels with their own outside addresses; an inside range is a /30 of 169.254.0.0/16, none
 * of AWS's reserved ones, used once per gateway (AWS's rules).
 */
function checkTunnels(ctx: BuildContext, index: number): void {
  const { tunnels, gateway } = ctx.topology.vpnConnections[index]!;
  const path = `topology.vpnConnections[${index}]`;
  const linkLocal = parseCidr('169.254.0.0/16')!.cidr;
  const others = ctx.topology.vpnConnections
    .slice(0, index)
    .filter((c) => c.gateway === gateway)
    .flatMap((c) => c.tunnels.map((t) => t.insideCidr));
  tunnels.forEach((t, k) => {
    if (tunnels.findIndex((o) => o.outsideIp === t.outsideIp) !== k)
      ctx.problem(
        `${path}.tunnels[${k}].outsideIp`,
        `${t.outsideIp} is the other tunnel's address already`,
        'InvalidParameterValue',
      );
    const inside = t.insideCidr === undefined ? undefined : parseCidr(t.insideCidr)!.cidr;
    if (inside && (inside.prefix !== 30 || !cidrCovers(linkLocal, inside)))
      ctx.problem(
        `${path}.tunnels[${k}].insideCidr`,
        `${t.insideCidr}: a tunnel's inside range is a /30 in 169.254.0.0/16`,
        'InvalidParameterValue',
      );
    else if (inside && RESERVED_INSIDE.some((r) => cidrCovers(r, inside)))
      ctx.problem(
        `${path}.tunnels[${k}].insideCidr`,
        `${t.insideCidr} is reserved by AWS (169.254.0.0/30 to 169.254.5.0/30, 169.254.169.252/30)`,
        'InvalidParameterValue',
      );
    else if (
      inside &&
      [...others, ...tunnels.slice(0, k).map((o) => o.insideCidr)].some(
        (o) => o && parseCidr(o)!.cidr.text === inside.text,
      )
    )
      ctx.problem(
        `${path}.tunnels[${k}].insideCidr`,
        `${t.insideCidr} is already a tunnel's inside range on ${gateway}`,
        'InvalidParameterValue',
      );
  });
}

/** Resources the lab format accepts but the data plane does not forward through yet. */
export function declareUnmodelled(ctx: BuildContext): void {
  // deleted resources routes may still name: their routes are blackholes (R40)
  ctx.topology.deleted.forEach((id, i) => {
    const kind = kindOf(id);
    if (kind && !ctx.declared.has(id) && ctx.declare(id, kind, `topology.deleted[${i}]`))
      ctx.network.otherIds.set(id, 'deleted');
  });
  ctx.topology.prefixLists.forEach((p, i) => ctx.declare(p.id, 'prefix-list', `topology.prefixLists[${i}]`));
}

/** Hosts outside AWS, reachable on the internet or (later) behind a VPN. */
export function buildExternalHosts(ctx: BuildContext): void {
  ctx.topology.externalHosts.forEach((spec, i) => {
    const path = `topology.externalHosts[${i}]`;
    if (!ctx.declare(spec.id, 'external-host', path)) return;
    if (spec.via !== undefined)
      ctx.ref(spec.via, ['vpn-connection', 'customer-gateway', 'on-premises-router'], `${path}.via`);
    const ip = parseIp(spec.ip)!;
    // a host behind a router sits on one of its networks, the router its gateway
    const router = ctx.topology.onPremisesRouters.find((r) => r.id === spec.via);
    if (router && !router.networks.some((n) => cidrContains(parseCidr(n)!.cidr, ip)))
      ctx.problem(`${path}.ip`, `${spec.ip} is on none of ${router.id}'s networks (${router.networks.join(', ')})`);
    if (ctx.network.externalByIp.has(ip)) {
      ctx.problem(`${path}.ip`, `${spec.ip} is already the address of ${ctx.network.externalByIp.get(ip)!.id}`);
      return;
    }
    const node: ExternalHostNode = {
      id: spec.id,
      ip,
      ...(spec.via !== undefined ? { via: spec.via } : {}),
      ...(spec.listen !== undefined ? { listen: spec.listen } : {}),
    };
    ctx.network.externalHosts.set(spec.id, node);
    ctx.network.externalByIp.set(ip, node);
  });
}
