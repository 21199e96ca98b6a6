import type { Edge, Node } from '@xyflow/react';

interface Topo {
  vpcs?: { id: string; cidr: string[] | string }[];
  subnets?: { id: string; vpc: string; cidr: string; az?: string }[];
  internetGateways?: { id: string; vpc?: string }[];
  natGateways?: { id: string; subnet: string; state?: string }[];
  routeTables?: { id: string; vpc: string; main?: boolean; subnets?: string[]; routes?: { destination: string; target: string }[] }[];
  instances?: { id: string; state?: string; interfaces: { id: string; subnet: string; privateIp?: string; publicIp?: string }[] }[];
  externalHosts?: { id: string; ip: string }[];
}

const SUBNET_W = 300;
const INST_H = 62;

/**
 * The topology as a diagram: VPCs and subnets as groups, instances with their ENIs inside
 * their primary subnet, gateways, and each subnet's route-table next hops as edges.
 */
export function buildGraph(t: Topo, highlight?: ReadonlySet<string>): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const hl = (id: string) => (highlight?.has(id) ? ' node-highlight' : '');
  let x = 0;
  const enis = new Map<string, string>();
  for (const inst of t.instances ?? []) for (const e of inst.interfaces) enis.set(e.id, inst.id);
  for (const vpc of t.vpcs ?? []) {
    const subnets = (t.subnets ?? []).filter((s) => s.vpc === vpc.id);
    const heights = subnets.map((s) => 60 + INST_H * Math.max(1, (t.instances ?? []).filter((i) => i.interfaces[0]?.subnet === s.id).length + (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted').length));
    const vpcH = 70 + Math.max(120, Math.max(0, ...heights));
    const vpcW = 40 + subnets.length * (SUBNET_W + 20);
    nodes.push({ id: vpc.id, type: 'group', position: { x, y: 120 }, data: { label: vpc.id }, style: { width: vpcW, height: vpcH, background: 'rgba(124,196,255,0.06)', border: '1px solid #7cc4ff', color: '#e8eef4' } });
    nodes.push({ id: `${vpc.id}:label`, position: { x: 10, y: 6 }, parentId: vpc.id, draggable: false, selectable: false, data: { label: `${vpc.id} ${Array.isArray(vpc.cidr) ? vpc.cidr.join(', ') : vpc.cidr}` }, style: { background: 'transparent', border: 'none', color: '#e8eef4', width: 260, fontSize: 12 } });
    subnets.forEach((s, i) => {
      nodes.push({ id: s.id, type: 'group', parentId: vpc.id, extent: 'parent', position: { x: 20 + i * (SUBNET_W + 20), y: 40 }, data: { label: s.id }, style: { width: SUBNET_W, height: heights[i], background: 'rgba(111,220,140,0.07)', border: '1px dashed #6fdc8c' }, className: hl(s.id) });
      nodes.push({ id: `${s.id}:label`, parentId: s.id, position: { x: 8, y: 4 }, draggable: false, selectable: false, data: { label: `${s.id} ${s.cidr}${s.az ? ` (${s.az})` : ''}` }, style: { background: 'transparent', border: 'none', color: '#e8eef4', width: SUBNET_W - 16, fontSize: 12 } });
      let row = 0;
      for (const inst of (t.instances ?? []).filter((k) => k.interfaces[0]?.subnet === s.id)) {
        const label = `${inst.id}${inst.state === 'stopped' ? ' (stopped)' : ''}\n${inst.interfaces.map((e) => `${e.id} ${e.privateIp ?? ''}${e.publicIp ? ` / ${e.publicIp}` : ''}`).join('\n')}`;
        nodes.push({ id: inst.id, parentId: s.id, extent: 'parent', position: { x: 14, y: 34 + row * INST_H }, data: { label }, className: `node-instance${hl(inst.id) || (inst.interfaces.some((e) => highlight?.has(e.id)) ? ' node-highlight' : '')}`, style: { whiteSpace: 'pre', width: SUBNET_W - 28 } });
        row++;
      }
      for (const nat of (t.natGateways ?? []).filter((n) => n.subnet === s.id && n.state !== 'deleted')) {
        nodes.push({ id: nat.id, parentId: s.id, extent: 'parent', position: { x: 14, y: 34 + row * INST_H }, data: { label: `${nat.id} (NAT gateway)` }, className: `node-gateway${hl(nat.id)}` });
        row++;
      }
    });
    for (const igw of (t.internetGateways ?? []).filter((g) => g.vpc === vpc.id)) {
      nodes.push({ id: igw.id, position: { x: x + vpcW / 2 - 60, y: 30 }, data: { label: `${igw.id} (internet gateway)` }, className: `node-gateway${hl(igw.id)}` });
    }
    for (const rt of (t.routeTables ?? []).filter((r) => r.vpc === vpc.id)) {
      const served = rt.main ? subnets.filter((s) => !(t.routeTables ?? []).some((o) => o.subnets?.includes(s.id))).map((s) => s.id) : (rt.subnets ?? []);
      for (const sub of served) {
        for (const r of rt.routes ?? []) {
          const target = enis.get(r.target) ?? r.target;
          if (!nodes.some((n) => n.id === target)) continue;
          edges.push({ id: `${rt.id}:${sub}:${r.destination}`, source: sub, target, label: `${rt.id}: ${r.destination}`, animated: highlight?.has(target) ?? false, style: { stroke: '#ffd37a' }, labelStyle: { fontSize: 11 } });
        }
      }
    }
    x += vpcW + 80;
  }
  (t.externalHosts ?? []).forEach((h, i) => nodes.push({ id: h.id, position: { x: i * 190, y: -60 }, data: { label: `${h.id} ${h.ip}` }, className: `node-external${hl(h.id)}` }));
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
