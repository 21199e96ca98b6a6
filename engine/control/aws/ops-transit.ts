import { spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { TransitGateway } from '../../model/transit-gateway';
import type { Topology } from '../../model/topology';
import type { AwsFailure } from '../control-state';
import { isFailure, notFound } from '../topology-edit';
import { allAttachments, attachments, gateways, resourceOf, TRANSIT_DESCRIBE_OPERATIONS } from './ops-transit-describe';
import { cloneData } from '../../model/clone';
import { defaultTables, writeDefaultLinks } from '../../network/build-transit';
import { shorthand } from './cli-args';
import { OWNER } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';

/**
 * Transit gateways (R93–R104) as the CLI shows and changes them: gateways, attachments, route
 * tables with their associations and propagations, static and blackhole routes, and the
 * options that matter to forwarding (security group referencing, R103; appliance mode, R101).
 */

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
    writeDefaultLinks(found.tgw);
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
      writeDefaultLinks(tgw);
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
    writeDefaultLinks(tgw);
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
    tgw.attachments.push({
      id,
      vpc,
      subnets,
      applianceMode: false,
      securityGroupReferencing: false,
      state: 'available',
    });
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
  writeDefaultLinks(tgw);
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
  ...TRANSIT_DESCRIBE_OPERATIONS,
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
