import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, hopHighlight, isPublicSubnet, type Topo } from '../../app/_components/play/graph';
import { loadLevels } from '../../app/_server/levels/level-files';

const { levels } = loadLevels(path.resolve(import.meta.dirname, '../../challenges'));
const topologyOf = (id: string) => levels.find((l) => l.challenge.id === id)!.challenge.lab.topology as unknown as Topo;

describe('the play page diagram (graph.ts)', () => {
  it('nests VPC → availability zone → subnet → instance, and draws each route-table next hop as an edge from the subnet', () => {
    const t = topologyOf('02-private-subnet-nat') as Topo & Required<Pick<Topo, 'subnets' | 'routeTables'>>;
    const { nodes, edges } = buildGraph(t);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const s of t.subnets) {
      const parent = byId.get(s.id)?.parentId;
      expect(parent, s.id).toMatch(new RegExp(`/${s.az ?? 'zone not set'}$`));
      expect(byId.get(parent!)?.parentId, `${s.id}'s zone`).toBe(s.vpc);
    }
    // every drawn edge starts at a subnet and ends at a node that exists
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) {
      expect(t.subnets.map((s) => s.id)).toContain(e.source);
      expect(byId.has(e.target), e.id).toBe(true);
    }
    const natRoute = t.routeTables.flatMap((r) =>
      (r.routes ?? []).filter((x) => x.target.startsWith('nat-')).flatMap(() => r.subnets ?? []),
    );
    for (const sub of natRoute)
      expect(
        edges.some((e) => e.source === sub && e.target.startsWith('nat-')),
        sub,
      ).toBe(true);
  });

  it('a route to an ENI is drawn to the instance that owns it', () => {
    const { edges } = buildGraph({
      vpcs: [{ id: 'vpc-1', cidr: '10.0.0.0/16' }],
      subnets: [{ id: 'subnet-a', vpc: 'vpc-1', cidr: '10.0.1.0/24', az: 'us-east-1a' }],
      routeTables: [
        {
          id: 'rtb-1',
          vpc: 'vpc-1',
          main: true,
          routes: [
            { destination: '10.9.0.0/16', target: 'eni-fw' },
            { destination: '0.0.0.0/0', target: 'vgw-missing' },
          ],
        },
      ],
      instances: [{ id: 'i-fw', interfaces: [{ id: 'eni-fw', subnet: 'subnet-a', privateIp: '10.0.1.5' }] }],
    });
    expect(edges.map((e) => [e.source, e.target, e.ariaLabel])).toEqual([
      ['subnet-a', 'i-fw', 'rtb-1 (main): 10.9.0.0/16 → eni-fw'],
    ]);
  });

  it('a peering connection is drawn between the VPCs it joins, with the routes that lead to it from each side', () => {
    const { nodes, edges } = buildGraph({
      vpcs: [
        { id: 'vpc-a', cidr: '10.0.0.0/16' },
        { id: 'vpc-b', cidr: '10.1.0.0/16' },
      ],
      subnets: [
        { id: 'subnet-a', vpc: 'vpc-a', cidr: '10.0.1.0/24', az: 'us-east-1a' },
        { id: 'subnet-b', vpc: 'vpc-b', cidr: '10.1.1.0/24', az: 'us-east-1a' },
      ],
      peeringConnections: [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'pending-acceptance' }],
      routeTables: [
        { id: 'rtb-a', vpc: 'vpc-a', main: true, routes: [{ destination: '10.1.0.0/16', target: 'pcx-ab' }] },
        { id: 'rtb-b', vpc: 'vpc-b', main: true, routes: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] },
      ],
    });
    const pcx = nodes.find((n) => n.id === 'pcx-ab')!;
    expect(pcx.data).toMatchObject({ kind: 'pcx', label: 'pcx-ab peering vpc-a ↔ vpc-b · pending-acceptance' });
    // below both VPCs, between them
    const vpcA = nodes.find((n) => n.id === 'vpc-a')!;
    const vpcB = nodes.find((n) => n.id === 'vpc-b')!;
    expect(pcx.position.y).toBeGreaterThan(vpcA.position.y + Number(vpcA.style!.height));
    expect(pcx.position.x).toBeGreaterThan(vpcA.position.x);
    expect(pcx.position.x).toBeLessThan(vpcB.position.x + Number(vpcB.style!.width));
    expect(edges.filter((e) => e.target === 'pcx-ab').map((e) => e.source)).toEqual(['subnet-a', 'subnet-b']);
  });

  it("marks VPCs that share a range (level 11's vpc-app and vpc-acme), and no other", () => {
    const { nodes } = buildGraph(topologyOf('11-vpc-peering'));
    const frame = (id: string) => nodes.find((n) => n.id === id)!;
    const caption = (id: string) => String(nodes.find((n) => n.id === `${id}:label`)!.data.label);
    expect(frame('vpc-app').className).toContain('node-vpc-overlap');
    expect(frame('vpc-acme').className).toContain('node-vpc-overlap');
    expect(caption('vpc-app')).toContain('10.1.0.0/16 · same range as vpc-acme');
    expect(caption('vpc-acme')).toContain('same range as vpc-app');
    for (const id of ['vpc-shared', 'vpc-data']) {
      expect(frame(id).className).not.toContain('overlap');
      expect(caption(id)).not.toContain('same range');
    }
  });

  it("draws a transit gateway's route tables under it, each with what it routes for and learns (level 12)", () => {
    const { nodes } = buildGraph(topologyOf('12-transit-gateway'), new Set(['tgw-core', 'tgw-rtb-default']));
    const table = (id: string) => nodes.find((n) => n.id === id)!;
    expect(table('tgw-rtb-default').data).toMatchObject({
      kind: 'tgw-rtb',
      label: 'tgw-rtb-default · routes for vpc-dev · learns vpc-egress, vpc-prod, vpc-shared, vpc-insp, vpc-dev',
    });
    expect(table('tgw-rtb-shared').data).toMatchObject({
      label: 'tgw-rtb-shared · routes for vpc-shared · learns nothing',
    });
    // under the gateway, and lit when a hop names it
    expect(table('tgw-rtb-default').position.y).toBeGreaterThan(table('tgw-core').position.y);
    expect(table('tgw-rtb-default').className).toContain('node-highlight');
    expect(table('tgw-rtb-prod').className).not.toContain('node-highlight');
  });

  it('draws a VPN as the gateway, the connection and one line per tunnel to the router, the hosts behind it below, and what propagation brings (level 13)', () => {
    const { nodes, edges } = buildGraph(
      {
        vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
        subnets: [{ id: 'subnet-a', vpc: 'vpc-a', cidr: '10.0.1.0/24', az: 'us-east-1a' }],
        routeTables: [{ id: 'rtb-a', vpc: 'vpc-a', subnets: ['subnet-a'], routes: [], propagatingGateways: ['vgw-a'] }],
        vpnGateways: [{ id: 'vgw-a', vpc: 'vpc-a' }],
        customerGateways: [{ id: 'cgw-dc', ip: '203.0.113.10' }],
        vpnConnections: [
          {
            id: 'vpn-dc',
            gateway: 'vgw-a',
            routing: 'bgp',
            customerGateway: 'cgw-dc',
            tunnels: [
              // 10.0.20.0/24 is inside the VPC: it never beats the local route and is not drawn (R34)
              { outsideIp: '198.51.100.21', bgp: { up: true, learned: ['192.168.10.0/24', '10.0.20.0/24'] } },
              { outsideIp: '198.51.100.22', bgp: { up: false, learned: [] } },
            ],
          },
        ],
        onPremisesRouters: [{ id: 'r-dc', customerGateway: 'cgw-dc', os: { bgp: { asn: 65010 } } }],
        externalHosts: [
          { id: 'erp', ip: '192.168.10.20', via: 'r-dc' },
          { id: 'web', ip: '203.0.113.80' },
        ],
      },
      new Set(['vpn-dc/198.51.100.21']),
      { vrrp: [], bgp: [], failed: ['vpn-dc/198.51.100.22'] },
    );
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(byId.get('vgw-a')!.data).toMatchObject({ kind: 'vgw', label: 'vgw-a virtual private gateway' });
    expect(byId.get('vpn-dc')!.data).toMatchObject({ kind: 'vpn', label: 'vpn-dc Site-to-Site VPN · BGP', lanes: 2 });
    expect(byId.get('r-dc')!.data).toMatchObject({
      kind: 'router',
      label: 'r-dc on-premises router\nFRR AS 65010 · cgw-dc 203.0.113.10',
    });
    const tunnels = edges.filter((e) => e.id.startsWith('tunnel:'));
    expect(tunnels.map((e) => [e.sourceHandle, e.targetHandle, e.label, e.className])).toEqual([
      ['lane-1', 'lane-1', 'tunnel 1 · IPsec up · BGP up (2)', 'edge-highlight'],
      ['lane-2', 'lane-2', 'tunnel 2 · IPsec down · BGP down', 'edge-tunnel-down'],
    ]);
    // the tunnels run straight down: each lane sits at the same x on both ends
    const handle = (id: string, lane: string) => {
      const n = byId.get(id)!;
      return n.position.x + n.handles!.find((h) => h.id === lane)!.x;
    };
    expect(handle('vpn-dc', 'lane-1')).toBe(handle('r-dc', 'lane-1'));
    expect(handle('vpn-dc', 'lane-2')).toBe(handle('r-dc', 'lane-2'));
    // the host behind the router is drawn under it; the internet's on the top row
    expect(byId.get('erp')!.position.y).toBeGreaterThan(byId.get('r-dc')!.position.y);
    expect(byId.get('web')!.position.y).toBe(0);
    expect(edges.some((e) => e.source === 'r-dc' && e.target === 'erp')).toBe(true);
    // propagation: the learned prefix is a route in the subnet's header and a line to the gateway
    expect(String(byId.get('subnet-a:label')!.data.label)).toContain('rtb-a: 192.168.10.0/24 → vgw-a (propagated)');
    expect(String(byId.get('subnet-a:label')!.data.label)).not.toContain('10.0.20.0/24');
    expect(edges.find((e) => e.source === 'subnet-a' && e.target === 'vgw-a')?.ariaLabel).toBe(
      'rtb-a: 192.168.10.0/24 → vgw-a (propagated)',
    );
  });

  it('draws a load balancer and an interface endpoint tied to the subnets they have interfaces in, and a VPN connection under its gateway’s VPC', () => {
    const { nodes, edges } = buildGraph(
      {
        vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
        subnets: [
          { id: 'subnet-a', vpc: 'vpc-a', cidr: '10.0.1.0/24', az: 'us-east-1a' },
          { id: 'subnet-b', vpc: 'vpc-a', cidr: '10.0.2.0/24', az: 'us-east-1b' },
        ],
        loadBalancers: [
          {
            id: 'net/web/1',
            vpc: 'vpc-a',
            nodes: [
              { id: 'eni-lb-a', subnet: 'subnet-a' },
              { id: 'eni-lb-b', subnet: 'subnet-b' },
            ],
            listeners: [{ port: 80 }, { port: 443 }],
          },
        ],
        vpcEndpoints: [
          {
            id: 'vpce-sqs',
            vpc: 'vpc-a',
            type: 'interface',
            service: 'com.amazonaws.us-east-1.sqs',
            interfaces: [{ subnet: 'subnet-b' }],
          },
        ],
        vpnGateways: [{ id: 'vgw-1', vpc: 'vpc-a' }],
        vpnConnections: [{ id: 'vpn-1', gateway: 'vgw-1', routing: 'bgp' }],
      },
      new Set(['net/web/1']),
    );
    const lb = nodes.find((n) => n.id === 'net/web/1')!;
    expect(lb.data).toMatchObject({ kind: 'lb', label: 'net/web/1 network load balancer · 80, 443' });
    expect(lb.className).toContain('node-highlight');
    expect(edges.filter((e) => e.target === 'net/web/1').map((e) => e.source)).toEqual(['subnet-a', 'subnet-b']);
    expect(edges.filter((e) => e.target === 'net/web/1').every((e) => e.className === 'edge-highlight')).toBe(true);
    expect(nodes.find((n) => n.id === 'vpce-sqs')!.data).toMatchObject({
      kind: 'vpce',
      label: 'vpce-sqs interface endpoint · sqs',
    });
    expect(edges.filter((e) => e.target === 'vpce-sqs').map((e) => e.source)).toEqual(['subnet-b']);
    expect(nodes.find((n) => n.id === 'vpn-1')!.data).toMatchObject({
      kind: 'vpn',
      label: 'vpn-1 Site-to-Site VPN · vgw-1 · BGP',
    });
  });

  it('a transit gateway is drawn below the VPCs it attaches, tied to each attachment subnet, with the routes that lead to it', () => {
    const { nodes, edges } = buildGraph({
      vpcs: [
        { id: 'vpc-a', cidr: '10.1.0.0/16' },
        { id: 'vpc-b', cidr: '10.2.0.0/16' },
      ],
      subnets: [
        { id: 'subnet-a', vpc: 'vpc-a', cidr: '10.1.1.0/24', az: 'us-east-1a' },
        { id: 'subnet-b', vpc: 'vpc-b', cidr: '10.2.1.0/24', az: 'us-east-1a' },
      ],
      transitGateways: [
        {
          id: 'tgw-1',
          attachments: [
            { id: 'tgw-attach-a', vpc: 'vpc-a', subnets: ['subnet-a'] },
            { id: 'tgw-attach-b', vpc: 'vpc-b', subnets: ['subnet-b'] },
            { id: 'tgw-attach-vpn', vpn: 'vpn-1' },
          ],
        },
      ],
      routeTables: [
        { id: 'rtb-a', vpc: 'vpc-a', main: true, routes: [{ destination: '10.0.0.0/8', target: 'tgw-1' }] },
      ],
    });
    expect(nodes.find((n) => n.id === 'tgw-1')!.data).toMatchObject({
      kind: 'tgw',
      label: 'tgw-1 transit gateway · vpn-1',
    });
    expect(edges.filter((e) => e.target === 'tgw-1').map((e) => [e.source, e.className])).toEqual([
      ['subnet-a', 'edge-route edge-implicit'],
      ['subnet-a', 'edge-attach'],
      ['subnet-b', 'edge-attach'],
    ]);
  });

  it('a gateway endpoint is drawn below its VPC, with the routes that send its prefix list to it', () => {
    const { nodes, edges } = buildGraph({
      vpcs: [{ id: 'vpc-a', cidr: '10.1.0.0/16' }],
      subnets: [{ id: 'subnet-a', vpc: 'vpc-a', cidr: '10.1.1.0/24', az: 'us-east-1a' }],
      vpcEndpoints: [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 'com.amazonaws.us-east-1.s3' }],
      routeTables: [
        { id: 'rtb-a', vpc: 'vpc-a', subnets: ['subnet-a'], routes: [{ destination: 'pl-s3', target: 'vpce-s3' }] },
      ],
    });
    expect(nodes.find((n) => n.id === 'vpce-s3')!.data).toMatchObject({ kind: 'vpce', label: 'vpce-s3 endpoint · s3' });
    expect(edges.map((e) => [e.source, e.target, e.ariaLabel])).toEqual([
      ['subnet-a', 'vpce-s3', 'rtb-a: pl-s3 → vpce-s3'],
    ]);
  });

  it('a subnet that follows the main table is drawn dashed and says so; one associated explicitly, even with the main table, solid', () => {
    const { nodes, edges } = buildGraph({
      vpcs: [{ id: 'vpc-1', cidr: '10.0.0.0/16' }],
      subnets: [
        { id: 'subnet-a', vpc: 'vpc-1', cidr: '10.0.1.0/24', az: 'us-east-1a' },
        { id: 'subnet-b', vpc: 'vpc-1', cidr: '10.0.2.0/24', az: 'us-east-1a' },
        { id: 'subnet-c', vpc: 'vpc-1', cidr: '10.0.3.0/24', az: 'us-east-1a' },
      ],
      internetGateways: [{ id: 'igw-1', vpc: 'vpc-1' }],
      routeTables: [
        {
          id: 'rtb-main',
          vpc: 'vpc-1',
          main: true,
          subnets: ['subnet-b'],
          routes: [{ destination: '0.0.0.0/0', target: 'igw-1' }],
        },
        { id: 'rtb-empty', vpc: 'vpc-1', subnets: ['subnet-c'], routes: [] },
      ],
    });
    expect(edges.map((e) => [e.source, e.ariaLabel, e.className])).toEqual([
      ['subnet-b', 'rtb-main: 0.0.0.0/0 → igw-1', 'edge-route'],
      ['subnet-a', 'rtb-main (main): 0.0.0.0/0 → igw-1', 'edge-route edge-implicit'],
    ]);
    // a table with the local route only still says which table the subnet uses
    expect(String(nodes.find((n) => n.id === 'subnet-c:label')!.data.label)).toContain('rtb-empty: local only');
  });

  it('no text is drawn over a node: routes are listed in the subnet header, lines carry no label but a tunnel’s, in a gap', () => {
    for (const l of levels) {
      const t = l.challenge.lab.topology as unknown as Topo;
      const { nodes, edges } = buildGraph(t);
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (const e of edges) {
        if (!e.id.startsWith('tunnel:')) expect(e.label, `${l.challenge.id} ${e.id}`).toBeUndefined();
        else {
          // a tunnel's label sits halfway down its line, in the gap no node is drawn in
          const from = byId.get(e.source)!;
          const mid = (from.position.y + (from.height ?? 0) + byId.get(e.target)!.position.y) / 2;
          const over = nodes.filter(
            (n) => !n.parentId && n.type !== 'group' && n.position.y <= mid && mid <= n.position.y + (n.height ?? 0),
          );
          expect(
            over.map((n) => n.id),
            `${l.challenge.id} ${e.id}`,
          ).toEqual([]);
        }
      }
      for (const s of t.subnets ?? []) {
        const header = String(nodes.find((n) => n.id === `${s.id}:label`)!.data.label);
        const routes = edges.filter((e) => e.source === s.id && !e.id.startsWith('attach:'));
        for (const e of routes) expect(header, `${l.challenge.id} ${s.id}`).toContain(String(e.ariaLabel));
        // the header's lines end above the first resource in the subnet
        const lines = header.split('\n').length;
        for (const n of nodes.filter((m) => m.parentId === s.id && !m.id.endsWith(':label')))
          expect(n.position.y, `${l.challenge.id} ${n.id}`).toBeGreaterThanOrEqual(8 + lines * 16);
      }
    }
  });

  it('tells public subnets from private ones (a route to an internet gateway, R54) and puts the gateway on the VPC edge', () => {
    const t = topologyOf('02-private-subnet-nat');
    const { nodes } = buildGraph(t);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const s of t.subnets ?? []) {
      const pub = isPublicSubnet(t, s.id);
      expect(byId.get(s.id)!.className).toContain(pub ? 'node-subnet-public' : 'node-subnet-private');
      expect(String(byId.get(`${s.id}:label`)!.data.label)).toContain(pub ? '· public' : '· private');
    }
    expect((t.subnets ?? []).some((s) => isPublicSubnet(t, s.id))).toBe(true);
    expect((t.subnets ?? []).some((s) => !isPublicSubnet(t, s.id))).toBe(true);
    const vpc = byId.get(t.vpcs![0]!.id)!;
    const igw = byId.get(t.internetGateways![0]!.id)!;
    const h = Number((igw.style as { height: number }).height);
    // half above the VPC's top border, half below it
    expect(igw.position.y).toBeLessThan(vpc.position.y);
    expect(igw.position.y + h).toBeGreaterThan(vpc.position.y);
    expect(igw.data.kind).toBe('igw');
  });

  it('draws an ENI in its own subnet, tied to its instance, and routes to it end there (level 3’s eni-fw1-in)', () => {
    const t = topologyOf('03-ha-failover-without-garp');
    const { nodes, edges } = buildGraph(t);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const fw1 = t.instances!.find((i) => i.id === 'i-fw1')!;
    const inside = fw1.interfaces.find((e) => e.id === 'eni-fw1-in')!;
    expect(inside.subnet).not.toBe(fw1.interfaces[0]!.subnet);
    expect(byId.get('eni-fw1-in')!.parentId).toBe(inside.subnet);
    expect(byId.get('i-fw1')!.parentId).toBe(fw1.interfaces[0]!.subnet);
    expect(String(byId.get('i-fw1')!.data.label)).not.toContain('eni-fw1-in');
    expect(String(byId.get('eni-fw1-in')!.data.label)).toContain('attached to i-fw1');
    expect(edges.find((e) => e.id === 'attach:eni-fw1-in')).toMatchObject({ source: 'i-fw1', target: 'eni-fw1-in' });
    // rtb-app's default route to eni-fw1-in ends at the ENI's own box
    expect(edges.some((e) => e.target === 'eni-fw1-in' && String(e.ariaLabel).includes('0.0.0.0/0'))).toBe(true);
  });

  it('a trace hop at a security group lights the instances that carry it; a route table lights the subnets it serves', () => {
    const t = topologyOf('01-where-is-my-public-ip');
    expect([...hopHighlight(t, ['sg-b'])].sort()).toEqual(['i-b', 'sg-b']);
    expect([...hopHighlight(t, ['sg-hosts'])].sort()).toEqual(['i-a', 'i-c', 'sg-hosts']);
    expect([...hopHighlight(t, ['rtb-pub'])].sort()).toEqual(['rtb-pub', 'subnet-pub']);
    const { nodes } = buildGraph(t, hopHighlight(t, ['sg-b']));
    expect(nodes.filter((n) => n.className?.includes('node-highlight')).map((n) => n.id)).toEqual(['i-b']);
  });

  it('badges what the daemons hold: keepalived state and the VIP, hung instances greyed, BGP sessions as edges', () => {
    const t = topologyOf('04-bgp-appliance-in-subnet');
    const runtime = {
      failed: ['i-h2'],
      vrrp: [
        { instance: 'i-h1', name: 'HA', state: 'MASTER' as const, vip: '10.0.1.254', holdsVip: true, priority: 200 },
      ],
      bgp: [
        { a: 'i-h1', b: 'i-r1', state: 'Established' as const, sides: [] },
        { a: 'i-batch', b: 'i-r2', state: 'Idle' as const, sides: [] },
      ],
    };
    const { nodes, edges } = buildGraph(t, undefined, runtime);
    const node = (id: string) => nodes.find((n) => n.id === id)!;
    expect(String(node('i-h1').data.label)).toContain('keepalived MASTER · holds 10.0.1.254');
    expect(node('i-h1').className).toContain('node-vrrp-master');
    expect(String(node('i-h2').data.label)).toContain('i-h2 (hung)');
    expect(node('i-h2').className).toContain('node-down');
    expect(node('i-r2').className).toContain('node-down');
    expect(edges.filter((e) => e.id.startsWith('bgp:')).map((e) => [e.source, e.target, e.className])).toEqual([
      ['i-h1', 'i-r1', 'edge-bgp-up'],
      ['i-batch', 'i-r2', 'edge-bgp-down'],
    ]);
    // a badge line makes the node taller; nodes below it move down, never overlap
    const h1 = node('i-h1');
    const below = nodes.filter((n) => n.parentId === h1.parentId && n.position.y > h1.position.y);
    for (const n of below)
      expect(n.position.y).toBeGreaterThanOrEqual(h1.position.y + Number((h1.style as { height: number }).height));
  });
  it('every edge ends at declared handles, so xyflow draws it on the first frame without measuring the page', () => {
    const runtime = { failed: [], vrrp: [], bgp: [{ a: 'i-h1', b: 'i-r1', state: 'Established' as const, sides: [] }] };
    for (const level of ['02-private-subnet-nat', '03-ha-failover-without-garp', '04-bgp-appliance-in-subnet']) {
      const { nodes, edges } = buildGraph(topologyOf(level), undefined, runtime);
      expect(edges.length).toBeGreaterThan(0);
      for (const e of edges) {
        for (const [end, type] of [
          [e.source, 'source'],
          [e.target, 'target'],
        ] as const) {
          const n = nodes.find((x) => x.id === end)!;
          const handle = n.handles?.find((h) => h.type === type);
          expect(handle, `${level} ${e.id}: ${type} handle on ${end}`).toBeDefined();
          expect(n.width).toBe((n.style as { width: number }).width);
          expect(n.height).toBe((n.style as { height: number }).height);
          // on the node's own box: top or bottom edge, in the middle
          expect(handle!.x).toBe(n.width! / 2);
          expect([0, n.height! - 1]).toContain(handle!.y);
        }
      }
    }
    // a subnet's routes leave from its top, toward the gateways on the VPC's edge
    const { nodes } = buildGraph(topologyOf('02-private-subnet-nat'));
    const subnet = nodes.find((n) => n.className?.includes('node-subnet-public'))!;
    expect(subnet.handles?.find((h) => h.type === 'source')?.y).toBe(0);
  });
  it('draws Name tags beside the ids (create-tags, or the lab’s name:), shortened to fit the box', () => {
    const t = {
      ...topologyOf('02-private-subnet-nat'),
      tags: { 'subnet-app': { Name: 'app tier' } },
    } as Topo;
    const inst = t.instances![0]!;
    t.tags![inst.id] = { Name: 'a very long instance name indeed' };
    const { nodes } = buildGraph(t);
    expect(String(nodes.find((n) => n.id === 'subnet-app:label')!.data.label)).toMatch(/^subnet-app · app tier 10\./);
    expect(String(nodes.find((n) => n.id === inst.id)!.data.label).split('\n')[0]).toBe(
      `${inst.id} · a very long instance…`,
    );
  });
});
