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
  /** what the simulator took down: instances, tunnels (`vpn-dc/198.51.100.21`) */
  failed: ReadonlySet<string>;
}

const WIDTH = 300;

/** Ids drawn below the VPCs: a route to one of them is drawn as a line to it. */
export function linkNodeIds(t: Topo): Set<string> {
  return new Set([
    ...(t.peeringConnections ?? []).map((p) => p.id),
    ...(t.transitGateways ?? []).map((g) => g.id),
    ...(t.vpcEndpoints ?? []).filter((e) => e.type !== 'interface').map((e) => e.id),
    ...(t.vpnGateways ?? [])
      .filter((g) => g.vpc && (t.vpnConnections ?? []).some((c) => c.gateway === g.id))
      .map((g) => g.id),
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
  vpnRows(t, d, row, nodes, edges);
  // VPC Route Servers: the server, then each endpoint tied to its subnet; the appliances' BGP
  // sessions to the endpoints are drawn with the guests' (graph.ts)
  for (const rs of t.routeServers ?? []) {
    if (!rs.vpc || !boxes.has(rs.vpc)) continue;
    row(rs.id, 'rs', `${d.named(rs.id)} VPC Route Server · AS ${rs.amazonSideAsn ?? 65000}`, [rs.vpc]);
    for (const ep of rs.endpoints ?? []) {
      row(ep.id, 'rse', `${d.named(ep.id)} endpoint · ${ep.subnet}${ep.privateIp ? ` ${ep.privateIp}` : ''}`, [rs.vpc]);
      tie(ep.id, ep.subnet, `${ep.id}: ${rs.id}'s endpoint in ${ep.subnet}`);
    }
  }
  return { nodes, edges };
}

/**
 * Site-to-Site VPNs: the virtual private gateway (routes to it are lines from the subnets), the
 * connection under it, and, where a router sits behind the customer gateway, the router below
 * with the hosts behind it, joined to the connection by one line per tunnel, each saying whether
 * its IPsec and its BGP session are up (R105) and lit when a trace crosses it.
 */
function vpnRows(
  t: Topo,
  d: Drawing,
  row: (id: string, kind: ResourceKind, text: string, vpcs: (string | undefined)[]) => number,
  nodes: Node[],
  edges: Edge[],
): void {
  const vgws = new Set<string>();
  const routers: { router: NonNullable<Topo['onPremisesRouters']>[number]; vpn: string }[] = [];
  for (const c of t.vpnConnections ?? []) {
    const gw = (t.vpnGateways ?? []).find((g) => g.id === c.gateway);
    if (gw?.vpc && !vgws.has(gw.id)) {
      vgws.add(gw.id);
      row(gw.id, 'vgw', `${d.named(gw.id)} virtual private gateway`, [gw.vpc]);
    }
    const how = c.routing === 'bgp' ? 'BGP' : 'static routes';
    const router = (t.onPremisesRouters ?? []).find((r) => r.customerGateway === c.customerGateway);
    // the lines say where it runs when a router is drawn; otherwise the text does
    const ends = router ? '' : ` · ${c.gateway}${c.customerGateway ? ` ↔ ${c.customerGateway}` : ''}`;
    row(c.id, 'vpn', `${d.named(c.id)} Site-to-Site VPN${ends} · ${how}`, [gw?.vpc]);
    if (gw?.vpc)
      edges.push({
        id: `attach:${gw.id}:${c.id}`,
        source: gw.id,
        target: c.id,
        ariaLabel: `${c.id} ends on ${gw.id}`,
        className: d.hl(c.id) && d.hl(gw.id) ? 'edge-highlight' : 'edge-attach',
      });
    if (router && !routers.some((r) => r.router.id === router.id)) routers.push({ router, vpn: c.id });
  }
  const bottom = Math.max(0, ...nodes.map((n) => n.position.y + d.nodeH(1)));
  for (const { router, vpn } of routers) {
    const over = nodes.find((n) => n.id === vpn)!;
    const y = bottom + 110;
    const cgw = (t.customerGateways ?? []).find((g) => g.id === router.customerGateway);
    const asn = router.os?.bgp ? `FRR AS ${router.os.bgp.asn} · ` : '';
    const text = `${router.id} on-premises router\n${asn}${router.customerGateway}${cgw ? ` ${cgw.ip}` : ''}`;
    const node = d.resource(router.id, 'router', text, {
      position: { x: over.position.x, y },
      className: `node-gateway node-router${d.hl(router.id)}`,
      style: { width: WIDTH, height: d.nodeH(2) },
    });
    // each tunnel its own line: two points to attach to, on the router's top and the connection's bottom
    nodes.push({ ...node, data: { ...node.data, lanes: 2, lanesAt: 'target' } });
    over.data = { ...over.data, lanes: 2, lanesAt: 'source' };
    // one line per tunnel of each connection ending on the router's customer gateway
    for (const c of (t.vpnConnections ?? []).filter((x) => x.customerGateway === router.customerGateway))
      (c.tunnels ?? []).forEach((x, k) => {
        const id = `${c.id}/${x.outsideIp}`;
        const ipsec = !d.failed.has(id);
        const bgp = x.bgp ? (x.bgp.up ? `BGP up (${x.bgp.learned.length})` : 'BGP down') : undefined;
        const lit = d.hl(id) !== '';
        edges.push({
          id: `tunnel:${id}`,
          source: c.id,
          sourceHandle: c.id === vpn ? `lane-${k + 1}` : null,
          target: router.id,
          targetHandle: `lane-${k + 1}`,
          type: 'straight',
          label: `tunnel ${k + 1} · IPsec ${ipsec ? 'up' : 'down'}${bgp ? ` · ${bgp}` : ''}`,
          ariaLabel: `${id}: tunnel ${k + 1}, IPsec ${ipsec ? 'up' : 'down'}${bgp ? `, ${bgp}` : ''}`,
          animated: lit,
          className: lit
            ? 'edge-highlight'
            : !ipsec
              ? 'edge-tunnel-down'
              : x.bgp?.up === false
                ? 'edge-bgp-down'
                : 'edge-bgp-up',
        });
      });
    // the hosts behind the router, in a row under it
    const behind = (t.externalHosts ?? []).filter((h) => h.via === router.id);
    behind.forEach((h, i) =>
      nodes.push(
        d.resource(h.id, 'external', `${h.id} ${h.ip}`, {
          position: {
            x: over.position.x + WIDTH / 2 - (behind.length * 210 - 10) / 2 + i * 210,
            y: y + d.nodeH(2) + 40,
          },
          className: `node-external${d.hl(h.id)}`,
          style: { width: 200, height: d.nodeH(1) },
        }),
      ),
    );
    for (const h of behind)
      edges.push({
        id: `lan:${router.id}:${h.id}`,
        source: router.id,
        target: h.id,
        ariaLabel: `${h.id} is behind ${router.id}`,
        className: d.hl(h.id) && d.hl(router.id) ? 'edge-highlight' : 'edge-attach',
      });
  }
}
