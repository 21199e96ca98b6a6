import { cloneData } from '../model/clone';
import { buildNetwork } from '../network/build-network';
import type { Network } from '../network/network';
import { ipToString } from '../net/ipv4';
import type { Problem } from '../model/problems';
import type { Topology } from '../model/topology';
import { World } from '../trace/world';
import { DaemonRuntime } from './daemons/daemon-runtime';
import { resourcesOf } from './resource-types';
import { routeStateChanges } from './route-state-events';

/** An AWS API refusal: the code and message the CLI prints (R127 §18). */
export interface AwsFailure {
  code: string;
  message: string;
}

/**
 * The control plane's state: the topology as AWS records it (the source of truth an API
 * call edits), the network built from it, and the runtime world. Every change goes through
 * `apply`, which edits a copy and rebuilds: a call that leaves a topology AWS could not
 * hold is refused whole, with the build's error code, and nothing changes (R36, §18).
 */
export class ControlState {
  topology: Topology;
  network: Network;
  constructor(
    network: Network,
    readonly world = new World(),
    /** the guests' daemons (keepalived, bgpd) and their timers */
    readonly daemons = new DaemonRuntime(),
  ) {
    this.topology = freezeAssignments(cloneData(network.topology), network);
    this.network = network;
  }

  /**
   * Applies an edit to a copy of the topology and rebuilds; on success both are replaced,
   * on failure nothing changes and the first problem becomes the API error.
   */
  apply(edit: (t: Topology) => AwsFailure | void): AwsFailure | undefined {
    const draft = cloneData(this.topology);
    const refused = edit(draft);
    if (refused) return refused;
    const built = buildNetwork(draft);
    if (!built.ok) return failureFromProblems(built.problems);
    for (const c of routeStateChanges(this.network, built.network))
      this.world.events.change({
        at: this.world.time,
        kind: 'api',
        instance: c.table,
        text: c.text,
        outcome: c.blackhole ? 'failed' : 'ok',
      });
    this.topology = freezeAssignments(draft, built.network);
    this.network = built.network;
    return undefined;
  }

  /** A new id for a resource a call creates: the step's `id:` or the prefix and a number. */
  newId(prefix: string, wanted?: string): string {
    if (wanted) return wanted;
    const taken = new Set(allIds(this.topology));
    for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
  }
}

function failureFromProblems(problems: Problem[]): AwsFailure {
  const first = problems.find((p) => p.code) ?? problems[0]!;
  return { code: first.code ?? 'InvalidParameterValue', message: first.message };
}

/**
 * Writes what the build assigned (free addresses, MACs) back into the topology, so a later
 * rebuild gives every ENI the same address and MAC as before.
 */
function freezeAssignments(t: Topology, network: Network): Topology {
  const fix = (eni: { id: string; privateIp?: string | undefined; mac?: string | undefined }) => {
    const node = network.enis.get(eni.id);
    if (!node) return;
    eni.privateIp ??= ipToString(node.primaryIp);
    eni.mac ??= node.mac;
  };
  for (const inst of t.instances) for (const eni of inst.interfaces) fix(eni);
  for (const eni of t.networkInterfaces) fix(eni);
  // service interfaces keep the address they were given: a later interface cannot shift them
  for (const n of [...t.vpcEndpoints.flatMap((e) => e.interfaces), ...t.loadBalancers.flatMap((l) => l.nodes)]) {
    const node = network.enis.get(n.id);
    if (node) n.privateIp ??= ipToString(node.primaryIp);
  }
  for (const nat of t.natGateways) {
    const node = network.natGateways.get(nat.id);
    if (node) nat.privateIp ??= ipToString(node.privateIp);
  }
  // every security group rule has an id (sgr-…) that describe-security-group-rules shows and a
  // revoke can name; a group's implicit egress rule (R67) is written out so that it has one too
  const taken = new Set(allIds(t));
  let next = 1;
  for (const g of t.securityGroups) {
    g.outbound ??= [{ protocol: -1, destination: '0.0.0.0/0' }];
    for (const r of [...(g.inbound ?? []), ...g.outbound]) {
      if (r.id) continue;
      while (taken.has(`sgr-${next}`)) next++;
      r.id = `sgr-${next}`;
      taken.add(r.id);
    }
  }
  return t;
}

/** Every id the topology declares, for picking fresh ones. */
export function allIds(t: Topology): string[] {
  const ids = resourcesOf(t).map(([id]) => id);
  for (const h of t.externalHosts) ids.push(h.id);
  for (const i of t.terminatedInstances) ids.push(i.id);
  ids.push(...t.deleted);
  for (const e of t.vpcEndpoints) ids.push(e.id, ...e.interfaces.map((i) => i.id));
  for (const l of t.loadBalancers) ids.push(l.id, ...l.nodes.map((n) => n.id));
  for (const g of t.targetGroups) ids.push(g.id);
  for (const g of t.customerGateways) ids.push(g.id);
  for (const vpc of t.vpcs) ids.push(`rtb-main-${vpc.id}`, `acl-default-${vpc.id}`, `sg-default-${vpc.id}`);
  return ids;
}
