/**
 * `npm run bench:engine`: generates topologies of 10 to 10,000 instances and prints, for
 * each, the YAML parse time, the build time (parsed object → network ready to trace, zod
 * validation included), single-flow traces per second and memory.
 * Targets (issue 2): build 10,000 instances < 1 s; ≥ 100,000 traces/s at 1,000 instances;
 * memory growing linearly. Issue 17: a 50-VPC transit-gateway network imported from describe-*
 * JSON, and its subnet reachability matrix in < 10 s (bench-engine-matrix.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  buildNetwork,
  ConnectionState,
  traceFlow,
  TopologySchema,
  World,
  type Network,
  type Sender,
} from '../engine/index';
import { ControlState } from '../engine/control/control-state';
import { advanceTime, settle } from '../engine/control/daemons/clock';
import { tickBgpSessions, computeBgpRoutes, installBgpRoutes } from '../engine/control/daemons/bgp';
import { runAwsCommand } from '../engine/control/aws/run-aws';
import { daemonCommand } from '../engine/control/shell/daemon-command';
import { loadLevels } from '../app/_server/levels/level-files';
import { runStepJob } from '../app/_server/steps/step-job';
import type { Packet } from '../engine/trace/types';
import { transitMatrixBench } from './bench-engine-matrix';

const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000,10000').split(',').map(Number);
const HOSTS_PER_SUBNET = 200;

/** A realistic account: public and private subnets, NAT, groups with references, a custom NACL. */
export function generateTopology(instances: number): Record<string, unknown> {
  const subnetCount = Math.max(2, Math.ceil(instances / HOSTS_PER_SUBNET));
  const subnets = Array.from({ length: subnetCount }, (_, s) => ({
    id: `subnet-${s}`,
    vpc: 'vpc-1',
    az: `us-east-1${'abc'[s % 3]}`,
    cidr: `10.${Math.floor(s / 256)}.${s % 256}.0/24`,
  }));
  const publicSubnets = subnets.filter((_, s) => s % 4 === 0);
  return {
    region: 'us-east-1',
    // a second block when 256 subnets of a /16 are not enough (R3)
    vpcs: [{ id: 'vpc-1', cidr: subnetCount > 256 ? ['10.0.0.0/16', '10.1.0.0/16'] : '10.0.0.0/16' }],
    subnets,
    internetGateways: [{ id: 'igw-1', vpc: 'vpc-1' }],
    natGateways: [{ id: 'nat-1', subnet: 'subnet-0', privateIp: '10.0.0.250', publicIp: '198.51.100.250' }],
    routeTables: [
      {
        id: 'rtb-pub',
        vpc: 'vpc-1',
        subnets: publicSubnets.map((s) => s.id),
        routes: [{ destination: '0.0.0.0/0', target: 'igw-1' }],
      },
      {
        id: 'rtb-priv',
        vpc: 'vpc-1',
        main: true,
        routes: [
          { destination: '0.0.0.0/0', target: 'nat-1' },
          { destination: '192.168.0.0/16', target: 'blackhole' },
        ],
      },
    ],
    securityGroups: [
      {
        id: 'sg-web',
        vpc: 'vpc-1',
        inbound: [
          { protocol: 'tcp', ports: 443, source: '0.0.0.0/0' },
          { protocol: 'icmp', source: '10.0.0.0/8' },
          { protocol: 'tcp', ports: 22, source: 'sg-admin' },
        ],
      },
      {
        id: 'sg-app',
        vpc: 'vpc-1',
        inbound: [
          { protocol: 'tcp', ports: '8000-8100', source: 'sg-web' },
          { protocol: 'icmp', source: '0.0.0.0/0' },
        ],
      },
      { id: 'sg-admin', vpc: 'vpc-1', inbound: [] },
    ],
    networkAcls: [
      {
        id: 'acl-1',
        vpc: 'vpc-1',
        subnets: subnets.filter((_, s) => s % 4 === 1).map((s) => s.id),
        inbound: [
          { rule: 100, protocol: 'all', cidr: '10.0.0.0/8', action: 'allow' },
          { rule: 200, protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0', action: 'allow' },
        ],
        outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }],
      },
    ],
    instances: Array.from({ length: instances }, (_, i) => {
      const s = i % subnetCount;
      const host = Math.floor(i / subnetCount) + 10;
      const isPublic = s % 4 === 0;
      return {
        id: `i-${i}`,
        interfaces: [
          {
            id: `eni-${i}`,
            subnet: `subnet-${s}`,
            privateIp: `10.${Math.floor(s / 256)}.${s % 256}.${host}`,
            ...(isPublic
              ? { publicIp: `${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}.1` }
              : {}),
            securityGroups: isPublic ? ['sg-web'] : ['sg-app'],
          },
        ],
        os: { listen: isPublic ? ['tcp/443'] : ['tcp/8080'] },
      };
    }),
    externalHosts: [{ id: 'client', ip: '203.0.113.7', listen: ['tcp/443'] }],
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** A fixed mix of flows: same subnet, across subnets, to the internet, in from the internet. */
function flowMix(network: Network, count: number): { sender: Sender; packet: Packet }[] {
  const ids = [...network.instances.values()];
  const out: { sender: Sender; packet: Packet }[] = [];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) % ids.length;
  for (let k = 0; k < count; k++) {
    const a = ids[next()]!;
    const b = ids[next()]!;
    const kind = k % 4;
    const src = a.enis[0]!.primaryIp;
    if (kind === 3) {
      const pub = [...b.enis[0]!.publicByPrivate.values()][0];
      const host = network.externalHosts.get('client')!;
      out.push({
        sender: { kind: 'external', host },
        packet: { src: host.ip, dst: pub ?? b.enis[0]!.primaryIp, protocol: 6, srcPort: 40000, dstPort: 443, ttl: 64 },
      });
    } else if (kind === 2) {
      out.push({
        sender: { kind: 'instance', instance: a },
        packet: {
          src,
          dst: network.externalHosts.get('client')!.ip,
          protocol: 6,
          srcPort: 49152,
          dstPort: 443,
          ttl: 64,
        },
      });
    } else {
      out.push({
        sender: { kind: 'instance', instance: a },
        packet: {
          src,
          dst: b.enis[0]!.primaryIp,
          protocol: kind === 0 ? 1 : 6,
          srcPort: kind === 0 ? 1 : 49152,
          dstPort: kind === 0 ? 1 : 8080,
          ttl: 64,
        },
      });
    }
  }
  return out;
}

function main(): void {
  console.log('Underlay engine benchmark (one core; Node ' + process.version + ')');
  console.log(
    'instances | YAML bytes | YAML parse | build (zod+network) | heap held by the network | RSS so far | traces/s (request+reply) | outcomes',
  );
  for (const n of SIZES) {
    const text = stringify({ title: `bench ${n}`, topology: generateTopology(n) });
    gc();
    const parsed = time(() => parse(text) as { topology: unknown });
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    // warm once on small sizes so the JIT does not count as build time
    if (n <= 1000) buildNetwork(TopologySchema.parse(parsed.value.topology));
    const built = time(() => {
      const topology = TopologySchema.parse(parsed.value.topology);
      return buildNetwork(topology);
    });
    if (!built.value.ok) throw new Error(`bench topology refused: ${JSON.stringify(built.value.problems.slice(0, 3))}`);
    const network = built.value.network;
    gc();
    const heap = process.memoryUsage().heapUsed - heap0;
    const flows = flowMix(network, 2000);
    const world = new World();
    const outcomes = new Map<string, number>();
    for (const f of flows) {
      const r = traceFlow(network, world, f.sender, f.packet, new ConnectionState()).result;
      outcomes.set(r, (outcomes.get(r) ?? 0) + 1);
    }
    const rounds = n >= 10000 ? 25 : 50;
    const t0 = performance.now();
    let traced = 0;
    for (let r = 0; r < rounds; r++) {
      for (const f of flows) {
        // as the lab runner does for each expect: captures show only the latest experiment
        world.startExperiment();
        traceFlow(network, world, f.sender, f.packet, new ConnectionState());
        traced++;
      }
    }
    const perSecond = traced / ((performance.now() - t0) / 1000);
    const mix = [...outcomes.entries()].map(([k, v]) => `${k} ${Math.round((100 * v) / flows.length)}%`).join(', ');
    const perInstance = n >= 1000 ? ` (${(heap / n / 1024).toFixed(2)} KB/instance)` : '';
    const row = `${String(n).padStart(9)} | ${String(text.length).padStart(10)} | ${parsed.ms.toFixed(1).padStart(7)} ms | ${built.ms.toFixed(1).padStart(16)} ms | ${(mb(heap) + perInstance).padStart(16)} | ${mb(process.memoryUsage().rss).padStart(9)} | ${Math.round(perSecond).toLocaleString('en-US').padStart(24)} | ${mix}`;
    console.log(row);
  }
  console.log(`peak RSS ${mb(process.memoryUsage().rss)}`);
  controlPlane();
  levelTime();
  transitMatrixBench();
}

/** 1,000 instances, 20 of them BGP speakers in a ring, 10 keepalived pairs (issue 3 target: < 50 ms). */
function withDaemons(): Record<string, unknown> {
  const t = generateTopology(1000) as {
    instances: { id: string; interfaces: { subnet: string; privateIp: string }[]; os: Record<string, unknown> }[];
    securityGroups: { id: string; inbound: unknown[] }[];
  };
  t.securityGroups
    .find((g) => g.id === 'sg-app')!
    .inbound.push({ protocol: 'tcp', ports: 179, source: '10.0.0.0/8' }, { protocol: 112, source: '10.0.0.0/8' });
  const inSubnet = (name: string) => t.instances.filter((i) => i.interfaces[0]!.subnet === name);
  const speakers = inSubnet('subnet-1').slice(0, 20);
  speakers.forEach((inst, k) => {
    const prev = speakers[(k + 19) % 20]!;
    const next = speakers[(k + 1) % 20]!;
    inst.os.bgp = {
      asn: 65000 + k,
      neighbors: [
        { ip: prev.interfaces[0]!.privateIp, remoteAsn: 65000 + ((k + 19) % 20) },
        { ip: next.interfaces[0]!.privateIp, remoteAsn: 65000 + ((k + 1) % 20) },
      ],
      networks: [`172.16.${k}.0/24`],
    };
  });
  const pairs = inSubnet('subnet-2').slice(0, 20);
  for (let k = 0; k < 10; k++) {
    const [a, b] = [pairs[2 * k]!, pairs[2 * k + 1]!];
    const vip = `10.0.2.${230 + k}`;
    a.os.vrrp = { mode: 'unicast', group: k + 1, priority: 200, peers: [b.interfaces[0]!.privateIp], vip };
    b.os.vrrp = { mode: 'unicast', group: k + 1, priority: 100, peers: [a.interfaces[0]!.privateIp], vip };
  }
  return t;
}

function controlPlane(): void {
  const built = buildNetwork(TopologySchema.parse(withDaemons()));
  if (!built.ok) throw new Error(JSON.stringify(built.problems.slice(0, 3)));
  const state = new ControlState(built.network);
  settle(state);
  const w0 = performance.now();
  advanceTime(state, 30, daemonCommand);
  const waitMs = performance.now() - w0;
  const routes = [...state.network.instances.values()].reduce((n, i) => n + i.os.daemonRoutes.length, 0);
  const masters = [...state.daemons.vrrp.values()].filter((r) => r.state === 'MASTER').length;
  const samples: number[] = [];
  for (let k = 0; k < 30; k++) {
    const t0 = performance.now();
    const r = runAwsCommand(
      state,
      `ec2 authorize-security-group-ingress --group-id sg-web --protocol tcp --port ${20000 + k} --cidr 192.0.2.0/24`,
    );
    if (!r.ok) throw new Error(r.output);
    settle(state);
    if (tickBgpSessions(state)) installBgpRoutes(state, computeBgpRoutes(state));
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log('');
  console.log('control plane: 1,000 instances, 20 BGP speakers (ring), 10 VRRP pairs');
  console.log(
    `  after 30 s of simulated time: ${routes} BGP routes installed, ${masters} VRRP masters; simulating those 30 s took ${waitMs.toFixed(0)} ms`,
  );
  console.log(
    `  one API call + re-evaluation (rebuild, daemons, BGP keepalives, best paths to a fixpoint): p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms (target < 50 ms)`,
  );
}

/** Percentiles of a sample, in ms. */
function percentiles(samples: number[]): { p50: string; p95: string; max: string } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return { p50: at(0.5), p95: at(0.95), max: at(1) };
}

/**
 * Issue 12: what advancing level 3's and level 4's network costs on the server, as a step
 * thread does it (restore the attempt's snapshot, advance, snapshot again, the runtime view for
 * the page): by 1 s (a running clock's tick) and by 30 s (a check's wait, or +30 s), from the
 * start and from a failover drill; and the tick a page receives.
 */
function levelTime(): void {
  const levels = new Map(
    loadLevels(path.resolve(import.meta.dirname, '../challenges')).levels.map((l) => [l.challenge.id, l.challenge]),
  );
  console.log('');
  console.log(
    'simulated time on levels 3 and 4, server side (a step thread: snapshot in, advance, snapshot and runtime view out)',
  );
  console.log('level | from | advance | p50 | p95 | max | snapshot | tick pushed to the page');
  const cases: [string, string, unknown[]][] = [
    ['03-ha-failover-without-garp', 'start', []],
    ['03-ha-failover-without-garp', 'fixed, fw1 crashed', [...l3Fix(), { wait: 10 }, { fail: 'i-fw1' }]],
    ['04-bgp-appliance-in-subnet', 'start', []],
    ['04-bgp-appliance-in-subnet', 'after 10 min', [{ wait: 600 }]],
  ];
  for (const [levelId, label, setup] of cases) {
    const start = runStepJob(levels, { levelId, from: null, replay: setup, progress: false });
    for (const seconds of [1, 30]) {
      const samples: number[] = [];
      let bytes = 0;
      let tick = 0;
      for (let i = 0; i < 40; i++) {
        const t0 = performance.now();
        const o = runStepJob(levels, {
          levelId,
          from: start.snapshot,
          replay: [],
          ...(seconds === 1 ? { tick: { seconds, first: true } } : { step: { raw: { wait: seconds }, index: 1 } }),
          progress: false,
        });
        samples.push(performance.now() - t0);
        bytes = o.bytes;
        tick = JSON.stringify({
          attemptId: '00000000-0000-0000-0000-000000000000',
          version: 1,
          clock: { running: true },
          runtime: o.runtime,
        }).length;
      }
      const p = percentiles(samples.slice(5));
      console.log(
        `${levelId.slice(0, 2)} | ${label} | ${String(seconds).padStart(2)} s | ${p.p50} ms | ${p.p95} ms | ${p.max} ms | ${(bytes / 1024).toFixed(1)} kB | ${(tick / 1024).toFixed(1)} kB`,
      );
    }
  }
}

/** Level 3's fix as its reference solution writes it (before the drill). */
function l3Fix(): unknown[] {
  const sol = parse(
    readFileSync(path.resolve(import.meta.dirname, '../challenges/03-ha-failover-without-garp/solution.yaml'), 'utf8'),
  ) as {
    steps: Record<string, unknown>[];
  };
  return sol.steps.slice(0, 7).filter((st) => !('expectError' in st));
}

main();
