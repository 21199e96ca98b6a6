import { Position, type Edge, type Node } from '@xyflow/react';
import type { RuntimeView } from '@/engine/lab/runtime-view';
import { linkNodeIds, linkNodes, type VpcBox } from './graph-links';
import { overlappingVpcs } from './vpc-overlaps';
import { routeText, tableRoutes } from './table-routes';
import type { ResourceKind, Topo } from './graph-types';

export type { ResourceKind, Topo } from './graph-types';

const SUBNET_W = 280;
/** A node's height for its lines of text (13 px type, padding and border), and the gap below it. */
const LINE_H = 17;
const nodeH = (lines: number) => 20 + lines * LINE_H;
const GAP = 10;
/** the height of a subnet's header: its name and CIDR, then one line per route that leaves it */
const headerH = (routes: number) => 30 + routes * 16;

/** Whether a subnet is public: its route table (explicit, or the VPC's main one) routes to an internet gateway (R54). */
export function isPublicSubnet(t: Topo, subnetId: string): boolean {
  const s = t.subnets?.find((x) => x.id === subnetId);
  if (!s) return false;
  const rt =
    t.routeTables?.find((r) => r.subnets?.includes(subnetId)) ?? t.routeTables?.find((r) => r.main && r.vpc === s.vpc);
  return (rt?.routes ?? []).some((r) => r.target.startsWith('igw-'));
}

/** The route table that serves a subnet: its explicit association, else the VPC's main table. */
function tableOf(t: Topo, subnetId: string, vpc: string) {
  return (
    t.routeTables?.find((r) => r.subnets?.includes(subnetId)) ?? t.routeTables?.find((r) => r.main && r.vpc === vpc)
  );
}

/**
 * The topology as a diagram, in the visual language of AWS architecture diagrams: VPCs, their
 * availability zones and subnets as nested boxes (public subnets green, private ones blue),
 * instances in their primary subnet with an icon, an ENI in another subnet drawn in that subnet
 * and tied to its instance, internet gateways on the VPC's edge, NAT gateways in their subnet.
 * Each subnet's header lists the routes that leave it; the routes are lines from the subnet to
 * their next hop, with no label on the line, so no text ever covers a node. Subnets are plain
 * nodes (not xyflow groups) so that edges can leave them.
 */
export function buildGraph(
  t: Topo,
  highlight?: ReadonlySet<string>,
  runtime?: Pick<RuntimeView, 'vrrp' | 'bgp' | 'failed'>,
): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const failed = new Set(runtime?.failed ?? []);
  const vrrp = new Map((runtime?.vrrp ?? []).map((m) => [m.instance, m]));
  const edges: Edge[] = [];
  const hl = (id: string) => (highlight?.has(id) ? ' node-highlight' : '');
  /** an id with its Name tag (the lab's `name:` when no tag says otherwise), shortened to fit its box */
  const named = (id: string, name?: string) => {
    const n = t.tags?.[id]?.Name ?? name;
    return n ? `${id} · ${n.length > 22 ? `${n.slice(0, 21).trimEnd()}…` : n}` : id;
  };
  const label = (id: string, parentId: string, text: string, width: number, extra = ''): Node => ({
    id: `${id}:label`,
    parentId,
    position: { x: 8, y: 4 },
    draggable: false,
    selectable: false,
    focusable: false,
    data: { label: text },
    className: `node-label${extra}`,
    style: { width, whiteSpace: 'pre' },
  });
  const resource = (id: string, kind: ResourceKind, text: string, rest: Partial<Node>): Node => ({
    id,
    type: 'resource',
    data: { label: text, kind },
    position: { x: 0, y: 0 },
    ...rest,
  });
  let x = 0;
  // peerings, transit gateways and endpoints are drawn below the VPCs once each VPC has its place
  const linkIds = linkNodeIds(t);
  const vpcBoxes = new Map<string, VpcBox>();
  /** ENI → the node a route to it is drawn to: its own box in another subnet, else its instance */
  const eniNode = new Map<string, string>();
  const primary = (i: { interfaces: { subnet: string }[] }) => i.interfaces[0]?.subnet;
  for (const inst of t.instances ?? [])
    for (const e of inst.interfaces) eniNode.set(e.id, e.subnet === primary(inst) ? inst.id : e.id);
  const vrrpOf = new Set((runtime?.vrrp ?? []).map((m) => m.instance));
  type Inst = NonNullable<Topo['instances']>[number];
  const homeEnis = (i: Inst) => i.interfaces.filter((e) => e.subnet === primary(i));
  /** an instance's lines: its name, one per ENI in its primary subnet, and its keepalived badge */
  const instLines = (i: Inst) => 1 + homeEnis(i).length + (vrrpOf.has(i.id) ? 1 : 0);
  /** ENIs of instances elsewhere that sit in this subnet */
  const visitors = (subnetId: string) =>
    (t.instances ?? []).flatMap((i) =>
      primary(i) === subnetId
        ? []
        : i.interfaces.filter((e) => e.subnet === subnetId).map((e) => ({ inst: i, eni: e })),
    );
  const routesOut = (s: { id: string; vpc: string }) => {
    const rt = tableOf(t, s.id, s.vpc);
    return rt ? tableRoutes(t, rt).filter((r) => r.target !== 'local') : [];
  };
  const rows = (s: { id: string }) =>
    (t.instances ?? []).filter((i) => primary(i) === s.id).reduce((h, i) => h + nodeH(instLines(i)) + GAP, 0) +
    visitors(s.id).length * (nodeH(2) + GAP) +
    (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted').length * (nodeH(1) + GAP);
  const overlaps = overlappingVpcs(t);
  for (const vpc of t.vpcs ?? []) {
    const subnets = (t.subnets ?? []).filter((s) => s.vpc === vpc.id);
    const shares = overlaps.get(vpc.id);
    const azs = [...new Set(subnets.map((s) => s.az ?? 'zone not set'))];
    const top = Math.max(headerH(0), ...subnets.map((s) => headerH(Math.max(1, routesOut(s).length))));
    const subnetH = top + 10 + Math.max(nodeH(3), ...subnets.map(rows));
    const azH = subnetH + 50;
    const azW = (az: string) => 20 + subnets.filter((s) => (s.az ?? 'zone not set') === az).length * (SUBNET_W + 20);
    // a VPC with no subnet is still wide enough for its name and block
    const vpcW = Math.max(240, 20 + azs.reduce((n, az) => n + azW(az) + 20, 0));
    const vpcH = azH + 60;
    const vpcY = 140;
    nodes.push({
      id: vpc.id,
      type: 'group',
      position: { x, y: vpcY },
      data: { label: vpc.id },
      className: `node-vpc${shares ? ' node-vpc-overlap' : ''}${hl(vpc.id)}`,
      style: { width: vpcW, height: vpcH },
    });
    nodes.push(
      label(
        vpc.id,
        vpc.id,
        `${named(vpc.id, vpc.name)} ${Array.isArray(vpc.cidr) ? vpc.cidr.join(', ') : vpc.cidr}${shares ? ` · same range as ${shares.join(', ')}` : ''}`,
        shares ? Math.max(260, vpcW - 20) : 260,
      ),
    );
    let azX = 20;
    for (const az of azs) {
      const azId = `${vpc.id}/${az}`;
      nodes.push({
        id: azId,
        type: 'group',
        parentId: vpc.id,
        extent: 'parent',
        position: { x: azX, y: 36 },
        data: { label: az },
        selectable: false,
        focusable: false,
        className: 'node-az',
        style: { width: azW(az), height: azH },
      });
      nodes.push(label(azId, azId, `Availability Zone ${az}`, 240));
      subnets
        .filter((s) => (s.az ?? 'zone not set') === az)
        .forEach((s, i) => {
          const pub = isPublicSubnet(t, s.id);
          const table = tableOf(t, s.id, s.vpc);
          nodes.push({
            id: s.id,
            parentId: azId,
            extent: 'parent',
            position: { x: 20 + i * (SUBNET_W + 20), y: 34 },
            sourcePosition: Position.Top,
            targetPosition: Position.Top,
            data: { label: '' },
            className: `node-subnet ${pub ? 'node-subnet-public' : 'node-subnet-private'}${hl(s.id)}`,
            style: { width: SUBNET_W, height: subnetH },
          });
          // a subnet nobody associated follows whichever table is main (R29): said on each line
          const via = table ? `${table.id}${table.subnets?.includes(s.id) ? '' : ' (main)'}` : 'no route table';
          const out = routesOut(s);
          const routeLines = out.length > 0 ? out.map((r) => `${via}: ${routeText(r)}`) : [`${via}: local only`];
          nodes.push(
            label(
              s.id,
              s.id,
              [`${named(s.id, s.name)} ${s.cidr} · ${pub ? 'public' : 'private'}`, ...routeLines].join('\n'),
              SUBNET_W - 16,
              pub ? ' label-public' : ' label-private',
            ),
          );
          let y = top;
          for (const inst of (t.instances ?? []).filter((k) => primary(k) === s.id)) {
            const member = vrrp.get(inst.id);
            // what the guest believes, at a glance: its keepalived state and whether it holds the VIP
            const badge = member
              ? `\nkeepalived ${member.state}${member.holdsVip ? ` · holds ${member.vip}` : ''}`
              : '';
            const text = `${named(inst.id, inst.name)}${inst.state === 'stopped' ? ' (stopped)' : failed.has(inst.id) ? ' (hung)' : ''}\n${homeEnis(
              inst,
            )
              .map((e) => `${e.id} ${e.privateIp ?? ''}${e.publicIp ? ` / ${e.publicIp}` : ''}`)
              .join('\n')}${badge}`;
            nodes.push(
              resource(inst.id, 'instance', text, {
                parentId: s.id,
                extent: 'parent',
                position: { x: 14, y },
                className: `node-instance${hl(inst.id) || (homeEnis(inst).some((e) => highlight?.has(e.id)) ? ' node-highlight' : '')}${failed.has(inst.id) || inst.state === 'stopped' ? ' node-down' : ''}${member ? ` node-vrrp-${member.state.toLowerCase()}` : ''}`,
                style: { width: SUBNET_W - 28, height: nodeH(instLines(inst)) },
              }),
            );
            y += nodeH(instLines(inst)) + GAP;
          }
          // an ENI whose instance lives in another subnet is drawn here, where its address is
          for (const { inst, eni } of visitors(s.id)) {
            nodes.push(
              resource(
                eni.id,
                'eni',
                `${eni.id} ${eni.privateIp ?? ''}${eni.publicIp ? ` / ${eni.publicIp}` : ''}\nattached to ${inst.id}`,
                {
                  parentId: s.id,
                  extent: 'parent',
                  position: { x: 14, y },
                  className: `node-eni${hl(eni.id) || hl(inst.id)}${failed.has(inst.id) || inst.state === 'stopped' ? ' node-down' : ''}`,
                  style: { width: SUBNET_W - 28, height: nodeH(2) },
                },
              ),
            );
            edges.push({
              id: `attach:${eni.id}`,
              source: inst.id,
              target: eni.id,
              ariaLabel: `${eni.id} is attached to ${inst.id}`,
              className: 'edge-attach',
            });
            y += nodeH(2) + GAP;
          }
          for (const nat of (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted')) {
            nodes.push(
              resource(nat.id, 'nat', `${named(nat.id)} NAT gateway`, {
                parentId: s.id,
                extent: 'parent',
                position: { x: 14, y },
                className: `node-gateway${hl(nat.id)}`,
                style: { width: SUBNET_W - 28, height: nodeH(1) },
              }),
            );
            y += nodeH(1) + GAP;
          }
        });
      azX += azW(az) + 20;
    }
    // internet gateways sit on the VPC's edge, half in and half out
    const igws = (t.internetGateways ?? []).filter((g) => g.vpc === vpc.id);
    igws.forEach((igw, i) => {
      nodes.push(
        resource(igw.id, 'igw', `${named(igw.id)} internet gateway`, {
          position: { x: x + vpcW / 2 - 110 + i * 240, y: vpcY - nodeH(1) / 2 },
          className: `node-gateway node-igw${hl(igw.id)}`,
          style: { width: 220, height: nodeH(1) },
          zIndex: 10,
        }),
      );
    });
    const drawn = new Set(nodes.map((n) => n.id));
    for (const rt of (t.routeTables ?? []).filter((r) => r.vpc === vpc.id)) {
      // explicit associations, and for the main table every subnet nobody associated (R29)
      const implicit = rt.main
        ? subnets.filter((s) => !(t.routeTables ?? []).some((o) => o.subnets?.includes(s.id))).map((s) => s.id)
        : [];
      const served = [...(rt.subnets ?? []), ...implicit];
      for (const sub of served) {
        for (const r of tableRoutes(t, rt)) {
          const target = eniNode.get(r.target) ?? r.target;
          if (!drawn.has(target) && !linkIds.has(target)) continue;
          const lit = (highlight?.has(target) ?? false) || (highlight?.has(rt.id) ?? false);
          // dashed: the subnet follows the main table, and moves when another table becomes main
          const follows = implicit.includes(sub);
          edges.push({
            id: `${rt.id}:${sub}:${r.destination}${'propagated' in r ? ':propagated' : 'advertised' in r ? ':advertised' : ''}`,
            source: sub,
            target,
            ariaLabel: `${rt.id}${follows ? ' (main)' : ''}: ${routeText(r)}`,
            data: { route: `${rt.id}: ${r.destination}` },
            animated: lit,
            className: lit ? 'edge-highlight' : follows ? 'edge-route edge-implicit' : 'edge-route',
          });
        }
      }
    }
    vpcBoxes.set(vpc.id, { x, w: vpcW, bottom: vpcY + vpcH });
    x += vpcW + 80;
  }
  // what joins VPCs or leads out of them, drawn below them (graph-links.ts)
  const links = linkNodes(t, vpcBoxes, { named, hl, resource, nodeH, failed });
  nodes.push(...links.nodes);
  edges.push(...links.edges);
  // BGP sessions: the control plane, drawn dashed between the guests that peer (green when up)
  const drawn = new Set(nodes.map((n) => n.id));
  for (const b of runtime?.bgp ?? []) {
    if (!drawn.has(b.a) || !drawn.has(b.b)) continue;
    const up = b.state === 'Established';
    edges.push({
      id: `bgp:${b.a}:${b.b}`,
      source: b.a,
      target: b.b,
      type: 'straight',
      ariaLabel: `BGP session ${b.a} to ${b.b}: ${up ? 'Established' : 'down'}`,
      className: up ? 'edge-bgp-up' : 'edge-bgp-down',
    });
  }
  // hosts on the internet along the top; those behind an on-premises router are drawn under it
  const routers = new Set((t.onPremisesRouters ?? []).map((r) => r.id));
  (t.externalHosts ?? [])
    .filter((h) => !h.via || !routers.has(h.via))
    .forEach((h, i) =>
      nodes.push(
        resource(h.id, 'external', `${h.id} ${h.ip}`, {
          position: { x: i * 220, y: 0 },
          className: `node-external${hl(h.id)}`,
          style: { width: 200, height: nodeH(1) },
        }),
      ),
    );
  return { nodes: nodes.map(withHandles), edges };
}

/**
 * The points an edge attaches to (its target on top, its source below, unless the node says
 * otherwise), declared from the size the layout gives each box rather than measured in the page.
 * xyflow draws an edge only once it knows both ends' handles; measured ones are forgotten when a
 * node is rebuilt (every tick of the clock) before the browser measures it again, and a busy
 * browser then drew no BGP session at all. Declared, every edge is drawn on the first frame.
 */
function withHandles(n: Node): Node {
  const w = n.style?.width;
  const h = n.style?.height;
  if (typeof w !== 'number' || typeof h !== 'number' || n.type === 'group') return n;
  const at = (type: 'source' | 'target', position: Position, x = w / 2, id?: string) => ({
    type,
    position,
    x,
    y: position === Position.Top ? 0 : h - 1,
    width: 1,
    height: 1,
    ...(id ? { id } : {}),
  });
  // a VPN's tunnels: one line each, side by side (ResourceNode draws the same points)
  const { lanes, lanesAt } = n.data as { lanes?: number; lanesAt?: 'source' | 'target' };
  const laneHandles = Array.from({ length: lanes ?? 0 }, (_, k) =>
    lanesAt === 'source'
      ? at('source', Position.Bottom, laneX(w, k, lanes!), `lane-${k + 1}`)
      : at('target', Position.Top, laneX(w, k, lanes!), `lane-${k + 1}`),
  );
  return {
    ...n,
    width: w,
    height: h,
    handles: [
      at('target', n.targetPosition ?? Position.Top),
      at('source', n.sourcePosition ?? Position.Bottom),
      ...laneHandles,
    ],
  };
}

/** Where lane k of n sits along a node's edge: one in the middle, more spread to near its ends. */
export function laneX(width: number, k: number, n: number): number {
  return width * (n === 1 ? 0.5 : 0.12 + (0.76 * k) / (n - 1));
}

/**
 * What to light up on the diagram for a trace hop: the hop's resource and, for resources the
 * diagram draws no box for, where they act: a security group on the instances whose ENIs carry
 * it, a route table on the subnets it serves (its main-table subnets included), a VPN tunnel on
 * its connection, a load balancer node or an endpoint's interface on its balancer or endpoint.
 */
export function hopHighlight(t: Topo, ids: string[]): Set<string> {
  const out = new Set(ids);
  for (const id of ids) {
    if (id.startsWith('vpn-') && id.includes('/')) out.add(id.slice(0, id.indexOf('/')));
    for (const lb of t.loadBalancers ?? []) if (lb.nodes.some((n) => n.id === id)) out.add(lb.id);
    for (const e of t.vpcEndpoints ?? [])
      if ((e.interfaces as { id?: string }[] | undefined)?.some((n) => n.id === id)) out.add(e.id);
    for (const inst of t.instances ?? []) {
      const ifaces = inst.interfaces as { id: string; securityGroups?: string[] }[];
      if (ifaces.some((e) => e.securityGroups?.includes(id) || e.id === id)) out.add(inst.id);
    }
    const rt = t.routeTables?.find((r) => r.id === id);
    if (rt) {
      for (const s of t.subnets ?? []) {
        const explicit = t.routeTables?.find((r) => r.subnets?.includes(s.id));
        if (explicit?.id === rt.id || (!explicit && rt.main && s.vpc === rt.vpc)) out.add(s.id);
      }
    }
  }
  return out;
}

/** Marks the nodes teammates are looking at: a ring and their names under the label. */
export function markNodes(nodes: Node[], marks: ReadonlyMap<string, string>): Node[] {
  return nodes.map((n) => {
    const who = marks.get(n.id);
    if (!who) return n;
    return {
      ...n,
      className: `${n.className ?? ''} node-teammate`,
      data: { ...n.data, label: `${String(n.data.label)}\n◉ ${who}` },
    };
  });
}
