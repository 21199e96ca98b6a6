/**
 * Issue 17's case of `npm run bench:engine`: a 50-VPC, 5,000-instance transit-gateway network,
 * written out as describe-* JSON (the generation, not timed), imported back (timed: the
 * importer, zod and the build), then the subnet-to-subnet reachability matrix over every ordered
 * pair, for tcp/443 and for icmp (timed each; target: under 10 s on one core).
 */
import {
  buildNetwork,
  exportSnapshot,
  importSnapshot,
  TopologySchema,
  type Network,
  type SnapshotFile,
} from '../engine/index';
import { subnetMatrix } from '../engine/lab/reachability';

const VPCS = 50;
const SUBNETS_PER_VPC = 3;
const INSTANCES = 5000;

/**
 * Three segments on one transit gateway: production VPCs (even), development VPCs (odd), and
 * the first five VPCs as shared services that both reach. Every fifth VPC's group lets only its
 * own VPC in on 443, and ICMP is allowed from the 10/8 everywhere: the matrix has every outcome.
 */
export function transitTopology(): Record<string, unknown> {
  const vpcs = Array.from({ length: VPCS }, (_, v) => ({ id: `vpc-${v}`, cidr: `10.${v}.0.0/16` }));
  const subnets = vpcs.flatMap((_, v) =>
    Array.from({ length: SUBNETS_PER_VPC }, (_, s) => ({
      id: `subnet-${v}-${s}`,
      vpc: `vpc-${v}`,
      az: `us-east-1${'abc'[s % 3]}`,
      cidr: `10.${v}.${s}.0/24`,
    })),
  );
  const segment = (v: number) => (v < 5 ? 'shared' : v % 2 === 0 ? 'prod' : 'dev');
  const attachments = vpcs.map((_, v) => ({
    id: `tgw-attach-${v}`,
    vpc: `vpc-${v}`,
    subnets: Array.from({ length: SUBNETS_PER_VPC }, (_, s) => `subnet-${v}-${s}`),
  }));
  const of = (names: string[]) => attachments.filter((_, v) => names.includes(segment(v))).map((a) => a.id);
  const perVpc = Math.floor(INSTANCES / VPCS);
  return {
    region: 'us-east-1',
    vpcs,
    subnets,
    transitGateways: [
      {
        id: 'tgw-1',
        attachments,
        routeTables: [
          { id: 'tgw-rtb-prod', associations: of(['prod']), propagations: of(['prod', 'shared']) },
          { id: 'tgw-rtb-dev', associations: of(['dev']), propagations: of(['dev', 'shared']) },
          { id: 'tgw-rtb-shared', associations: of(['shared']), propagations: of(['prod', 'dev', 'shared']) },
        ],
      },
    ],
    routeTables: vpcs.map((vpc, v) => ({
      id: `rtb-${v}`,
      vpc: vpc.id,
      main: true,
      routes: [{ destination: '10.0.0.0/8', target: 'tgw-1' }],
    })),
    securityGroups: vpcs.map((vpc, v) => ({
      id: `sg-${v}`,
      vpc: vpc.id,
      inbound: [
        { protocol: 'tcp', ports: 443, source: v % 5 === 4 ? vpc.cidr : '10.0.0.0/8' },
        { protocol: 'icmp', source: '10.0.0.0/8' },
      ],
    })),
    instances: Array.from({ length: INSTANCES }, (_, k) => {
      const v = Math.floor(k / perVpc) % VPCS;
      const i = k % perVpc;
      const s = i % SUBNETS_PER_VPC;
      const host = Math.floor(i / SUBNETS_PER_VPC) + 10;
      return {
        id: `i-${String(k).padStart(5, '0')}`,
        interfaces: [
          {
            id: `eni-${String(k).padStart(5, '0')}`,
            subnet: `subnet-${v}-${s}`,
            privateIp: `10.${v}.${s}.${host}`,
            securityGroups: [`sg-${v}`],
          },
        ],
      };
    }),
  };
}

function build(topology: unknown): Network {
  const built = buildNetwork(TopologySchema.parse(topology));
  if (!built.ok) throw new Error(`bench topology refused: ${JSON.stringify(built.problems.slice(0, 3))}`);
  return built.network;
}

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

export function transitMatrixBench(): void {
  console.log('');
  console.log(
    `reachability matrix: ${VPCS} VPCs on a transit gateway, ${INSTANCES} instances, imported from describe-* JSON`,
  );
  const files: SnapshotFile[] = exportSnapshot(build(transitTopology()));
  const bytes = files.reduce((n, f) => n + JSON.stringify(f.json).length, 0);
  let t0 = performance.now();
  const imported = importSnapshot(files);
  const network = build(imported.topology);
  console.log(
    `  import ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB) + build: ${ms(t0)} (${network.instances.size} instances, ${network.subnets.size} subnets, ${imported.warnings.length} warnings)`,
  );
  for (const opts of [{ protocol: 'tcp', port: 443 } as const, { protocol: 'icmp' } as const]) {
    t0 = performance.now();
    const m = subnetMatrix(network, opts);
    const took = ms(t0);
    const counts = new Map<string, number>();
    for (const row of m.cells) for (const c of row) if (c) counts.set(c.result, (counts.get(c.result) ?? 0) + 1);
    const mix = [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
    const label = opts.protocol === 'tcp' ? 'tcp/443' : 'icmp   ';
    console.log(`  matrix ${label}: ${m.flows} ordered pairs in ${took} (target < 10 s); ${mix}`);
  }
}
