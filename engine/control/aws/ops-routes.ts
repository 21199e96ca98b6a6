import { ROUTE_TARGETS, spec } from './operation-specs';
import { parseCidr } from '../../net/ipv4';
import type { Topology } from '../../model/topology';
import { isFailure, routeTableIn } from '../topology-edit';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { OWNER } from './describe-items';
import { currentAssociations, endAssociation, newAssociation, replaceAssociation } from '../associations';

function targetOf(call: OpCall): string | undefined {
  for (const t of ROUTE_TARGETS) {
    const v = call.args.get(t);
    if (v) return v;
  }
  return undefined;
}

/** The destination as AWS stores it: host bits cleared (R2, R39). */
function destinationOf(call: OpCall): string | OpResult {
  const raw = call.args.get('destination-cidr-block') ?? call.args.get('destination-prefix-list-id');
  if (!raw)
    return fail(
      'MissingParameter',
      'The request must contain the parameter destinationCidrBlock or destinationPrefixListId',
    );
  if (raw.startsWith('pl-')) return raw;
  const parsed = parseCidr(raw);
  if (!parsed)
    return fail(
      'InvalidParameterValue',
      `Value (${raw}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.`,
    );
  return parsed.cidr.text;
}

function routeEdit(call: OpCall, kind: 'create' | 'replace' | 'delete'): OpResult {
  const dest = destinationOf(call);
  if (typeof dest !== 'string') return dest;
  const target = kind === 'delete' ? undefined : call.args.has('local-target') ? 'local' : targetOf(call);
  if (kind !== 'delete' && !target)
    return fail(
      'MissingParameter',
      'The request must contain exactly one of gatewayId, natGatewayId, networkInterfaceId, instanceId, vpcPeeringConnectionId or transitGatewayId',
    );
  const tableId = call.args.get('route-table-id')!;
  return applied(call, (t: Topology) => {
    const table = routeTableIn(t, tableId);
    if (isFailure(table)) return table;
    const i = table.routes.findIndex(
      (r) => r.destination === dest || (parseCidr(r.destination)?.cidr.text ?? r.destination) === dest,
    );
    const vpcBlock =
      t.vpcs.find((v) => v.id === table.vpc)?.cidr.some((c) => parseCidr(c)!.cidr.text === dest) ?? false;
    if (kind === 'create') {
      // The local route of a VPC block exists from the start (R30, R39).
      if (i >= 0 || vpcBlock)
        return { code: 'RouteAlreadyExists', message: `The route identified by ${dest} already exists.` };
      table.routes.push({ destination: dest, target: target! });
      return undefined;
    }
    if (i < 0) {
      if (vpcBlock && kind === 'replace') {
        // Replacing the local route's target (R37) stores it as an explicit route.
        table.routes.push({ destination: dest, target: target! });
        return undefined;
      }
      if (vpcBlock)
        return {
          code: 'InvalidParameterValue',
          message: `cannot remove local route ${dest} in route table ${tableId}`,
        };
      return {
        code: 'InvalidRoute.NotFound',
        message: `no route with destination-cidr-block ${dest} in route table ${tableId}`,
      };
    }
    if (kind === 'delete') table.routes.splice(i, 1);
    else if (target === 'local') table.routes.splice(i, 1);
    else table.routes[i] = { destination: dest, target: target! };
    return undefined;
  });
}

function association(call: OpCall, kind: 'associate' | 'disassociate' | 'replace'): OpResult {
  const tableId = call.args.get('route-table-id');
  const subnetId = call.args.get('subnet-id');
  const gatewayId = call.args.get('gateway-id');
  const assocId = call.args.get('association-id');
  let newAssoc = '';
  const result = applied(call, (t) => {
    if (kind !== 'associate') {
      // the id describe-route-tables prints now: a copied id is spent once replaced
      const found = currentAssociations(t).get(assocId!);
      if (!found || !(found.key.startsWith('rtb:') || found.key.startsWith('rtb-main:')))
        return { code: 'InvalidAssociationID.NotFound', message: `The association ID '${assocId}' does not exist` };
      const target = found.subject;
      // a VPC always has a main table: its association is replaced, never removed (R29)
      if (found.key.startsWith('rtb-main:')) {
        if (kind === 'disassociate')
          return {
            code: 'InvalidParameterValue',
            message: `cannot disassociate the main route table association ${assocId}; replace it instead (replace-route-table-association)`,
          };
        const next = routeTableIn(t, tableId!);
        if (isFailure(next)) return next;
        if (next.vpc !== target)
          return { code: 'InvalidParameterValue', message: `route table ${tableId} is not in ${target}` };
        // a gateway route table can never be the main table (R29; AWS names no code, A9)
        if (next.gateways.length > 0)
          return {
            code: 'InvalidParameterValue',
            message: `route table ${tableId} is associated with a gateway (${next.gateways.join(', ')}) and cannot be the main route table`,
          };
        const old = t.routeTables.find((r) => r.vpc === target && r.main);
        if (old) old.main = false;
        next.main = true;
        newAssoc = replaceAssociation(t, found.key, call.stepId);
        return undefined;
      }
      const owner = t.routeTables.find((r) => r.subnets.includes(target) || r.gateways.includes(target))!;
      owner.subnets = owner.subnets.filter((s) => s !== target);
      owner.gateways = owner.gateways.filter((g) => g !== target);
      endAssociation(t, found.key);
      if (kind === 'disassociate') return undefined;
      const next = routeTableIn(t, tableId!);
      if (isFailure(next)) return next;
      (target.startsWith('subnet-') ? next.subnets : next.gateways).push(target);
      newAssoc = newAssociation(t, found.key, call.stepId);
      return undefined;
    }
    const table = routeTableIn(t, tableId!);
    if (isFailure(table)) return table;
    const what = subnetId ?? gatewayId;
    if (!what)
      return { code: 'MissingParameter', message: 'The request must contain the parameter subnetId or gatewayId' };
    if (t.routeTables.some((r) => r.subnets.includes(what) || r.gateways.includes(what))) {
      return {
        code: 'Resource.AlreadyAssociated',
        message: `the specified association for route table ${tableId} conflicts with an existing association`,
      };
    }
    (subnetId ? table.subnets : table.gateways).push(what);
    newAssoc = newAssociation(t, `rtb:${what}`, call.stepId);
    return undefined;
  });
  if (!result.ok) return result;
  if (kind === 'disassociate') return ok();
  return ok(
    kind === 'associate'
      ? { AssociationId: newAssoc, AssociationState: { State: 'associated' } }
      : { NewAssociationId: newAssoc, AssociationState: { State: 'associated' } },
  );
}

export const ROUTE_OPERATIONS: Operation[] = [
  {
    ...spec('create-route'),
    run: (c) => withReturn(routeEdit(c, 'create')),
  },
  {
    ...spec('replace-route'),
    run: (c) => routeEdit(c, 'replace'),
  },
  {
    ...spec('delete-route'),
    run: (c) => routeEdit(c, 'delete'),
  },
  {
    ...spec('create-route-table'),
    run: (call) => {
      const id = call.state.newId('rtb-', call.stepId);
      const vpc = call.args.get('vpc-id')!;
      const r = applied(call, (t) => {
        if (!t.vpcs.some((v) => v.id === vpc))
          return { code: 'InvalidVpcID.NotFound', message: `The vpc ID '${vpc}' does not exist` };
        t.routeTables.push({ id, vpc, main: false, subnets: [], gateways: [], propagatingGateways: [], routes: [] });
        return undefined;
      });
      // a new table holds the local route of each of the VPC's blocks (R30)
      const blocks = call.state.topology.vpcs.find((v) => v.id === vpc)?.cidr ?? [];
      const routes = blocks.map((c) => ({
        DestinationCidrBlock: c,
        GatewayId: 'local',
        Origin: 'CreateRouteTable',
        State: 'active',
      }));
      return r.ok
        ? ok({
            RouteTable: {
              Associations: [],
              PropagatingVgws: [],
              RouteTableId: id,
              Routes: routes,
              Tags: [],
              VpcId: vpc,
              OwnerId: OWNER,
            },
          })
        : r;
    },
  },
  {
    ...spec('associate-route-table'),
    run: (c) => association(c, 'associate'),
  },
  {
    ...spec('disassociate-route-table'),
    run: (c) => association(c, 'disassociate'),
  },
  {
    ...spec('replace-route-table-association'),
    run: (c) => association(c, 'replace'),
  },
];

function withReturn(r: OpResult): OpResult {
  return r.ok ? ok({ Return: true }) : r;
}
