import { parseIp } from '../../net/ipv4';
import type { RouteServer } from '../../model/route-server';
import { endpointAddresses } from '../../network/build-route-servers';
import { notFound } from '../topology-edit';
import { structures } from './cli-args';
import { asnOf } from './ops-link-lifecycle';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { spec } from './operation-specs';
import { endpoints, peers, ROUTE_SERVER_DESCRIBE_OPERATIONS, serverJson, serverOf } from './ops-route-server-describe';

/**
 * VPC Route Server (R111, R119): a route server associated with a VPC, endpoints in its subnets,
 * the appliances that peer with them, and the route tables its best routes propagate into. The
 * sessions and the RIB are the control plane's (daemons/route-server.ts); these calls change what
 * it works from, in the EC2 API's shapes (ops-route-server-describe.ts shows what it holds).
 */

/** `--persist-routes enable|disable|reset` and its duration (1 to 5 minutes). */
function persistence(call: OpCall): { on?: boolean; reset?: boolean; minutes?: number } | OpResult {
  const mode = call.args.get('persist-routes');
  const raw = call.args.get('persist-routes-duration');
  if (mode !== undefined && !['enable', 'disable', 'reset'].includes(mode))
    return fail('InvalidParameterValue', `Invalid value for --persist-routes: ${mode} (enable, disable or reset)`);
  const minutes = raw === undefined ? undefined : Number(raw);
  if (minutes !== undefined && !(Number.isInteger(minutes) && minutes >= 1 && minutes <= 5))
    return fail('InvalidParameterValue', `--persist-routes-duration ${raw}: it is 1 to 5 minutes`);
  return {
    ...(mode === 'reset' ? { reset: true } : mode !== undefined ? { on: mode === 'enable' } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
  };
}

function createRouteServer(call: OpCall): OpResult {
  const n = asnOf(call.args.get('amazon-side-asn'), 65000);
  if (typeof n === 'object') return fail(n.code, n.message);
  const p = persistence(call);
  if ('ok' in p) return p;
  const id = call.state.newId('rs-', call.stepId);
  const rs: RouteServer = {
    id,
    amazonSideAsn: n,
    persistRoutes: p.on ?? false,
    ...(p.minutes !== undefined ? { persistRoutesDuration: p.minutes } : {}),
    endpoints: [],
    peers: [],
    propagations: [],
    rib: [],
  };
  const r = applied(call, (t) => void t.routeServers.push(rs));
  return r.ok ? ok({ RouteServer: { ...serverJson(rs), State: 'pending' } }) : r;
}

function modifyRouteServer(call: OpCall): OpResult {
  const id = call.args.get('route-server-id')!;
  const p = persistence(call);
  if ('ok' in p) return p;
  let out: RouteServer | undefined;
  const r = applied(call, (t) => {
    const rs = serverOf(t, id);
    if ('code' in rs) return rs;
    if (p.reset) {
      // reset: persisted routes are withdrawn, and the RIB starts empty
      delete rs.persisted;
      rs.rib = [];
    } else if (p.on !== undefined) rs.persistRoutes = p.on;
    if (p.minutes !== undefined) rs.persistRoutesDuration = p.minutes;
    out = { ...rs };
    return undefined;
  });
  return r.ok ? ok({ RouteServer: serverJson(out!) }) : r;
}

function deleteRouteServer(call: OpCall): OpResult {
  const id = call.args.get('route-server-id')!;
  const r = applied(call, (t) => {
    const rs = serverOf(t, id);
    if ('code' in rs) return rs;
    if (rs.vpc !== undefined || rs.endpoints.length > 0)
      return {
        code: 'IncorrectState',
        message: `${id} still has ${rs.vpc !== undefined ? `an association with ${rs.vpc}` : 'endpoints'}: remove them first`,
      };
    t.routeServers = t.routeServers.filter((x) => x !== rs);
    return undefined;
  });
  return r.ok ? ok({ RouteServer: { RouteServerId: id, State: 'deleting' } }) : r;
}

function association(call: OpCall, on: boolean): OpResult {
  const id = call.args.get('route-server-id')!;
  const vpc = call.args.get('vpc-id')!;
  const r = applied(call, (t) => {
    const rs = serverOf(t, id);
    if ('code' in rs) return rs;
    if (!t.vpcs.some((v) => v.id === vpc)) return notFound('InvalidVpcID.NotFound', 'vpc ID', vpc);
    if (on) {
      if (rs.vpc !== undefined)
        return { code: 'IncorrectState', message: `${id} is already associated with ${rs.vpc}` };
      rs.vpc = vpc;
    } else {
      if (rs.vpc !== vpc) return { code: 'InvalidParameterValue', message: `${id} is not associated with ${vpc}` };
      if (rs.endpoints.length > 0 || rs.propagations.length > 0)
        return { code: 'IncorrectState', message: `${id} still has endpoints or propagations in ${vpc}` };
      delete rs.vpc;
    }
    return undefined;
  });
  return r.ok
    ? ok({
        RouteServerAssociation: { RouteServerId: id, VpcId: vpc, State: on ? 'associating' : 'disassociating' },
      })
    : r;
}

function createEndpoint(call: OpCall): OpResult {
  const id = call.args.get('route-server-id')!;
  const subnet = call.args.get('subnet-id')!;
  const epId = call.state.newId('rse-', call.stepId);
  const r = applied(call, (t) => {
    const rs = serverOf(t, id);
    if ('code' in rs) return rs;
    const s = t.subnets.find((x) => x.id === subnet);
    if (!s) return notFound('InvalidSubnetID.NotFound', 'subnet ID', subnet);
    if (rs.vpc === undefined)
      return { code: 'IncorrectState', message: `${id} is associated with no VPC: associate-route-server first` };
    if (s.vpc !== rs.vpc)
      return { code: 'InvalidParameterValue', message: `${subnet} is not in ${rs.vpc}, the VPC of ${id}` };
    rs.endpoints.push({ id: epId, subnet });
    // the lowest free address is the endpoint's from now on (A-RS10)
    rs.endpoints.at(-1)!.privateIp = endpointAddresses(t).get(epId)!;
    return undefined;
  });
  if (!r.ok) return r;
  const ep = endpoints(call.state).find((e) => e.id === epId)!;
  return ok({ RouteServerEndpoint: { ...ep.json, State: 'pending' } });
}

function deleteEndpoint(call: OpCall): OpResult {
  const id = call.args.get('route-server-endpoint-id')!;
  const r = applied(call, (t) => {
    const rs = t.routeServers.find((x) => x.endpoints.some((e) => e.id === id));
    if (!rs) return notFound('InvalidRouteServerEndpointId.NotFound', 'route server endpoint ID', id);
    if (rs.peers.some((p) => p.endpoint === id))
      return { code: 'IncorrectState', message: `${id} still has peers: delete-route-server-peer first` };
    rs.endpoints = rs.endpoints.filter((e) => e.id !== id);
    return undefined;
  });
  return r.ok ? ok({ RouteServerEndpoint: { RouteServerEndpointId: id, State: 'deleting' } }) : r;
}

/** `--bgp-options PeerAsn=65010,PeerLivenessDetection=bfd` (or its JSON form), read as the CLI reads a structure. */
function bgpOptions(text: string): { asn: number; liveness: 'bfd' | 'bgp-keepalive' } | OpResult {
  const parsed = structures([text], 'bgp-options');
  const o = 'error' in parsed ? undefined : parsed[0];
  if (!o)
    return fail(
      'InvalidParameterValue',
      `--bgp-options ${text}: PeerAsn=<asn>[,PeerLivenessDetection=bfd|bgp-keepalive]`,
    );
  const n = asnOf(String(o.PeerAsn), 0);
  if (typeof n === 'object') return fail(n.code, `--bgp-options PeerAsn: ${n.message}`);
  const liveness = o.PeerLivenessDetection ?? 'bgp-keepalive';
  if (liveness !== 'bfd' && liveness !== 'bgp-keepalive')
    return fail(
      'InvalidParameterValue',
      `--bgp-options: PeerLivenessDetection is bfd or bgp-keepalive, not ${String(liveness)}`,
    );
  return { asn: n, liveness };
}

function createPeer(call: OpCall): OpResult {
  const epId = call.args.get('route-server-endpoint-id')!;
  const address = call.args.get('peer-address')!;
  if (parseIp(address) === undefined)
    return fail('InvalidParameterValue', `--peer-address ${address} is not an IPv4 address`);
  const opts = bgpOptions(call.args.get('bgp-options')!);
  if ('ok' in opts) return opts;
  const id = call.state.newId('rsp-', call.stepId);
  const r = applied(call, (t) => {
    const rs = t.routeServers.find((x) => x.endpoints.some((e) => e.id === epId));
    if (!rs) return notFound('InvalidRouteServerEndpointId.NotFound', 'route server endpoint ID', epId);
    if (rs.peers.some((p) => p.endpoint === epId && p.peerAddress === address))
      return { code: 'InvalidParameterValue', message: `${epId} already has a peer at ${address}` };
    rs.peers.push({ id, endpoint: epId, peerAddress: address, peerAsn: opts.asn, livenessDetection: opts.liveness });
    return undefined;
  });
  if (!r.ok) return r;
  return ok({ RouteServerPeer: { ...peers(call.state).find((p) => p.id === id)!.json, State: 'pending' } });
}

function deletePeer(call: OpCall): OpResult {
  const id = call.args.get('route-server-peer-id')!;
  const r = applied(call, (t) => {
    const rs = t.routeServers.find((x) => x.peers.some((p) => p.id === id));
    if (!rs) return notFound('InvalidRouteServerPeerId.NotFound', 'route server peer ID', id);
    // a deleted peer leaves the list at once (A-RS10); its routes go with it at the next tick
    rs.peers = rs.peers.filter((p) => p.id !== id);
    rs.rib = rs.rib.filter((p) => p.peer !== id);
    return undefined;
  });
  return r.ok ? ok({ RouteServerPeer: { RouteServerPeerId: id, State: 'deleting' } }) : r;
}

function propagation(call: OpCall, on: boolean): OpResult {
  const id = call.args.get('route-server-id')!;
  const table = call.args.get('route-table-id')!;
  const r = applied(call, (t) => {
    const rs = serverOf(t, id);
    if ('code' in rs) return rs;
    const rt = t.routeTables.find((x) => x.id === table);
    if (!rt) return notFound('InvalidRouteTableID.NotFound', 'routeTable ID', table);
    if (rt.vpc !== rs.vpc)
      return { code: 'InvalidParameterValue', message: `${table} is not in the VPC ${id} is associated with` };
    const has = rs.propagations.includes(table);
    if (on && has) return { code: 'InvalidParameterValue', message: `${id} already propagates into ${table}` };
    if (!on && !has) return { code: 'InvalidParameterValue', message: `${id} does not propagate into ${table}` };
    rs.propagations = on ? [...rs.propagations, table] : rs.propagations.filter((x) => x !== table);
    return undefined;
  });
  return r.ok
    ? ok({
        RouteServerPropagation: { RouteServerId: id, RouteTableId: table, State: on ? 'pending' : 'deleting' },
      })
    : r;
}

export const ROUTE_SERVER_OPERATIONS: Operation[] = [
  { ...spec('create-route-server'), run: createRouteServer },
  { ...spec('modify-route-server'), run: modifyRouteServer },
  { ...spec('delete-route-server'), run: deleteRouteServer },
  { ...spec('associate-route-server'), run: (c) => association(c, true) },
  { ...spec('disassociate-route-server'), run: (c) => association(c, false) },
  { ...spec('create-route-server-endpoint'), run: createEndpoint },
  { ...spec('delete-route-server-endpoint'), run: deleteEndpoint },
  { ...spec('create-route-server-peer'), run: createPeer },
  { ...spec('delete-route-server-peer'), run: deletePeer },
  { ...spec('enable-route-server-propagation'), run: (c) => propagation(c, true) },
  { ...spec('disable-route-server-propagation'), run: (c) => propagation(c, false) },
  ...ROUTE_SERVER_DESCRIBE_OPERATIONS,
];
