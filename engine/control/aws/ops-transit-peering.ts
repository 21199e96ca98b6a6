import { spec } from './operation-specs';
import type { TransitGateway } from '../../model/transit-gateway';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { notFound } from '../topology-edit';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

type Attachment = TransitGateway['attachments'][number];

/**
 * Transit gateway peering attachments (R102): one gateway asks to peer with another, which must
 * accept before the peering carries anything; each side then routes to it with static routes in
 * the table associated with it. The lab models one Region: both gateways are in the lab.
 */
function peerings(t: Topology): { tgw: TransitGateway; a: Attachment }[] {
  return t.transitGateways.flatMap((tgw) => tgw.attachments.filter((a) => a.peer).map((a) => ({ tgw, a })));
}

function peeringJson(t: Topology, tgw: TransitGateway, a: Attachment, state: string = a.state) {
  const info = (id: string) => ({ TransitGatewayId: id, OwnerId: OWNER, Region: t.region });
  return {
    TransitGatewayAttachmentId: a.id,
    RequesterTgwInfo: info(tgw.id),
    AccepterTgwInfo: info(a.peer!),
    Status: { Code: state, Message: state },
    State: state,
    Tags: [],
  };
}

function items(t: Topology): Item[] {
  return peerings(t).map(({ tgw, a }) => ({
    id: a.id,
    filters: {
      'transit-gateway-attachment-id': [a.id],
      'transit-gateway-id': [tgw.id, a.peer!],
      state: [a.state],
    },
    json: peeringJson(t, tgw, a),
  }));
}

function create(call: OpCall): OpResult {
  const from = call.args.get('transit-gateway-id')!;
  const to = call.args.get('peer-transit-gateway-id')!;
  const region = call.args.get('peer-region');
  if (
    region !== undefined &&
    region !== call.state.topology.region &&
    !call.state.topology.transitGateways.some((g) => g.id === to)
  )
    return fail(
      'InvalidParameterValue',
      `This simulator models the lab's Region (${call.state.topology.region}) only; ${to} in ${region} is not in the lab`,
    );
  const id = call.state.newId('tgw-attach-', call.stepId);
  const r = applied(call, (t) => {
    const tgw = t.transitGateways.find((g) => g.id === from);
    if (!tgw) return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', from);
    if (!t.transitGateways.some((g) => g.id === to))
      return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', to);
    if (to === from) return { code: 'InvalidParameterValue', message: 'A transit gateway cannot peer with itself' };
    tgw.attachments.push({
      id,
      peer: to,
      subnets: [],
      applianceMode: false,
      securityGroupReferencing: false,
      state: 'pendingAcceptance',
    });
    return undefined;
  });
  if (!r.ok) return r;
  const t = call.state.topology;
  const made = peerings(t).find((p) => p.a.id === id)!;
  return ok({ TransitGatewayPeeringAttachment: peeringJson(t, made.tgw, made.a, 'initiatingRequest') });
}

/** accept / reject / delete: from the states AWS allows it in, to the next one. */
function transition(call: OpCall, from: Attachment['state'][], to: Attachment['state']): OpResult {
  const id = call.args.get('transit-gateway-attachment-id')!;
  let result: Record<string, unknown> | undefined;
  const r = applied(call, (t): AwsFailure | undefined => {
    const found = peerings(t).find((p) => p.a.id === id);
    if (!found) return notFound('InvalidTransitGatewayAttachmentID.NotFound', 'transitGatewayAttachment ID', id);
    if (!from.includes(found.a.state))
      return {
        code: 'IncorrectState',
        message: `${id} is in state ${found.a.state}; this call needs ${from.join(' or ')}`,
      };
    found.a.state = to;
    if (to === 'deleted' || to === 'rejected')
      // nothing routes through it any more: it leaves both sides' tables
      for (const g of t.transitGateways)
        for (const table of g.routeTables) {
          table.associations = table.associations.filter((x) => x !== id);
          table.routes = table.routes.filter((x) => x.target !== id);
        }
    result = peeringJson(
      t,
      found.tgw,
      found.a,
      to === 'available' ? 'pending' : to === 'deleted' ? 'deleting' : 'rejecting',
    );
    return undefined;
  });
  return r.ok ? ok({ TransitGatewayPeeringAttachment: result }) : r;
}

export const TRANSIT_PEERING_OPERATIONS: Operation[] = [
  {
    ...spec('describe-transit-gateway-peering-attachments'),
    run: (c) =>
      describe(
        c,
        'TransitGatewayPeeringAttachments',
        'transit-gateway-attachment-ids',
        'InvalidTransitGatewayAttachmentID.NotFound',
        items(c.state.topology),
      ),
  },
  { ...spec('create-transit-gateway-peering-attachment'), run: create },
  {
    ...spec('accept-transit-gateway-peering-attachment'),
    run: (c) => transition(c, ['pendingAcceptance'], 'available'),
  },
  {
    ...spec('reject-transit-gateway-peering-attachment'),
    run: (c) => transition(c, ['pendingAcceptance'], 'rejected'),
  },
  {
    ...spec('delete-transit-gateway-peering-attachment'),
    run: (c) => transition(c, ['pendingAcceptance', 'available'], 'deleted'),
  },
];
