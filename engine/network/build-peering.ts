import { cidrOverlaps, parseCidr } from '../net/ipv4';
import type { BuildContext } from './context';
import type { PeeringNode, RemoteVpcNode } from './network';

/** A connection that no longer stands between its two VPCs: another may be made (R86). */
const ENDED = new Set(['failed', 'rejected', 'deleted']);

/**
 * VPC peering connections (R86–R92): two VPCs, at most one standing connection between a pair,
 * never two VPCs whose blocks overlap, even only a secondary one (R87). A connection that is
 * not `active` forwards nothing: a route to it is a blackhole (R86).
 */
export function buildPeerings(ctx: BuildContext): void {
  const pairs = new Map<string, string>();
  ctx.topology.peeringConnections.forEach((spec, i) => {
    const path = `topology.peeringConnections[${i}]`;
    if (!ctx.declare(spec.id, 'peering-connection', path)) return;
    const remote = spec.remote;
    if (remote && remote.vpc !== spec.requester && remote.vpc !== spec.accepter) {
      ctx.problem(`${path}.remote.vpc`, `${remote.vpc} is neither the requester nor the accepter`);
      return;
    }
    if (remote && ctx.network.vpcs.has(remote.vpc)) {
      ctx.problem(`${path}.remote.vpc`, `${remote.vpc} is in the lab: only a VPC outside it is remote`);
      return;
    }
    const far: RemoteVpcNode | undefined = remote && {
      id: remote.vpc,
      remote: true,
      cidrs: remote.cidrs.map((c) => parseCidr(c)!.cidr),
      ...(remote.owner ? { owner: remote.owner } : {}),
    };
    const side = (id: string, at: string) =>
      far && id === far.id ? far : ctx.ref(id, ['vpc'], at) ? ctx.network.vpcs.get(id) : undefined;
    const requester = side(spec.requester, `${path}.requester`);
    const accepter = side(spec.accepter, `${path}.accepter`);
    if (!requester || !accepter) return;
    if (requester === accepter) {
      ctx.problem(`${path}.accepter`, `a peering connection joins two different VPCs (R86)`, 'InvalidParameterValue');
      return;
    }
    if (!ENDED.has(spec.status)) {
      const overlap = requester.cidrs.flatMap((a) =>
        accepter.cidrs.filter((b) => cidrOverlaps(a, b)).map((b) => [a, b]),
      );
      if (overlap.length > 0) {
        const [a, b] = overlap[0]!;
        ctx.problem(
          `${path}.status`,
          `${requester.id} (${a!.text}) and ${accepter.id} (${b!.text}) overlap: VPCs with overlapping blocks cannot peer, the request fails (R87)`,
          'InvalidParameterValue',
        );
        return;
      }
      const pair = [requester.id, accepter.id].sort().join(' ');
      const other = pairs.get(pair);
      if (other) {
        ctx.problem(
          path,
          `${other} already joins ${requester.id} and ${accepter.id}: only one peering connection may stand between two VPCs (R86)`,
          'VpcPeeringConnectionAlreadyExists',
        );
        return;
      }
      pairs.set(pair, spec.id);
    }
    const node: PeeringNode = { id: spec.id, requester, accepter, status: spec.status };
    ctx.network.peerings.set(spec.id, node);
  });
}
