import { cidrOverlaps, parseCidr, type Cidr } from '../net/ipv4';
import type { TransitGateway } from '../model/transit-gateway';
import { cloneData } from '../model/clone';
import type { BuildContext } from './context';
import { announcedPrefixes } from '../model/vpn';
import type { TgwAttachmentNode, TgwRouteNode, TgwRouteOrigin, TgwRouteTableNode, TransitGatewayNode } from './network';

/** At equal length: static, then VPC-propagated, then VPN-propagated (R97). */
const ORIGIN_RANK: Record<TgwRouteOrigin, number> = { static: 0, vpc: 1, vpn: 2 };

/** Declares the gateways, their attachments and route tables, so that VPN connections can name a gateway. */
export function declareTransitGateways(ctx: BuildContext): void {
  ctx.topology.transitGateways.forEach((t, i) => {
    const path = `topology.transitGateways[${i}]`;
    ctx.declare(t.id, 'transit-gateway', path);
    t.attachments.forEach((a, k) => ctx.declare(a.id, 'transit-gateway-attachment', `${path}.attachments[${k}]`));
    t.routeTables.forEach((r, k) => ctx.declare(r.id, 'transit-gateway-route-table', `${path}.routeTables[${k}]`));
  });
}

/**
 * Transit gateways (R93–R104): attachments (a VPC through one subnet per Availability Zone, a
 * VPN connection, another transit gateway), route tables, which table each attachment is
 * associated with (the one its packets are routed by, R95) and which tables it propagates into
 * (a VPC its blocks, a BGP VPN its on-premises prefixes, a peering nothing, R96), static and
 * blackhole routes. A VPC whose block collides with one already propagated into a table is not
 * propagated there (R100).
 */
export function buildTransitGateways(ctx: BuildContext): void {
  const specs = ctx.topology.transitGateways;
  // the gateways first: a peering attachment names the other one
  for (const t of specs) {
    const node: TransitGatewayNode = {
      id: t.id,
      attachments: [],
      routeTables: [],
      associations: new Map(),
      securityGroupReferencing: t.securityGroupReferencing,
    };
    ctx.network.transitGateways.set(t.id, node);
  }
  specs.forEach((t, i) => attachments(ctx, t, `topology.transitGateways[${i}]`));
  specs.forEach((t, i) => routeTables(ctx, t, `topology.transitGateways[${i}]`));
}

function attachments(ctx: BuildContext, t: TransitGateway, path: string): void {
  const tgw = ctx.network.transitGateways.get(t.id)!;
  t.attachments.forEach((a, k) => {
    const at = `${path}.attachments[${k}]`;
    const kinds = [a.vpc, a.vpn, a.peer].filter((x) => x !== undefined).length;
    if (kinds !== 1) {
      ctx.problem(at, 'an attachment names exactly one of vpc, vpn or peer');
      return;
    }
    const node: TgwAttachmentNode & { subnets: TgwAttachmentNode['subnets'] } = {
      id: a.id,
      tgw,
      kind: a.vpc ? 'vpc' : a.vpn ? 'vpn' : 'peering',
      subnets: [],
      applianceMode: a.applianceMode,
      securityGroupReferencing: a.securityGroupReferencing,
      state: a.state,
    };
    if (a.vpc !== undefined) {
      if (!ctx.ref(a.vpc, ['vpc'], `${at}.vpc`)) return;
      const vpc = ctx.network.vpcs.get(a.vpc)!;
      Object.assign(node, { vpc });
      const zones = new Set<string>();
      a.subnets.forEach((s, j) => {
        if (!ctx.ref(s, ['subnet'], `${at}.subnets[${j}]`)) return;
        const subnet = ctx.network.subnets.get(s)!;
        if (subnet.vpc !== vpc)
          ctx.problem(`${at}.subnets[${j}]`, `${s} is in ${subnet.vpc.id}, not in ${vpc.id}`, 'InvalidParameterValue');
        else if (zones.has(subnet.az))
          ctx.problem(
            `${at}.subnets[${j}]`,
            `an attachment takes one subnet per Availability Zone, and ${subnet.az} has one already (R94)`,
            'DuplicateSubnetsInSameZone',
          );
        else {
          zones.add(subnet.az);
          node.subnets.push(subnet);
        }
      });
      if ([...ctx.network.tgwAttachments.values()].some((o) => o.tgw === tgw && o.vpc === vpc && o.kind === 'vpc'))
        ctx.problem(`${at}.vpc`, `${a.vpc} is attached to ${t.id} already`, 'DuplicateTransitGatewayAttachment');
    } else if (a.vpn !== undefined) {
      if (!ctx.ref(a.vpn, ['vpn-connection'], `${at}.vpn`)) return;
      Object.assign(node, { vpn: a.vpn });
    } else {
      if (!ctx.ref(a.peer!, ['transit-gateway'], `${at}.peer`)) return;
      const peer = ctx.network.transitGateways.get(a.peer!)!;
      if (peer === tgw) {
        ctx.problem(`${at}.peer`, 'a transit gateway peering joins two different transit gateways');
        return;
      }
      Object.assign(node, { peer });
      peer.attachments.push(node);
    }
    tgw.attachments.push(node);
    ctx.network.tgwAttachments.set(a.id, node);
  });
}

function routeTables(ctx: BuildContext, spec: TransitGateway, path: string): void {
  // the default table's links, as AWS made them when each attachment was created
  const t = spec.explicitLinks ? spec : writeDefaultLinks(cloneData(spec));
  const tgw = ctx.network.transitGateways.get(t.id)!;
  const tables = t.routeTables.map((r) => {
    const node: TgwRouteTableNode = { id: r.id, tgw, routes: [] };
    tgw.routeTables.push(node);
    ctx.network.tgwRouteTables.set(r.id, node);
    return node;
  });
  /** an attachment this gateway routes for: its own, or a peering another gateway made to it */
  const own = (id: string, at: string) => {
    const a = ctx.network.tgwAttachments.get(id);
    if (!a || !tgw.attachments.includes(a)) {
      ctx.problem(at, `${id} is not an attachment of ${t.id}`, 'InvalidTransitGatewayAttachmentID.NotFound');
      return undefined;
    }
    return a;
  };
  const propagations = new Map<TgwRouteTableNode, TgwAttachmentNode[]>();
  t.routeTables.forEach((r, k) => {
    const at = `${path}.routeTables[${k}]`;
    const table = tables[k]!;
    r.associations.forEach((id, j) => {
      const a = own(id, `${at}.associations[${j}]`);
      if (!a) return;
      if (tgw.associations.has(a.id))
        ctx.problem(
          `${at}.associations[${j}]`,
          `${a.id} is associated with ${tgw.associations.get(a.id)!.id} already: an attachment has one route table (R95)`,
          'Resource.AlreadyAssociated',
        );
      else tgw.associations.set(a.id, table);
    });
    propagations.set(
      table,
      r.propagations.flatMap((id, j) => {
        const a = own(id, `${at}.propagations[${j}]`);
        return a ? [a] : [];
      }),
    );
    r.routes.forEach((route, j) => {
      const dest = parseCidr(route.destination)!.cidr;
      if (route.target === 'blackhole') {
        table.routes.push({ destination: dest, target: 'blackhole', origin: 'static' });
        return;
      }
      const a = own(route.target, `${at}.routes[${j}].target`);
      if (a) table.routes.push({ destination: dest, target: a, origin: 'static' });
    });
  });
  const defaults = defaultTables(spec);
  for (const key of ['association', 'propagation'] as const)
    if (defaults[key] !== undefined && !tables.some((x) => x.id === defaults[key]))
      ctx.problem(`${path}.defaultRouteTable.${key}`, `${defaults[key]} is not a route table of ${t.id}`);
  for (const [table, from] of propagations) propagate(ctx, table, from);
  for (const table of tables)
    table.routes.sort(
      (a, b) => b.destination.prefix - a.destination.prefix || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin],
    );
}

/**
 * Routes an attachment propagates into a table: a VPC its blocks, a BGP VPN the prefixes it
 * announces (R96). A VPC block that collides with one another attachment propagated already is
 * left out (R100), in attachment order (the order they were created).
 */
/**
 * Writes into the route tables the links the default table makes: an attachment no table
 * associates is associated with the default association table and propagates to the default
 * propagation table (lab-format.md). Then every link is listed (`explicitLinks`), so a change
 * the CLI makes to one stays, as AWS applies the default only when an attachment is created.
 */
export function writeDefaultLinks(tgw: TransitGateway): TransitGateway {
  if (tgw.explicitLinks) return tgw;
  const defaults = defaultTables(tgw);
  const table = (id: string | undefined) => tgw.routeTables.find((r) => r.id === id);
  for (const a of tgw.attachments.filter((x) => !x.peer)) {
    if (tgw.routeTables.some((r) => r.associations.includes(a.id))) continue;
    table(defaults.association)?.associations.push(a.id);
    const prop = table(defaults.propagation);
    if (prop && !prop.propagations.includes(a.id)) prop.propagations.push(a.id);
  }
  tgw.explicitLinks = true;
  return tgw;
}

/** The gateway's default association and propagation tables, if it has them (lab-format.md). */
export function defaultTables(t: TransitGateway): { association?: string; propagation?: string } {
  const def = t.defaultRouteTable;
  if (def === 'none') return {};
  const first = t.routeTables[0]?.id;
  const pick = (id: string | undefined) => (id === undefined || id === 'none' ? undefined : id);
  return def
    ? { association: pick(def.association), propagation: pick(def.propagation) }
    : { association: first, propagation: first };
}

function propagate(ctx: BuildContext, table: TgwRouteTableNode, from: TgwAttachmentNode[]): void {
  const order = (a: TgwAttachmentNode) => table.tgw.attachments.indexOf(a);
  const vpcBlocks: Cidr[] = [];
  for (const a of [...from].sort((x, y) => order(x) - order(y))) {
    if (a.kind === 'vpc') {
      for (const block of a.vpc!.cidrs) {
        if (vpcBlocks.some((c) => cidrOverlaps(c, block))) continue;
        vpcBlocks.push(block);
        (table.routes as TgwRouteNode[]).push({ destination: block, target: a, origin: 'vpc' });
      }
    } else if (a.kind === 'vpn') {
      const vpn = ctx.topology.vpnConnections.find((c) => c.id === a.vpn);
      // a static VPN's prefixes are static routes someone adds; BGP announces the others (R96)
      if (vpn?.routing !== 'bgp') continue;
      for (const p of announcedPrefixes(vpn, ctx.topology.customerGateways))
        (table.routes as TgwRouteNode[]).push({ destination: parseCidr(p)!.cidr, target: a, origin: 'vpn' });
    }
  }
}
