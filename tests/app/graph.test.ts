import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, hopHighlight, type Topo } from '../../app/_components/play/graph';
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
    expect(edges.map((e) => [e.source, e.target, e.label])).toEqual([['subnet-a', 'i-fw', 'rtb-1: 10.9.0.0/16']]);
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
});
