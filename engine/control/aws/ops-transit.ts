import { spec } from './operation-specs';
import { cidrContains, parseCidr } from '../../net/ipv4';
import type { TransitGateway } from '../../model/transit-gateway';
import type { Topology } from '../../model/topology';
import type { Network, TgwRouteNode } from '../../network/network';
import type { AwsFailure } from '../control-state';
import { notFound } from '../topology-edit';
import { cloneData } from '../../model/clone';
import { defaultTables } from '../../network/build-transit';
import { shorthand } from './cli-args';
import { describe, OWNER, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Transit gateways (R93–R104) as the CLI shows and changes them: gateways, attachments, route
 * tables with their associations and propagations, static and blackhole routes, and the
 * options that matter to forwarding (security group referencing, R103; appliance mode, R101).
 */

const enabled = (b: boolean) => (b ? 'enable' : 'disable');

type Attachment = TransitGateway['attachments'][number];

/** Every attachment with the gateway that holds it. */
function allAttachments(t: Topology): { tgw: TransitGateway; a: Attachment }[] {
  return t.transitGateways.flatMap((tgw) => tgw.attachments.map((a) => ({ tgw, a })));
}

function resourceOf(a: Attachment): { ResourceType: string; ResourceId: string } {
  return a.vpc
    ? { ResourceType: 'vpc', ResourceId: a.vpc }
    : a.vpn
      ? { ResourceType: 'vpn', ResourceId: a.vpn }
      : { ResourceType: 'peering', ResourceId: a.peer! };
}

function gateways(n: Network): Item[] {
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

function attachments(n: Network, vpcOnly: boolean): Item[] {
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
          state: ['available'],
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
              State: 'available',
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

/** The gateway and route table spec a table id names, or the failure. */
function tableIn(
  t: Topology,
  id: string,
): { tgw: TransitGateway; table: TransitGateway['routeTables'][number] } | AwsFailure {
  for (const tgw of t.transitGateways) {
    const table = tgw.routeTables.find((r) => r.id === id);
    if (table) return { tgw, table };
  }
  return notFound('InvalidRouteTableID.NotFound', 'transitGatewayRouteTable ID', id);
}

function isFailure(x: unknown): x is AwsFailure {
  return typeof x === 'object' && x !== null && 'code' in x && 'message' in x;
}

/** create-, replace- and delete-transit-gateway-route: a static route, or a blackhole (R97, R98). */
function routeEdit(call: OpCall, kind: 'create' | 'replace' | 'delete'): OpResult {
  const raw = call.args.get('destination-cidr-block')!;
  const dest = parseCidr(raw);
  if (!dest) return fail('InvalidParameterValue', `Value (${raw}) for parameter destinationCidrBlock is invalid.`);
  const target = call.args.has('blackhole') ? 'blackhole' : call.args.get('transit-gateway-attachment-id');
  if (kind !== 'delete' && !target)
    return fail('MissingParameter', 'The request must contain exactly one of transitGatewayAttachmentId or blackhole');
  const id = call.args.get('transit-gateway-route-table-id')!;
  const r = applied(call, (t) => {
    const found = tableIn(t, id);
    if (isFailure(found)) return found;
    const i = found.table.routes.findIndex((x) => parseCidr(x.destination)?.cidr.text === dest.cidr.text);
    if (
      target &&
      target !== 'blackhole' &&
      !found.tgw.attachments.some((a) => a.id === target) &&
      !allAttachments(t).some(({ a }) => a.id === target && a.peer === found.tgw.id)
    )
      return notFound('InvalidTransitGatewayAttachmentID.NotFound', 'transitGatewayAttachment ID', target);
    if (kind === 'create') {
      if (i >= 0)
        return {
          code: 'RouteAlreadyExists',
          message: `Route ${dest.cidr.text} already exists in Transit Gateway Route Table ${id}.`,
        };
      found.table.routes.push({ destination: dest.cidr.text, target: target! });
      return undefined;
    }
    if (i < 0)
      return { code: 'InvalidRoute.NotFound', message: `No route with destination ${dest.cidr.text} in ${id}` };
    if (kind === 'delete') found.table.routes.splice(i, 1);
    else found.table.routes[i] = { destination: dest.cidr.text, target: target! };
    return undefined;
  });
  if (!r.ok) return r;
  const state = target === 'blackhole' ? 'blackhole' : kind === 'delete' ? 'deleted' : 'active';
  return ok({ Route: { DestinationCidrBlock: dest.cidr.text, Type: 'static', State: state } });
}

/** associate-/disassociate-transit-gateway-route-table and enable-/disable-…-propagation (R95, R96). */
function tableLink(call: OpCall, what: 'associations' | 'propagations', on: boolean): OpResult {
  const id = call.args.get('transit-gateway-route-table-id')!;
  const attachment = call.args.get('transit-gateway-attachment-id')!;
  const r = applied(call, (t) => {
    const found = tableIn(t, id);
    if (isFailure(found)) return found;
    explicitLinks(found.tgw);
    if (!allAttachments(t).some(({ a, tgw }) => a.id === attachment && (tgw === found.tgw || a.peer === found.tgw.id)))
      return notFound('InvalidTransitGatewayAttachmentID.NotFound', 'transitGatewayAttachment ID', attachment);
    const list = found.table[what];
    if (on) {
      if (what === 'associations' && found.tgw.routeTables.some((x) => x.associations.includes(attachment)))
        return {
          code: 'Resource.AlreadyAssociated',
          message: `Transit Gateway Attachment ${attachment} is already associated to a route table.`,
        };
      if (list.includes(attachment))
        return {
          code: 'TransitGatewayRouteTablePropagation.Duplicate',
          message: `${attachment} already propagates to ${id}`,
        };
      list.push(attachment);
    } else {
      if (!list.includes(attachment))
        return {
          code: 'InvalidAssociation.NotFound',
          message: `${attachment} is not ${what === 'associations' ? 'associated with' : 'propagating to'} ${id}`,
        };
      found.table[what] = list.filter((x) => x !== attachment);
    }
    return undefined;
  });
  if (!r.ok) return r;
  const state = what === 'associations' ? (on ? 'associating' : 'disassociating') : on ? 'enabling' : 'disabling';
  const body = { TransitGatewayRouteTableId: id, TransitGatewayAttachmentId: attachment, State: state };
  return ok(what === 'associations' ? { Association: body } : { Propagation: body });
}

/**
 * Writes the links the default table made into the route tables' lists, so that a change to
 * one stays: AWS applies the default only when an attachment is created.
 */
function explicitLinks(tgw: TransitGateway): void {
  if (tgw.explicitLinks) return;
  const defaults = defaultTables(tgw);
  const table = (id: string | undefined) => tgw.routeTables.find((r) => r.id === id);
  for (const a of tgw.attachments.filter((x) => !x.peer)) {
    if (tgw.routeTables.some((r) => r.associations.includes(a.id))) continue;
    table(defaults.association)?.associations.push(a.id);
    const prop = table(defaults.propagation);
    if (prop && !prop.propagations.includes(a.id)) prop.propagations.push(a.id);
  }
  tgw.explicitLinks = true;
}

/** `--options Key=enable,…`: the options forwarding reads, checked as the CLI would. */
function options(call: OpCall, allowed: readonly string[]): Record<string, boolean> | AwsFailure {
  const raw = call.args.get('options');
  if (raw === undefined) return {};
  const parsed = shorthand(raw);
  if (!parsed) return { code: 'InvalidParameterValue', message: `Error parsing parameter '--options': ${raw}` };
  return optionValues(parsed, allowed);
}

function optionValues(
  parsed: Record<string, string>,
  allowed: readonly string[],
): Record<string, boolean> | AwsFailure {
  const out: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (!allowed.includes(k)) return { code: 'InvalidParameterValue', message: `Unknown or unmodelled option ${k}` };
    if (v !== 'enable' && v !== 'disable')
      return { code: 'InvalidParameterValue', message: `The value of ${k} is enable or disable, not ${v}` };
    out[k] = v === 'enable';
  }
  return out;
}

/**
 * modify-transit-gateway: security group referencing (R103) and the default route tables. A
 * default applies to attachments made from now on: the links it made so far are written out
 * first, so that they stay.
 */
function modifyGateway(call: OpCall): OpResult {
  const id = call.args.get('transit-gateway-id')!;
  const raw = call.args.get('options');
  const parsed = raw === undefined ? {} : shorthand(raw);
  if (!parsed) return fail('InvalidParameterValue', `Error parsing parameter '--options': ${raw}`);
  const { AssociationDefaultRouteTableId: assocTable, PropagationDefaultRouteTableId: propTable, ...flags } = parsed;
  const opts = optionValues(flags, [
    'SecurityGroupReferencingSupport',
    'DefaultRouteTableAssociation',
    'DefaultRouteTablePropagation',
  ]);
  if (isFailure(opts)) return { ok: false, failure: opts };
  const r = applied(call, (t) => {
    const tgw = t.transitGateways.find((x) => x.id === id);
    if (!tgw) return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', id);
    for (const table of [assocTable, propTable])
      if (table !== undefined && !tgw.routeTables.some((x) => x.id === table))
        return notFound('InvalidRouteTableID.NotFound', 'transitGatewayRouteTable ID', table);
    if (opts.SecurityGroupReferencingSupport !== undefined)
      tgw.securityGroupReferencing = opts.SecurityGroupReferencingSupport;
    const defaults = defaultTables(tgw);
    const next = {
      association:
        opts.DefaultRouteTableAssociation === false
          ? undefined
          : (assocTable ?? defaults.association ?? tgw.routeTables[0]?.id),
      propagation:
        opts.DefaultRouteTablePropagation === false
          ? undefined
          : (propTable ?? defaults.propagation ?? tgw.routeTables[0]?.id),
    };
    const changed = next.association !== defaults.association || next.propagation !== defaults.propagation;
    if (changed) {
      explicitLinks(tgw);
      tgw.defaultRouteTable = { association: next.association ?? 'none', propagation: next.propagation ?? 'none' };
    }
    return undefined;
  });
  return r.ok ? ok({ TransitGateway: gateways(call.state.network).find((g) => g.id === id)!.json }) : r;
}

function createRouteTable(call: OpCall): OpResult {
  const tgwId = call.args.get('transit-gateway-id')!;
  const id = call.state.newId('tgw-rtb-', call.stepId);
  const r = applied(call, (t) => {
    const tgw = t.transitGateways.find((x) => x.id === tgwId);
    if (!tgw) return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', tgwId);
    // a new table is no default: the links the default made so far stay where they are
    explicitLinks(tgw);
    tgw.routeTables.push({ id, associations: [], propagations: [], routes: [] });
    return undefined;
  });
  return r.ok
    ? ok({
        TransitGatewayRouteTable: {
          TransitGatewayRouteTableId: id,
          TransitGatewayId: tgwId,
          State: 'pending',
          DefaultAssociationRouteTable: false,
          DefaultPropagationRouteTable: false,
          Tags: [],
        },
      })
    : r;
}

/** create-transit-gateway-vpc-attachment: associated with and propagating to the default tables, if any (R95). */
function createVpcAttachment(call: OpCall): OpResult {
  const tgwId = call.args.get('transit-gateway-id')!;
  const vpc = call.args.get('vpc-id')!;
  const subnets = call.args.list('subnet-ids');
  const id = call.state.newId('tgw-attach-', call.stepId);
  const r = applied(call, (t) => {
    const tgw = t.transitGateways.find((x) => x.id === tgwId);
    if (!tgw) return notFound('InvalidTransitGatewayID.NotFound', 'transitGateway ID', tgwId);
    if (!t.vpcs.some((v) => v.id === vpc)) return notFound('InvalidVpcID.NotFound', 'vpc ID', vpc);
    tgw.attachments.push({ id, vpc, subnets, applianceMode: false, securityGroupReferencing: false });
    if (tgw.explicitLinks) {
      const defaults = defaultTables(tgw);
      tgw.routeTables.find((x) => x.id === defaults.association)?.associations.push(id);
      tgw.routeTables.find((x) => x.id === defaults.propagation)?.propagations.push(id);
    }
    return undefined;
  });
  return r.ok
    ? ok({
        TransitGatewayVpcAttachment: {
          TransitGatewayAttachmentId: id,
          TransitGatewayId: tgwId,
          VpcId: vpc,
          VpcOwnerId: OWNER,
          State: 'pending',
          SubnetIds: subnets,
          Options: { ApplianceModeSupport: 'disable', SecurityGroupReferencingSupport: 'disable' },
          Tags: [],
        },
      })
    : r;
}

/** get-transit-gateway-route-table-propagations: what propagates into a table now, defaults included. */
function propagationsOf(call: OpCall): OpResult {
  const id = call.args.get('transit-gateway-route-table-id')!;
  const found = tableIn(call.state.topology, id);
  if (isFailure(found)) return { ok: false, failure: found };
  const tgw = cloneData(found.tgw);
  explicitLinks(tgw);
  const table = tgw.routeTables.find((x) => x.id === id)!;
  return ok({
    TransitGatewayRouteTablePropagations: table.propagations.flatMap((a) => {
      const att = allAttachments(call.state.topology).find((x) => x.a.id === a);
      return att ? [{ TransitGatewayAttachmentId: a, ...resourceOf(att.a), State: 'enabled' }] : [];
    }),
  });
}

function modifyVpcAttachment(call: OpCall): OpResult {
  const id = call.args.get('transit-gateway-attachment-id')!;
  const opts = options(call, ['SecurityGroupReferencingSupport', 'ApplianceModeSupport']);
  if (isFailure(opts)) return { ok: false, failure: opts };
  const add = call.args.list('add-subnet-ids');
  const remove = call.args.list('remove-subnet-ids');
  const r = applied(call, (t) => {
    const found = allAttachments(t).find(({ a }) => a.id === id && a.vpc);
    if (!found) return notFound('InvalidTransitGatewayAttachmentID.NotFound', 'transitGatewayAttachment ID', id);
    const a = found.a;
    if (opts.SecurityGroupReferencingSupport !== undefined)
      a.securityGroupReferencing = opts.SecurityGroupReferencingSupport;
    if (opts.ApplianceModeSupport !== undefined) a.applianceMode = opts.ApplianceModeSupport;
    a.subnets = [...a.subnets.filter((s) => !remove.includes(s)), ...add.filter((s) => !a.subnets.includes(s))];
    return undefined;
  });
  return r.ok
    ? ok({ TransitGatewayVpcAttachment: attachments(call.state.network, true).find((x) => x.id === id)!.json })
    : r;
}

export const TRANSIT_OPERATIONS: Operation[] = [
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
  { ...spec('create-transit-gateway-route'), run: (c) => routeEdit(c, 'create') },
  { ...spec('replace-transit-gateway-route'), run: (c) => routeEdit(c, 'replace') },
  { ...spec('delete-transit-gateway-route'), run: (c) => routeEdit(c, 'delete') },
  { ...spec('associate-transit-gateway-route-table'), run: (c) => tableLink(c, 'associations', true) },
  { ...spec('disassociate-transit-gateway-route-table'), run: (c) => tableLink(c, 'associations', false) },
  { ...spec('enable-transit-gateway-route-table-propagation'), run: (c) => tableLink(c, 'propagations', true) },
  { ...spec('disable-transit-gateway-route-table-propagation'), run: (c) => tableLink(c, 'propagations', false) },
  { ...spec('modify-transit-gateway'), run: modifyGateway },
  { ...spec('create-transit-gateway-route-table'), run: createRouteTable },
  { ...spec('create-transit-gateway-vpc-attachment'), run: createVpcAttachment },
  { ...spec('get-transit-gateway-route-table-propagations'), run: propagationsOf },
  { ...spec('modify-transit-gateway-vpc-attachment'), run: modifyVpcAttachment },
];
