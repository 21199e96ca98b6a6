import { ipToString } from '../net/ipv4';
import type { FlowResultKind } from '../model/expect';
import type { EniNode, Network, SubnetNode } from '../network/network';
import { DEFAULT_TTL, traceFlow } from '../trace/flow';
import { ICMP, TCP, UDP, type Packet } from '../trace/types';
import { ConnectionState, World } from '../trace/world';
import { DEFAULT_SOURCE_PORT } from './resolve-flow';

/** The most subnets a matrix covers: 300 subnets are 89,700 ordered pairs, a few seconds on one core. */
export const MAX_MATRIX_SUBNETS = 300;

export interface MatrixOptions {
  /** `tcp`, `udp` or `icmp` (the engine's ping) */
  protocol: 'tcp' | 'udp' | 'icmp';
  /** the destination port, for tcp and udp */
  port?: number;
}

/** One subnet of the matrix and the host that speaks for it (none: no running instance there). */
export interface MatrixSubnet {
  id: string;
  vpc: string;
  cidr: string;
  az: string;
  /** the instance whose interface in this subnet sends and receives for it, and that address */
  host?: { instance: string; eni: string; ip: string };
}

/** One ordered pair: how a flow from the row's host to the column's host ended, and where it died. */
export interface MatrixCell {
  result: FlowResultKind;
  /** for a dropped request (or a lost reply): the drop code and the component that dropped it */
  drop?: { code: string; at: string };
}

export interface SubnetMatrix {
  subnets: MatrixSubnet[];
  /** cells[i][j]: from subnets[i] to subnets[j]; null where either has no host, or on the diagonal */
  cells: (MatrixCell | null)[][];
  /** subnets left out beyond MAX_MATRIX_SUBNETS */
  omitted: number;
  flows: number;
}

/**
 * Which subnets talk to which: for every ordered pair of subnets, a flow from a running
 * instance's interface in one to a running instance's interface in the other (the first by id
 * in each subnet speaks for it), traced with a fresh connection state, as `expect` traces it.
 * Subnets are taken in id order, at most MAX_MATRIX_SUBNETS of them. Pure and bounded.
 */
export function subnetMatrix(network: Network, opts: MatrixOptions): SubnetMatrix {
  const all = [...network.subnets.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const picked = all.slice(0, MAX_MATRIX_SUBNETS);
  const hosts = hostsBySubnet(network);
  const subnets: MatrixSubnet[] = picked.map((s) => {
    const eni = hosts.get(s);
    return {
      id: s.id,
      vpc: s.vpc.id,
      cidr: s.cidr.text,
      az: s.az,
      ...(eni ? { host: { instance: eni.instance!.id, eni: eni.id, ip: ipToString(eni.primaryIp) } } : {}),
    };
  });
  const protocol = opts.protocol === 'tcp' ? TCP : opts.protocol === 'udp' ? UDP : ICMP;
  const world = new World();
  let flows = 0;
  const cells = picked.map((from, i) =>
    picked.map((to, j) => {
      const a = hosts.get(from);
      const b = hosts.get(to);
      if (i === j || !a || !b) return null;
      const packet: Packet = {
        src: a.primaryIp,
        dst: b.primaryIp,
        protocol,
        srcPort: protocol === ICMP ? 1 : DEFAULT_SOURCE_PORT,
        dstPort: protocol === ICMP ? 1 : (opts.port ?? 0),
        ttl: DEFAULT_TTL,
      };
      flows++;
      const flow = traceFlow(
        network,
        world,
        { kind: 'instance', instance: a.instance!, eni: a },
        packet,
        new ConnectionState(),
      );
      const ending = flow.result === 'request-only' ? flow.reply?.ending : flow.request.ending;
      const cell: MatrixCell = { result: flow.result };
      if (ending?.kind === 'dropped') cell.drop = { code: ending.drop.code, at: ending.drop.at };
      return cell;
    }),
  );
  return { subnets, cells, omitted: all.length - picked.length, flows };
}

/** The running instance interface that speaks for each subnet: the first by instance id, then device index. */
function hostsBySubnet(network: Network): Map<SubnetNode, EniNode> {
  const out = new Map<SubnetNode, EniNode>();
  const instances = [...network.instances.values()]
    .filter((i) => i.state === 'running')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const inst of instances) for (const eni of inst.enis) if (!out.has(eni.subnet)) out.set(eni.subnet, eni);
  return out;
}
