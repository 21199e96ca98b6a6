import { explainDrop, type DropCode } from './drop-codes';
import type { PacketTrace } from './flow';
import type { HopAction } from './types';
import type { RouteLookup } from './route-lookup';

/** One hop as the `lab` command, the JSON output and the event timeline show it (lab-format.md). */
export interface TraceHop {
  resource: string;
  action: HopAction;
  detail: string;
  /** at a route table: the routes that matched, the chosen one first (an extension of lab-format.md) */
  routes?: RouteLookup;
  /** at a transit gateway: the route table that decided; at a subnet, the route server whose route it used (the diagram lights it; an extension) */
  table?: string;
}

/** A drop's code, where it happened, and its one-line explanation for learners. */
export interface DropView {
  code: DropCode;
  at: string;
  /** what contains the dropping component (an instance for its ENI's group, a subnet for its NACL) */
  within?: string[];
  explanation: string;
}

/**
 * What decided at a hop besides its resource: a transit gateway route table (AWS names them all
 * `tgw-rtb-…`), or the VPC Route Server whose route a subnet's table used (`rs-…`).
 */
function tgwTable(components: string[] | undefined): { table?: string } {
  const table = components?.find((c) => c.startsWith('tgw-rtb-') || c.startsWith('rs-'));
  return table ? { table } : {};
}

/** A packet trace as hops, ending with what happened at the last one. */
export function traceHops(trace: PacketTrace): TraceHop[] {
  const hops: TraceHop[] = trace.hops.map((h) => ({
    resource: h.resource,
    action: h.action,
    detail: h.detail,
    ...(h.routes ? { routes: h.routes } : {}),
    ...tgwTable(h.components),
  }));
  const end = trace.ending;
  if (end.kind === 'exits')
    hops.push({
      resource: end.to.kind === 'internet' ? end.to.gateway : 'internet',
      action: 'exit',
      detail: 'leaves the modelled network',
    });
  return hops;
}

/** The drop that ended a trace, with its learner-facing explanation. */
export function dropOf(trace: PacketTrace | undefined): DropView | undefined {
  const end = trace?.ending;
  if (!end || end.kind !== 'dropped') return undefined;
  const within = end.drop.within.filter((id) => id !== end.drop.at);
  return {
    code: end.drop.code,
    at: end.drop.at,
    ...(within.length > 0 ? { within } : {}),
    explanation: explainDrop(end.drop.code),
  };
}
