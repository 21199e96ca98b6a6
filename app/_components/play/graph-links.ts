import type { Edge, Node } from '@xyflow/react';
import type { ResourceKind, Topo } from './graph';

/** Where a VPC's box sits: what joins VPCs is drawn between and below them. */
export interface VpcBox {
  x: number;
  w: number;
  bottom: number;
}

/** The drawing helpers buildGraph shares with this file. */
interface Drawing {
  named: (id: string) => string;
  hl: (id: string) => string;
  resource: (id: string, kind: ResourceKind, text: string, rest: Partial<Node>) => Node;
  nodeH: (lines: number) => number;
}

const WIDTH = 300;

/** Ids drawn below the VPCs: a route to one of them is drawn as a line to it. */
export function linkNodeIds(t: Topo): Set<string> {
  return new Set([
    ...(t.peeringConnections ?? []).map((p) => p.id),
    ...(t.transitGateways ?? []).map((g) => g.id),
    ...(t.vpcEndpoints ?? []).filter((e) => e.type !== 'interface').map((e) => e.id),
  ]);
}

/**
 * Peering connections between the two VPCs they join (R88), transit gateways under the VPCs they
 * attach, tied to each attachment subnet (R94), VPC endpoints under their VPC (an interface
 * endpoint tied to each subnet it has an interface in), Network Load Balancers tied to each
 * subnet they have a node in, and VPN connections under the VPC of their gateway: one row each,
 * below every VPC, centred on what they serve.
 */
export function linkNodes(t: Topo, boxes: ReadonlyMap<string, VpcBox>, d: Drawing): { nodes: Node[]; edges: Edge[] } {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const top = Math.max(0, ...[...boxes.values()].map((b) => b.bottom)) + 40;
  const centre = (ids: (string | undefined)[]) => {
    const served = ids.flatMap((id) => (id && boxes.get(id) ? [boxes.get(id)!] : []));
    return served.length > 0 ? served.reduce((n, b) => n + b.x + b.w / 2, 0) / served.length : WIDTH / 2;
  };
  const row = (id: string, kind: ResourceKind, text: string, vpcs: (string | undefined)[]) =>
    nodes.push(
      d.resource(id, kind, text, {
        position: { x: centre(vpcs) - WIDTH / 2, y: top + nodes.length * (d.nodeH(1) + 20) },
        className: `node-gateway node-${kind}${d.hl(id)}`,
        style: { width: WIDTH, height: d.nodeH(1) },
      }),
    );
  for (const p of t.peeringConnections ?? []) {
    // a peering to another account's VPC is drawn under the lab's side
    if (!boxes.has(p.requester) && !boxes.has(p.accepter)) continue;
    const status = p.status ?? 'active';
    const away = p.remote ? ` (outside the lab${p.remote.owner ? `, account ${p.remote.owner}` : ''})` : '';
    const text = `${d.named(p.id)} peering ${p.requester} ↔ ${p.accepter}${away}${status === 'active' ? '' : ` · ${status}`}`;
    row(p.id, 'pcx', text, [p.requester, p.accepter]);
  }
  for (const g of t.transitGateways ?? []) {
    const others = (g.attachments ?? []).filter((a) => !a.vpc).map((a) => a.vpn ?? a.peer);
    const text = `${d.named(g.id)} transit gateway${others.length > 0 ? ` · ${others.join(', ')}` : ''}`;
    row(
      g.id,
      'tgw',
      text,
      (g.attachments ?? []).map((a) => a.vpc),
    );
    // its route tables under it, each with what it routes for (associated) and learns (propagated)
    const vpcOf = (id: string) => {
      const a = g.attachments?.find((x) => x.id === id);
      return a?.vpc ?? a?.vpn ?? a?.peer ?? id;
    };
    for (const rt of g.routeTables ?? []) {
      const assoc = (rt.associations ?? []).map(vpcOf).join(', ') || 'nothing';
      const prop = (rt.propagations ?? []).map(vpcOf).join(', ') || 'nothing';
      row(rt.id, 'tgw-rtb', `${d.named(rt.id)} · routes for ${assoc} · learns ${prop}`, [
        ...(g.attachments ?? []).map((a) => a.vpc),
      ]);
    }
    for (const a of g.attachments ?? [])
      for (const sub of a.subnets ?? [])
        edges.push({
          id: `attach:${a.id}:${sub}`,
          source: sub,
          target: g.id,
          ariaLabel: `${a.id}: ${g.id} attached in ${sub}`,
          className: d.hl(a.id) ? 'edge-highlight' : 'edge-attach',
        });
  }
  const tie = (id: string, subnet: string, label: string) =>
    edges.push({
      id: `attach:${id}:${subnet}`,
      source: subnet,
      target: id,
      ariaLabel: label,
      className: d.hl(id) ? 'edge-highlight' : 'edge-attach',
    });
  for (const e of t.vpcEndpoints ?? []) {
    if (!boxes.has(e.vpc)) continue;
    const kind = e.type === 'interface' ? 'interface endpoint' : 'endpoint';
    row(e.id, 'vpce', `${d.named(e.id)} ${kind} · ${e.service.split('.').slice(-1)[0]}`, [e.vpc]);
    for (const i of e.interfaces ?? []) tie(e.id, i.subnet, `${e.id}: an interface in ${i.subnet}`);
  }
  for (const lb of t.loadBalancers ?? []) {
    if (!boxes.has(lb.vpc)) continue;
    const ports = (lb.listeners ?? []).map((l) => l.port).join(', ');
    row(lb.id, 'lb', `${d.named(lb.id)} network load balancer${ports ? ` · ${ports}` : ''}`, [lb.vpc]);
    for (const n of lb.nodes) tie(lb.id, n.subnet, `${lb.id}: a node in ${n.subnet}`);
  }
  for (const c of t.vpnConnections ?? []) {
    const vpc = (t.vpnGateways ?? []).find((g) => g.id === c.gateway)?.vpc;
    const how = c.routing === 'bgp' ? 'BGP' : 'static routes';
    const router = (t.onPremisesRouters ?? []).find((r) => r.customerGateway === c.customerGateway);
    const cgw = c.customerGateway ? ` ↔ ${c.customerGateway}${router ? ` (${router.id})` : ''}` : '';
    // where a router speaks BGP over the tunnels, each tunnel's session and what it taught the gateway
    const sessions = (c.tunnels ?? []).some((x) => x.bgp)
      ? ` · ${(c.tunnels ?? [])
          .map((x, i) => `tunnel ${i + 1} ${x.bgp?.up ? `BGP up, ${x.bgp.learned.length} routes` : 'no BGP'}`)
          .join(', ')}`
      : '';
    row(c.id, 'vpn', `${d.named(c.id)} Site-to-Site VPN · ${c.gateway}${cgw} · ${how}${sessions}`, [vpc]);
  }
  return { nodes, edges };
}
