import { PROTOCOL_NUMBERS } from '../engine/net/protocols';
import { parse } from 'yaml';
import {
  buildNetwork,
  ConnectionState,
  parseLabObject,
  loadLab,
  runLab,
  resolveFlow,
  traceFlow,
  TopologySchema,
  World,
  type FlowTrace,
  type LabReport,
  type Network,
  type Problem,
} from '../engine/index';

/** Builds a network from a topology written as YAML; fails the test on any problem. */
export function net(yaml: string): Network {
  const parsed = TopologySchema.safeParse(parse(yaml));
  if (!parsed.success) throw new Error(`topology does not parse: ${parsed.error.message}`);
  const built = buildNetwork(parsed.data);
  if (!built.ok)
    throw new Error(`topology refused: ${built.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return built.network;
}

/** The problems a topology (YAML) gets, from the schema or from AWS's rules. */
export function problems(yaml: string): Problem[] {
  const lab = parseLabObject({ title: 't', topology: parse(yaml) });
  if (!lab.ok) return lab.problems;
  const loaded = loadLab(lab.lab);
  return loaded.ok ? [] : loaded.problems;
}

export interface FlowArgs {
  from: string;
  to: string;
  protocol?: string | number;
  port?: number;
  fromIp?: string;
  sourcePort?: number;
}

/** Traces one request and its reply through a network, from a fresh connection. */
export function flow(network: Network, args: FlowArgs, world = new World()): FlowTrace {
  const r = resolveFlow(network, {
    from: args.from,
    to: args.to,
    protocol:
      typeof args.protocol === 'number'
        ? args.protocol
        : PROTOCOL_NUMBERS[(args.protocol ?? 'icmp') as 'icmp' | 'tcp' | 'udp'],
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.fromIp !== undefined ? { fromIp: args.fromIp } : {}),
    ...(args.sourcePort !== undefined ? { sourcePort: args.sourcePort } : {}),
    direction: 'request',
  });
  if (!r.ok) throw new Error(r.error);
  return traceFlow(network, world, r.sender, r.packet, new ConnectionState());
}

/** The ids a packet crossed, in order (drop hop included). */
export function path(trace: FlowTrace, which: 'request' | 'reply' = 'request'): string[] {
  return (which === 'request' ? trace.request : trace.reply)?.hops.map((h) => h.resource) ?? [];
}

/** The drop code that ended the request, or the reply when the request got through. */
export function dropCode(trace: FlowTrace): string | undefined {
  const end = trace.request.ending.kind === 'dropped' ? trace.request.ending : trace.reply?.ending;
  return end?.kind === 'dropped' ? end.drop.code : undefined;
}

export function dropAt(trace: FlowTrace): string | undefined {
  const end = trace.request.ending.kind === 'dropped' ? trace.request.ending : trace.reply?.ending;
  return end?.kind === 'dropped' ? end.drop.at : undefined;
}

/** Runs a whole lab written as YAML (topology and steps). */
export function runYaml(yaml: string): LabReport {
  const parsed = parseLabObject(parse(yaml));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const loaded = loadLab(parsed.lab);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return runLab(loaded.loaded, 'inline.yaml');
}

/** The steps of a lab (YAML) that failed, each as its summary and what went wrong: `[]` when all passed. */
export function failedSteps(yaml: string): (string | undefined)[][] {
  return runYaml(yaml)
    .steps.filter((s) => !s.ok)
    .map((s) => [s.summary, s.error ?? s.mismatches?.join('; ')]);
}

/** A public subnet with two instances (the level-1 layout), open security groups. */
export const TWO_HOSTS = `
vpcs: [{ id: vpc-a, cidr: 10.0.0.0/16 }]
subnets:
  - { id: subnet-pub, vpc: vpc-a, az: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-priv, vpc: vpc-a, az: us-east-1a, cidr: 10.0.2.0/24 }
internetGateways: [{ id: igw-a, vpc: vpc-a }]
routeTables:
  - { id: rtb-pub, vpc: vpc-a, subnets: [subnet-pub], routes: [{ destination: 0.0.0.0/0, target: igw-a }] }
securityGroups:
  - { id: sg-open, vpc: vpc-a, inbound: [{ protocol: all, source: 0.0.0.0/0 }] }
instances:
  - id: i-a
    interfaces: [{ id: eni-a, subnet: subnet-pub, privateIp: 10.0.1.10, publicIp: 198.51.100.10, securityGroups: [sg-open] }]
  - id: i-b
    interfaces: [{ id: eni-b, subnet: subnet-pub, privateIp: 10.0.1.20, publicIp: 198.51.100.20, securityGroups: [sg-open] }]
  - id: i-p
    interfaces: [{ id: eni-p, subnet: subnet-priv, privateIp: 10.0.2.30, securityGroups: [sg-open] }]
    os: { listen: [tcp/22, udp/53] }
externalHosts:
  - { id: web, ip: 203.0.113.80, listen: [tcp/443] }
`;
