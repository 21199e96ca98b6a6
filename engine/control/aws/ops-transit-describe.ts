import { spec } from './operation-specs';
import { cidrContains, parseCidr } from '../../net/ipv4';
import type { TransitGateway } from '../../model/transit-gateway';
import type { Topology } from '../../model/topology';
import type { Network, TgwRouteNode } from '../../network/network';
import { defaultTables } from '../../network/build-transit';
import { describe, OWNER, type Item } from './describe-items';
import { fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/** Transit gateways as the describe and search calls show them (R93–R104). */

export const enabled = (b: boolean) => (b ? 'enable' : 'disable');

export type Attachment = TransitGateway['attachments'][number];

/** Every attachment with the gateway that holds it. */
export function allAttachments(t: Topology): { tgw: TransitGateway; a: Attachment }[] {
  return t.transitGateways.flatMap((tgw) => tgw.attachments.map((a) => ({ tgw, a })));
}

export function resourceOf(a: Attachment): { ResourceType: string; ResourceId: string } {
  return a.vpc
    ? { ResourceType: 'vpc', ResourceId: a.vpc }
    : a.vpn
      ? { ResourceType: 'vpn', ResourceId: a.vpn }
      : { ResourceType: 'peering', ResourceId: a.peer! };
}

export function gateways(n: Network): Item[] {
  return n.topology.transitGateways.map((t) => {
    const node = n.transitGateways.get(t.id);
    const { association, propagation } = defaultTables(t);
    return {
      id: t.id,
      filters: { 'transit-gateway-id': [t.id], state: ['available'], 'owner-id': [OWNER] },
      json: {
        TransitGatewayId: t.id,
        TransitGatewayArn: `arn:aws:ec2:${n.region}:${OWNER}:transit-gateway/${t.id}`,
        State: 'available',
        OwnerId: OWNER,
        Options: {
          AmazonSideAsn: 64512,
          DefaultRouteTableAssociation: association ? 'enable' : 'disable',
          ...(association ? { AssociationDefaultRouteTableId: association } : {}),
          DefaultRouteTablePropagation: propagation ? 'enable' : 'disable',
          ...(propagation ? { PropagationDefaultRouteTableId: propagation } : {}),
          SecurityGroupReferencingSupport: enabled(node?.securityGroupReferencing ?? t.securityGroupReferencing),
        },
        Tags: [],
      },
    };
  });
}

export function attachments(n: Network, vpcOnly: boolean): Item[] {
  return allAttachments(n.topology)
    .filter(({ a }) => !vpcOnly || a.vpc)
    .map(({ tgw, a }) => {
      const table = n.transitGateways.get(tgw.id)?.associations.get(a.id);
      const res = resourceOf(a);
      return {
        id: a.id,
        filters: {
          'transit-gateway-attachment-id': [a.id],
          'transit-gateway-id': [tgw.id],
          'resource-type': [res.ResourceType],
          'resource-id': [res.ResourceId],
          state: [a.state],
          ...(a.vpc ? { 'vpc-id': [a.vpc] } : {}),
        },
        json: vpcOnly
          ? {
              TransitGatewayAttachmentId: a.id,
              TransitGatewayId: tgw.id,
              VpcId: a.vpc,
              VpcOwnerId: OWNER,
              State: 'available',
              SubnetIds: a.subnets,
              Options: {
                ApplianceModeSupport: enabled(a.applianceMode),
                SecurityGroupReferencingSupport: enabled(a.securityGroupReferencing),
              },
              Tags: [],
            }
          : {
              TransitGatewayAttachmentId: a.id,
              TransitGatewayId: tgw.id,
              TransitGatewayOwnerId: OWNER,
              ResourceOwnerId: OWNER,
              ...res,
              State: a.state,
              ...(table ? { Association: { TransitGatewayRouteTableId: table.id, State: 'associated' } } : {}),
              Tags: [],
            },
      };
    });
}

function routeTables(n: Network): Item[] {
  return n.topology.transitGateways.flatMap((t) =>
    t.routeTables.map((r) => {
      const defaults = defaultTables(t);
      const isDefault = (key: 'association' | 'propagation') => defaults[key] === r.id;
      return {
        id: r.id,
        filters: {
          'transit-gateway-route-table-id': [r.id],
          'transit-gateway-id': [t.id],
          'default-association-route-table': [String(isDefault('association'))],
          'default-propagation-route-table': [String(isDefault('propagation'))],
          state: ['available'],
        },
        json: {
          TransitGatewayRouteTableId: r.id,
          TransitGatewayId: t.id,
          State: 'available',
          DefaultAssociationRouteTable: isDefault('association'),
          DefaultPropagationRouteTable: isDefault('propagation'),
          Tags: [],
        },
      };
    }),
  );
}

function routeJson(r: TgwRouteNode): Record<string, unknown> {
  return {
    DestinationCidrBlock: r.destination.text,
    ...(r.target === 'blackhole'
      ? {}
      : {
          TransitGatewayAttachments: [
            {
              TransitGatewayAttachmentId: r.target.id,
              ...(r.target.vpc
                ? { ResourceId: r.target.vpc.id, ResourceType: 'vpc' }
                : r.target.vpn
                  ? { ResourceId: r.target.vpn, ResourceType: 'vpn' }
                  : { ResourceId: r.target.peer?.id, ResourceType: 'peering' }),
            },
          ],
        }),
    Type: r.origin === 'static' ? 'static' : 'propagated',
    State: r.target === 'blackhole' ? 'blackhole' : 'active',
  };
}

/** `search-transit-gateway-routes`: the table's routes that match the filters (the call requires one). */
function searchRoutes(call: OpCall): OpResult {
  const id = call.args.get('transit-gateway-route-table-id')!;
  const table = call.state.network.tgwRouteTables.get(id);
  if (!table) return fail('InvalidRouteTableID.NotFound', `The transitGatewayRouteTable ID '${id}' does not exist`);
  // route-search.longest-prefix-match: the one route the table picks for that address (R97)
  const lpm = call.args
    .list('filters')
    .map((f) => /Name=route-search\.longest-prefix-match,Values=([^\s,]+)/.exec(f)?.[1])
    .find((v) => v !== undefined);
  const address = lpm ? parseCidr(lpm.includes('/') ? lpm : `${lpm}/32`)?.cidr : undefined;
  const chosen = address ? table.routes.find((r) => cidrContains(r.destination, address.base)) : undefined;
  const items: Item[] = table.routes.map((r, i) => ({
    id: String(i),
    filters: {
      type: [r.origin === 'static' ? 'static' : 'propagated'],
      state: [r.target === 'blackhole' ? 'blackhole' : 'active'],
      'route-search.exact-match': [r.destination.text],
      'route-search.longest-prefix-match': r === chosen && lpm ? [lpm] : [],
      'attachment.transit-gateway-attachment-id': r.target === 'blackhole' ? [] : [r.target.id],
      'attachment.resource-type': r.target === 'blackhole' ? [] : [r.target.kind],
    },
    json: routeJson(r),
  }));
  const r = describe(call, 'Routes', 'no-ids', 'InvalidRouteTableID.NotFound', items);
  return r.ok ? ok({ ...(r.output as Record<string, unknown>), AdditionalRoutesAvailable: false }) : r;
}

export const TRANSIT_DESCRIBE_OPERATIONS: Operation[] = [
  {
    ...spec('describe-transit-gateways'),
    run: (c) =>
      describe(
        c,
        'TransitGateways',
        'transit-gateway-ids',
        'InvalidTransitGatewayID.NotFound',
        gateways(c.state.network),
      ),
  },
  {
    ...spec('describe-transit-gateway-attachments'),
    run: (c) =>
      describe(
        c,
        'TransitGatewayAttachments',
        'transit-gateway-attachment-ids',
        'InvalidTransitGatewayAttachmentID.NotFound',
        attachments(c.state.network, false),
      ),
  },
  {
    ...spec('describe-transit-gateway-vpc-attachments'),
    run: (c) =>
      describe(
        c,
        'TransitGatewayVpcAttachments',
        'transit-gateway-attachment-ids',
        'InvalidTransitGatewayAttachmentID.NotFound',
        attachments(c.state.network, true),
      ),
  },
  {
    ...spec('describe-transit-gateway-route-tables'),
    run: (c) =>
      describe(
        c,
        'TransitGatewayRouteTables',
        'transit-gateway-route-table-ids',
        'InvalidRouteTableID.NotFound',
        routeTables(c.state.network),
      ),
  },
  { ...spec('search-transit-gateway-routes'), run: searchRoutes },
];
