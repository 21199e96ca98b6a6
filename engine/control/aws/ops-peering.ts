import { spec } from './operation-specs';
import { cidrOverlaps, parseCidr } from '../../net/ipv4';
import type { PeeringConnection } from '../../model/peering';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { notFound } from '../topology-edit';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * VPC peering connections (R86–R92): one VPC asks, the other accepts; only then does the
 * connection carry traffic. VPCs whose blocks overlap cannot peer: the request is made and
 * fails (R87). Deleting or rejecting leaves the connection listed, in that state.
 */

type Status = PeeringConnection['status'] | 'initiating-request' | 'provisioning';

/** What `Status.Message` says for each code, as the EC2 API words it. */
const MESSAGES: Record<Status, string> = {
  'initiating-request': `Initiating Request to ${OWNER}`,
  'pending-acceptance': `Pending Acceptance by ${OWNER}`,
  provisioning: 'Provisioning',
  active: 'Active',
  failed: 'Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range',
  rejected: `Rejected by ${OWNER}`,
  deleted: `Deleted by ${OWNER}`,
};

function vpcInfo(t: Topology, vpcId: string, p?: PeeringConnection): Record<string, unknown> {
  // a VPC outside the lab is described as the snapshot described it
  const remote = p?.remote?.vpc === vpcId ? p.remote : undefined;
  const cidrs = remote ? remote.cidrs : (t.vpcs.find((v) => v.id === vpcId)?.cidr ?? []);
  return {
    CidrBlock: cidrs[0],
    CidrBlockSet: cidrs.map((CidrBlock) => ({ CidrBlock })),
    OwnerId: remote?.owner ?? OWNER,
    PeeringOptions: {
      AllowDnsResolutionFromRemoteVpc: false,
      AllowEgressFromLocalClassicLinkToRemoteVpc: false,
      AllowEgressFromLocalVpcToRemoteClassicLink: false,
    },
    VpcId: vpcId,
    Region: remote?.region ?? t.region,
  };
}

function peeringJson(t: Topology, p: PeeringConnection, status: Status = p.status): Record<string, unknown> {
  return {
    AccepterVpcInfo: vpcInfo(t, p.accepter, p),
    RequesterVpcInfo: vpcInfo(t, p.requester, p),
    Status: { Code: status, Message: MESSAGES[status] },
    Tags: [],
    VpcPeeringConnectionId: p.id,
  };
}

function peerings(t: Topology): Item[] {
  const cidrsOf = (id: string) => t.vpcs.find((v) => v.id === id)?.cidr ?? [];
  return t.peeringConnections.map((p) => ({
    id: p.id,
    filters: {
      'vpc-peering-connection-id': [p.id],
      'status-code': [p.status],
      'status-message': [MESSAGES[p.status]],
      'requester-vpc-info.vpc-id': [p.requester],
      'requester-vpc-info.owner-id': [OWNER],
      'requester-vpc-info.cidr-block': cidrsOf(p.requester),
      'accepter-vpc-info.vpc-id': [p.accepter],
      'accepter-vpc-info.owner-id': [OWNER],
      'accepter-vpc-info.cidr-block': cidrsOf(p.accepter),
    },
    json: peeringJson(t, p),
  }));
}

/** A connection that still stands between its two VPCs: another one between them is refused (R86). */
const standing = (p: PeeringConnection) => p.status === 'active' || p.status === 'pending-acceptance';

function create(call: OpCall): OpResult {
  const vpc = call.args.get('vpc-id')!;
  const peerVpc = call.args.get('peer-vpc-id');
  if (!peerVpc) return fail('MissingParameter', 'The request must contain the parameter peerVpcId');
  const region = call.args.get('peer-region');
  if (region !== undefined && region !== call.state.topology.region)
    return fail(
      'InvalidParameterValue',
      `This simulator models one Region (${call.state.topology.region}); an inter-Region peering to ${region} is not modelled`,
    );
  const id = call.state.newId('pcx-', call.stepId);
  let made: PeeringConnection | undefined;
  const r = applied(call, (t) => {
    const a = t.vpcs.find((v) => v.id === vpc);
    if (!a) return notFound('InvalidVpcID.NotFound', 'vpc ID', vpc);
    const b = t.vpcs.find((v) => v.id === peerVpc);
    if (!b) return notFound('InvalidVpcID.NotFound', 'vpc ID', peerVpc);
    if (a === b) return { code: 'InvalidParameterValue', message: 'A VPC cannot be peered with itself' };
    const existing = t.peeringConnections.find(
      (p) => standing(p) && [p.requester, p.accepter].sort().join() === [vpc, peerVpc].sort().join(),
    );
    if (existing)
      return {
        code: 'VpcPeeringConnectionAlreadyExists',
        message: `A peering connection between ${vpc} and ${peerVpc} already exists (${existing.id})`,
      };
    // overlapping blocks, even secondary ones: the request is made, and fails (R87)
    const overlap = a.cidr.some((x) => b.cidr.some((y) => cidrOverlaps(parseCidr(x)!.cidr, parseCidr(y)!.cidr)));
    made = { id, requester: vpc, accepter: peerVpc, status: overlap ? 'failed' : 'pending-acceptance' };
    t.peeringConnections.push(made);
    return undefined;
  });
  if (!r.ok) return r;
  const t = call.state.topology;
  return ok({
    // the answer is the request's first state, even for blocks that overlap: it fails afterwards (R87)
    VpcPeeringConnection: peeringJson(t, made!, 'initiating-request'),
  });
}

/** Moves a connection from one state to the next, or says why AWS would not. */
function transition(call: OpCall, from: readonly PeeringConnection['status'][], to: PeeringConnection['status']) {
  const id = call.args.get('vpc-peering-connection-id')!;
  let moved: PeeringConnection | undefined;
  const r = applied(call, (t): AwsFailure | undefined => {
    const p = t.peeringConnections.find((x) => x.id === id);
    if (!p) return notFound('InvalidVpcPeeringConnectionID.NotFound', 'vpcPeeringConnection ID', id);
    if (!from.includes(p.status))
      return {
        code: 'InvalidStateTransition',
        message: `Invalid state transition for ${id}, attempted to transition from ${p.status} to ${to}`,
      };
    p.status = to;
    moved = p;
    return undefined;
  });
  return { r, moved };
}

export const PEERING_OPERATIONS: Operation[] = [
  {
    ...spec('describe-vpc-peering-connections'),
    run: (c) =>
      describe(
        c,
        'VpcPeeringConnections',
        'vpc-peering-connection-ids',
        'InvalidVpcPeeringConnectionID.NotFound',
        peerings(c.state.topology),
      ),
  },
  { ...spec('create-vpc-peering-connection'), run: create },
  {
    ...spec('accept-vpc-peering-connection'),
    run: (c) => {
      const { r, moved } = transition(c, ['pending-acceptance'], 'active');
      return r.ok ? ok({ VpcPeeringConnection: peeringJson(c.state.topology, moved!, 'provisioning') }) : r;
    },
  },
  {
    ...spec('reject-vpc-peering-connection'),
    run: (c) => {
      const { r } = transition(c, ['pending-acceptance'], 'rejected');
      return r.ok ? ok({ Return: true }) : r;
    },
  },
  {
    // routes to a deleted connection stay, in blackhole (R40); group references across it go stale (R92)
    ...spec('delete-vpc-peering-connection'),
    run: (c) => {
      const { r } = transition(c, ['pending-acceptance', 'active'], 'deleted');
      return r.ok ? ok({ Return: true }) : r;
    },
  },
];
