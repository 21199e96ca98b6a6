import { cidrCovers, cidrEquals, inReservedLinkLocal, parseCidr, type Cidr } from '../net/ipv4';
import type { Route } from '../model/route-table';
import { kindOf } from '../model/ids';
import type { BuildContext } from './context';
import { byRoutePriority, type RouteTableNode, type RouteTarget, type VpcNode } from './network';

/** Default quotas (R42): route tables per VPC, non-propagated routes per table. */
const MAX_ROUTE_TABLES_PER_VPC = 200;
const MAX_ROUTES_PER_TABLE = 50;

/** How many of a table's routes one route uses up (R42): a prefix list its maximum entries. */
function routeWeight(ctx: BuildContext, destination: string): number {
  if (!destination.startsWith('pl-')) return 1;
  const list = ctx.topology.prefixLists.find((p) => p.id === destination);
  return list ? (list.maxEntries ?? list.entries.length) : 1;
}

/** Route tables: main and explicit associations (R29), edge associations (R45), routes. */
export function buildRouteTables(ctx: BuildContext): void {
  const explicit = new Map<string, string>();
  const edges = new Map<string, string>();
  const mains = new Map<string, string>();
  const tablesPerVpc = new Map<string, number>();
  ctx.topology.routeTables.forEach((spec, i) => {
    const path = `topology.routeTables[${i}]`;
    if (!ctx.declare(spec.id, 'route-table', path)) return;
    if (!ctx.ref(spec.vpc, ['vpc'], `${path}.vpc`)) return;
    const vpc = ctx.network.vpcs.get(spec.vpc);
    if (!vpc) return;
    const node: RouteTableNode = { id: spec.id, vpc, isMain: spec.main, gateways: [], routes: [] };
    ctx.network.routeTables.set(spec.id, node);
    const perVpc = (tablesPerVpc.get(vpc.id) ?? 0) + 1;
    tablesPerVpc.set(vpc.id, perVpc);
    if (perVpc === MAX_ROUTE_TABLES_PER_VPC + 1)
      ctx.problem(
        path,
        `${vpc.id} has more than ${MAX_ROUTE_TABLES_PER_VPC} route tables (R42)`,
        'RouteTableLimitExceeded',
      );
    // a prefix-list route counts as its list's maximum number of entries, not its current ones
    // (Amazon VPC quotas, "Route tables"); AWS names no code for the refusal, RouteLimitExceeded
    // is the one it uses for the route quota
    const weight = spec.routes.reduce((n, r) => n + routeWeight(ctx, r.destination), 0);
    if (weight > MAX_ROUTES_PER_TABLE)
      ctx.problem(
        `${path}.routes`,
        weight === spec.routes.length
          ? `${spec.routes.length} routes; a table holds at most ${MAX_ROUTES_PER_TABLE} (R42)`
          : `${spec.routes.length} routes counting as ${weight} (a prefix-list route counts as its list's maximum entries); a table holds at most ${MAX_ROUTES_PER_TABLE} (R42)`,
        'RouteLimitExceeded',
      );
    if (spec.main) {
      if (mains.has(vpc.id))
        ctx.problem(
          `${path}.main`,
          `${vpc.id} already has a main route table (${mains.get(vpc.id)})`,
          'InvalidParameterValue',
        );
      else if (spec.gateways.length > 0)
        ctx.problem(`${path}.main`, 'a gateway route table can never be the main table (R29)', 'InvalidParameterValue');
      else {
        mains.set(vpc.id, spec.id);
        vpc.mainRouteTable = node;
      }
    }
    spec.subnets.forEach((id, k) => associateSubnet(ctx, node, id, `${path}.subnets[${k}]`, explicit));
    spec.gateways.forEach((id, k) => associateGateway(ctx, node, id, `${path}.gateways[${k}]`, edges));
    if (spec.gateways.length > 0 && spec.propagatingGateways.length > 0) {
      ctx.problem(
        `${path}.propagatingGateways`,
        'a gateway route table cannot have route propagation enabled (R47)',
        'InvalidParameterValue',
      );
    }
    spec.propagatingGateways.forEach((id, k) => ctx.ref(id, ['vpn-gateway'], `${path}.propagatingGateways[${k}]`));
  });
  for (const vpc of ctx.network.vpcs.values()) {
    if (!vpc.mainRouteTable) {
      const id = `rtb-main-${vpc.id}`;
      const node: RouteTableNode = { id, vpc, isMain: true, gateways: [], routes: [] };
      if (ctx.declare(id, 'route-table', `topology.vpcs[${ctx.topology.vpcs.findIndex((v) => v.id === vpc.id)}]`))
        ctx.network.routeTables.set(id, node);
      vpc.mainRouteTable = node;
    }
    for (const subnet of vpc.subnets) if (!subnet.routeTable) subnet.routeTable = vpc.mainRouteTable;
  }
  const specIndex = new Map(ctx.topology.routeTables.map((r, i) => [r.id, i]));
  for (const table of ctx.network.routeTables.values()) {
    const i = specIndex.get(table.id) ?? -1;
    const spec = ctx.topology.routeTables[i];
    buildRoutes(ctx, table, spec?.routes ?? [], spec?.propagatingGateways ?? [], `topology.routeTables[${i}].routes`);
  }
}

function associateSubnet(
  ctx: BuildContext,
  table: RouteTableNode,
  id: string,
  path: string,
  explicit: Map<string, string>,
): void {
  if (!ctx.ref(id, ['subnet'], path)) return;
  const subnet = ctx.network.subnets.get(id);
  if (!subnet) return;
  if (subnet.vpc !== table.vpc)
    return ctx.problem(path, `${id} is in ${subnet.vpc.id}, not in ${table.vpc.id}`, 'InvalidParameterValue');
  if (explicit.has(id))
    return ctx.problem(
      path,
      `${id} is already associated with ${explicit.get(id)}; a subnet has one route table (R29)`,
      'Resource.AlreadyAssociated',
    );
  explicit.set(id, table.id);
  subnet.routeTable = table;
  subnet.explicitRouteTable = true;
}

function associateGateway(
  ctx: BuildContext,
  table: RouteTableNode,
  id: string,
  path: string,
  edges: Map<string, string>,
): void {
  if (!ctx.ref(id, ['internet-gateway', 'vpn-gateway'], path)) return;
  const gw = ctx.network.internetGateways.get(id) ?? ctx.network.vpnGateways.get(id);
  if (!gw) return;
  if (gw.vpc !== table.vpc)
    return ctx.problem(path, `${id} is not attached to ${table.vpc.id}`, 'InvalidParameterValue');
  if (edges.has(id))
    return ctx.problem(
      path,
      `${id} already has a gateway route table (${edges.get(id)}) (R45)`,
      'Resource.AlreadyAssociated',
    );
  edges.set(id, table.id);
  table.gateways.push(id);
  gw.edgeRouteTable = table;
}

function buildRoutes(
  ctx: BuildContext,
  table: RouteTableNode,
  routes: Route[],
  propagating: string[],
  path: string,
): void {
  const vpc = table.vpc;
  const seen = new Map<string, number>();
  const replacedLocal = new Set<string>();
  const isGatewayTable = table.gateways.length > 0;
  routes.forEach((route, k) => {
    const rPath = `${path}[${k}]`;
    const dests = destinationsOf(ctx, route.destination, `${rPath}.destination`);
    if (!dests) return;
    const isPl = route.destination.startsWith('pl-');
    // One route per destination: a CIDR once, a prefix list once. A static route may share
    // its CIDR with an entry of a routed prefix list: both stay, the static one wins (R35).
    const key = isPl ? route.destination : dests[0]!.text;
    if (seen.has(key)) {
      return ctx.problem(
        `${rPath}.destination`,
        `a route for ${route.destination} already exists in ${table.id}`,
        'RouteAlreadyExists',
      );
    }
    seen.set(key, k);
    const target = resolveTarget(ctx, vpc, route.target, `${rPath}.target`);
    const kind = targetClass(route.target);
    if (!isPl && !checkDestination(ctx, table, dests[0]!, kind, rPath, isGatewayTable)) return;
    if (!target) return;
    if (isPl && isGatewayTable)
      return ctx.problem(
        `${rPath}.destination`,
        'a gateway route table cannot route a prefix list (R46)',
        'InvalidParameterValue',
      );
    if (!isPl && vpc.cidrs.some((c) => cidrEquals(c, dests[0]!))) replacedLocal.add(dests[0]!.text);
    // A prefix-list entry this route could not hold as a CIDR route (an address inside the VPC
    // towards an internet gateway, R36) is ignored, never installed over local (RT-priority).
    const installed = isPl ? dests.filter((d) => !destinationRefusal(table, d, kind, false)) : dests;
    for (const d of installed) {
      table.routes.push({
        destination: d,
        destinationText: route.destination,
        target,
        targetText: route.target,
        origin: isPl ? 'prefix-list' : 'static',
      });
    }
  });
  // The local route of every VPC block is implicit, unless a route replaced its target (R30, R37).
  for (const c of vpc.cidrs) {
    if (!replacedLocal.has(c.text))
      table.routes.push({
        destination: c,
        destinationText: c.text,
        target: { kind: 'local' },
        targetText: 'local',
        origin: 'local',
      });
  }
  // Propagated VGW routes; one overlapping the VPC's own range never wins over local (R34).
  for (const id of propagating) {
    const vgw = ctx.network.vpnGateways.get(id);
    if (!vgw || vgw.vpc !== vpc) continue;
    // one route per prefix (the gateway, not the table, picks among its connections, R108)
    const prefixes = new Map(vgw.prefixes.map((p) => [p.cidr.text, p]));
    for (const p of prefixes.values()) {
      if (vpc.cidrs.some((c) => cidrCovers(c, p.cidr))) continue;
      table.routes.push({
        destination: p.cidr,
        destinationText: p.cidr.text,
        target: { kind: 'vgw', vgw },
        targetText: vgw.id,
        origin: 'propagated',
      });
    }
  }
  table.routes.sort(byRoutePriority);
}

function destinationsOf(ctx: BuildContext, text: string, path: string): Cidr[] | undefined {
  if (text.startsWith('pl-')) {
    if (!ctx.ref(text, ['prefix-list'], path)) return undefined;
    return ctx.topology.prefixLists.find((p) => p.id === text)!.entries.map((e) => parseCidr(e)!.cidr);
  }
  return [parseCidr(text)!.cidr];
}

/**
 * What AWS lets a route table hold: nothing inside 169.254.168.0/22 (R9); inside the VPC
 * only a whole VPC block (a new local target) or a whole subnet, towards an ENI or a NAT
 * gateway (R36, R37); in a gateway table only local or ENI targets for VPC or subnet blocks (R46).
 */
type TargetClass = 'local' | 'eni' | 'nat' | 'other';

/** What R36/R46 care about in a target, read from its id so a broken target still gets checked. */
function targetClass(id: string): TargetClass {
  if (id === 'local') return 'local';
  const kind = kindOf(id);
  if (kind === 'network-interface' || kind === 'instance') return 'eni';
  if (kind === 'nat-gateway') return 'nat';
  return 'other';
}

function checkDestination(
  ctx: BuildContext,
  table: RouteTableNode,
  dest: Cidr,
  target: TargetClass,
  rPath: string,
  isGatewayTable: boolean,
): boolean {
  const refusal = destinationRefusal(table, dest, target, isGatewayTable);
  if (refusal) ctx.problem(refusal.at ? `${rPath}.${refusal.at}` : rPath, refusal.message, 'InvalidParameterValue');
  return refusal === undefined;
}

/** Why AWS refuses a route for `dest` towards this class of target (R9, R36, R37, R46), if it does. */
function destinationRefusal(
  table: RouteTableNode,
  dest: Cidr,
  target: TargetClass,
  isGatewayTable: boolean,
): { at: 'destination' | 'target' | ''; message: string } | undefined {
  const vpc = table.vpc;
  if (inReservedLinkLocal(dest))
    return { at: 'destination', message: `${dest.text} is inside 169.254.168.0/22, which AWS reserves (R9)` };
  const isVpcBlock = vpc.cidrs.some((c) => cidrEquals(c, dest));
  const isSubnetBlock = vpc.subnets.some((s) => cidrEquals(s.cidr, dest));
  const insideVpc = vpc.cidrs.some((c) => cidrCovers(c, dest));
  if (target === 'local' && !isVpcBlock)
    return {
      at: 'target',
      message: `only a route for a whole VPC block (${vpc.cidrs.map((c) => c.text).join(', ')}) can target local`,
    };
  if (isGatewayTable) {
    const okTarget = target === 'local' || target === 'eni';
    if (okTarget && (isVpcBlock || isSubnetBlock)) return undefined;
    return {
      at: '',
      message: `a gateway route table may only send a VPC or subnet block to local or a network interface (R46)`,
    };
  }
  if (insideVpc && !isVpcBlock && !(isSubnetBlock && (target === 'eni' || target === 'nat')))
    return {
      at: 'destination',
      message: `the destination ${dest.text} is equal to or more specific than one of this VPC's CIDR blocks; only a whole subnet's block, towards a network interface or NAT gateway, is allowed (R36)`,
    };
  if (isVpcBlock && !(target === 'local' || target === 'eni' || target === 'nat'))
    return {
      at: 'target',
      message: `the local route's target can only be replaced by a network interface or NAT gateway (R37)`,
    };
  return undefined;
}

/** Resolves a route target id; a target AWS knows but cannot use makes a blackhole route (R40). */
function resolveTarget(ctx: BuildContext, vpc: VpcNode, id: string, path: string): RouteTarget | undefined {
  if (id === 'local') return { kind: 'local' };
  if (id === 'blackhole') return { kind: 'blackhole', id, why: 'the route is a blackhole' };
  const kinds = [
    'internet-gateway',
    'nat-gateway',
    'network-interface',
    'instance',
    'peering-connection',
    'transit-gateway',
    'vpn-gateway',
    'vpc-endpoint',
  ] as const;
  if (!ctx.ref(id, kinds, path)) return undefined;
  const wrongVpc = (other: VpcNode | undefined) => {
    ctx.problem(
      path,
      `${id} belongs to ${other ? other.id : 'no VPC'}, not to ${vpc.id}; the route table and the target must be in the same network`,
      'InvalidParameterValue',
    );
    return undefined;
  };
  const igw = ctx.network.internetGateways.get(id);
  if (igw) {
    if (!igw.vpc) return { kind: 'blackhole', id, why: `${id} is detached` };
    return igw.vpc === vpc ? { kind: 'igw', igw } : wrongVpc(igw.vpc);
  }
  const nat = ctx.network.natGateways.get(id);
  if (nat) return nat.subnet.vpc === vpc ? { kind: 'nat', nat } : wrongVpc(nat.subnet.vpc);
  const eni = ctx.network.enis.get(id);
  if (eni) return eni.vpc === vpc ? { kind: 'eni', eni } : wrongVpc(eni.vpc);
  const inst = ctx.network.instances.get(id);
  if (inst) {
    // A route naming an instance only works for a single-ENI instance (R20).
    if (inst.enis.length !== 1) {
      ctx.problem(
        path,
        `${id} has ${inst.enis.length} network interfaces; name the interface instead (R20)`,
        'InvalidInstanceID',
      );
      return undefined;
    }
    const only = inst.enis[0]!;
    return only.vpc === vpc ? { kind: 'eni', eni: only, viaInstance: id } : wrongVpc(only.vpc);
  }
  const vgw = ctx.network.vpnGateways.get(id);
  if (vgw) {
    if (!vgw.vpc) return { kind: 'blackhole', id, why: `${id} is detached` };
    return vgw.vpc === vpc ? { kind: 'vgw', vgw } : wrongVpc(vgw.vpc);
  }
  const endpoint = ctx.network.vpcEndpoints.get(id);
  if (endpoint) {
    if (endpoint.vpc !== vpc) return wrongVpc(endpoint.vpc);
    if (endpoint.type !== 'gateway') {
      ctx.problem(
        path,
        `${id} is an interface endpoint: only a gateway endpoint is a route target`,
        'InvalidParameterValue',
      );
      return undefined;
    }
    return { kind: 'vpce', endpoint };
  }
  const tgw = ctx.network.transitGateways.get(id);
  if (tgw) {
    // a subnet reaches a transit gateway through its VPC's attachment (R93, R94)
    const attachment = tgw.attachments.find((a) => a.kind === 'vpc' && a.vpc === vpc);
    if (!attachment) {
      ctx.problem(
        path,
        `${vpc.id} has no attachment to ${id}: a route can name only a transit gateway the VPC is attached to`,
        'InvalidTransitGatewayID.NotFound',
      );
      return undefined;
    }
    return { kind: 'tgw', tgw, attachment };
  }
  const pcx = ctx.network.peerings.get(id);
  if (pcx) {
    const peer = pcx.requester === vpc ? pcx.accepter : pcx.accepter === vpc ? pcx.requester : undefined;
    if (!peer) {
      ctx.problem(
        path,
        `${id} joins ${pcx.requester.id} and ${pcx.accepter.id}, not ${vpc.id}: a route can name only a peering connection of its own VPC (R88)`,
        'InvalidParameterValue',
      );
      return undefined;
    }
    // a route to a connection that is not active can be created, and sits in blackhole (R86)
    if (pcx.status !== 'active') return { kind: 'blackhole', id, why: `${id} is ${pcx.status}` };
    return { kind: 'pcx', pcx, peer };
  }
  const what = ctx.network.otherIds.get(id);
  if (what === 'deleted') return { kind: 'blackhole', id, why: `${id} is deleted` };
  if (what) return { kind: 'unmodelled', id, what };
  return undefined;
}
