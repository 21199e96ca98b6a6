import { Position, type Edge, type Node } from '@xyflow/react';
import type { RuntimeView } from '@/engine/lab/runtime-view';

export interface Topo {
  vpcs?: { id: string; cidr: string[] | string }[];
  subnets?: { id: string; vpc: string; cidr: string; az?: string }[];
  internetGateways?: { id: string; vpc?: string }[];
  natGateways?: { id: string; subnet: string; state?: string }[];
  routeTables?: {
    id: string;
    vpc: string;
    main?: boolean;
    subnets?: string[];
    routes?: { destination: string; target: string }[];
  }[];
  instances?: {
    id: string;
    state?: string;
    interfaces: { id: string; subnet: string; privateIp?: string; publicIp?: string }[];
  }[];
  externalHosts?: { id: string; ip: string }[];
}

const SUBNET_W = 300;
/** A node's height for its lines of text (12 px type, padding and border), and the gap below it. */
const LINE_H = 15;
const nodeH = (lines: number) => 18 + lines * LINE_H;
const GAP = 8;

/**
 * The topology as a diagram: VPCs, their availability zones and subnets as nested groups,
 * instances with their ENIs inside their primary subnet, gateways, and each subnet's route-table
 * next hops as edges. Subnets are plain nodes (not xyflow groups) so that edges can leave them.
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
  const label = (id: string, parentId: string, text: string, width: number): Node => ({
    id: `${id}:label`,
    parentId,
    position: { x: 8, y: 4 },
    draggable: false,
    selectable: false,
    focusable: false,
    data: { label: text },
    className: 'node-label',
    style: { width },
  });
  let x = 0;
  const enis = new Map<string, string>();
  for (const inst of t.instances ?? []) for (const e of inst.interfaces) enis.set(e.id, inst.id);
  const vrrpOf = new Set((runtime?.vrrp ?? []).map((m) => m.instance));
  /** an instance's lines: its name, one per ENI, and its keepalived badge */
  const instLines = (i: { id: string; interfaces: unknown[] }) => 1 + i.interfaces.length + (vrrpOf.has(i.id) ? 1 : 0);
  const rows = (s: { id: string }) =>
    (t.instances ?? [])
      .filter((i) => i.interfaces[0]?.subnet === s.id)
      .reduce((h, i) => h + nodeH(instLines(i)) + GAP, 0) +
    (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted').length * (nodeH(1) + GAP);
  for (const vpc of t.vpcs ?? []) {
    const subnets = (t.subnets ?? []).filter((s) => s.vpc === vpc.id);
    const azs = [...new Set(subnets.map((s) => s.az ?? 'zone not set'))];
    const subnetH = 44 + Math.max(nodeH(3), ...subnets.map(rows));
    const azH = subnetH + 50;
    const azW = (az: string) => 20 + subnets.filter((s) => (s.az ?? 'zone not set') === az).length * (SUBNET_W + 20);
    const vpcW = 20 + azs.reduce((n, az) => n + azW(az) + 20, 0);
    const vpcH = azH + 60;
    nodes.push({
      id: vpc.id,
      type: 'group',
      position: { x, y: 120 },
      data: { label: vpc.id },
      className: `node-vpc${hl(vpc.id)}`,
      style: { width: vpcW, height: vpcH },
    });
    nodes.push(label(vpc.id, vpc.id, `${vpc.id} ${Array.isArray(vpc.cidr) ? vpc.cidr.join(', ') : vpc.cidr}`, 260));
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
      nodes.push(label(azId, azId, az, 200));
      subnets
        .filter((s) => (s.az ?? 'zone not set') === az)
        .forEach((s, i) => {
          nodes.push({
            id: s.id,
            parentId: azId,
            extent: 'parent',
            position: { x: 20 + i * (SUBNET_W + 20), y: 34 },
            sourcePosition: Position.Top,
            targetPosition: Position.Top,
            data: { label: '' },
            className: `node-subnet${hl(s.id)}`,
            style: { width: SUBNET_W, height: subnetH },
          });
          nodes.push(label(s.id, s.id, `${s.id} ${s.cidr}`, SUBNET_W - 16));
          let y = 34;
          for (const inst of (t.instances ?? []).filter((k) => k.interfaces[0]?.subnet === s.id)) {
            const member = vrrp.get(inst.id);
            // what the guest believes, at a glance: its keepalived state and whether it holds the VIP
            const badge = member
              ? `\nkeepalived ${member.state}${member.holdsVip ? ` · holds ${member.vip}` : ''}`
              : '';
            const text = `${inst.id}${inst.state === 'stopped' ? ' (stopped)' : failed.has(inst.id) ? ' (hung)' : ''}\n${inst.interfaces.map((e) => `${e.id} ${e.privateIp ?? ''}${e.publicIp ? ` / ${e.publicIp}` : ''}`).join('\n')}${badge}`;
            nodes.push({
              id: inst.id,
              parentId: s.id,
              extent: 'parent',
              position: { x: 14, y },
              data: { label: text },
              className: `node-instance${hl(inst.id) || (inst.interfaces.some((e) => highlight?.has(e.id)) ? ' node-highlight' : '')}${failed.has(inst.id) || inst.state === 'stopped' ? ' node-down' : ''}${member ? ` node-vrrp-${member.state.toLowerCase()}` : ''}`,
              style: { whiteSpace: 'pre', width: SUBNET_W - 28, height: nodeH(instLines(inst)) },
            });
            y += nodeH(instLines(inst)) + GAP;
          }
          for (const nat of (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted')) {
            nodes.push({
              id: nat.id,
              parentId: s.id,
              extent: 'parent',
              position: { x: 14, y },
              data: { label: `${nat.id} (NAT gateway)` },
              className: `node-gateway${hl(nat.id)}`,
              style: { width: SUBNET_W - 28 },
            });
            y += nodeH(1) + GAP;
          }
        });
      azX += azW(az) + 20;
    }
    for (const igw of (t.internetGateways ?? []).filter((g) => g.vpc === vpc.id)) {
      nodes.push({
        id: igw.id,
        position: { x: x + vpcW / 2 - 80, y: 30 },
        data: { label: `${igw.id} (internet gateway)` },
        className: `node-gateway${hl(igw.id)}`,
      });
    }
    const drawn = new Set(nodes.map((n) => n.id));
    for (const rt of (t.routeTables ?? []).filter((r) => r.vpc === vpc.id)) {
      const served = rt.main
        ? subnets.filter((s) => !(t.routeTables ?? []).some((o) => o.subnets?.includes(s.id))).map((s) => s.id)
        : (rt.subnets ?? []);
      for (const sub of served) {
        for (const r of rt.routes ?? []) {
          const target = enis.get(r.target) ?? r.target;
          if (!drawn.has(target)) continue;
          const lit = (highlight?.has(target) ?? false) || (highlight?.has(rt.id) ?? false);
          edges.push({
            id: `${rt.id}:${sub}:${r.destination}`,
            source: sub,
            target,
            label: `${rt.id}: ${r.destination}`,
            animated: lit,
            className: lit ? 'edge-highlight' : 'edge-route',
            labelStyle: { fontSize: 11 },
          });
        }
      }
    }
    x += vpcW + 80;
  }
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
  (t.externalHosts ?? []).forEach((h, i) =>
    nodes.push({
      id: h.id,
      position: { x: i * 190, y: -60 },
      data: { label: `${h.id} ${h.ip}` },
      className: `node-external${hl(h.id)}`,
    }),
  );
  return { nodes, edges };
}

/**
 * What to light up on the diagram for a trace hop: the hop's resource and, for resources the
 * diagram draws no box for, where they act: a security group on the instances whose ENIs carry
 * it, a route table on the subnets it serves (its main-table subnets included).
 */
export function hopHighlight(t: Topo, ids: string[]): Set<string> {
  const out = new Set(ids);
  for (const id of ids) {
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
