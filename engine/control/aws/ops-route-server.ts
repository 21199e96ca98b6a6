import { parseIp } from '../../net/ipv4';
import { routeServerFib, type RouteServer } from '../../model/route-server';
import type { Topology } from '../../model/topology';
import { endpointAddresses } from '../../network/build-route-servers';
import { peerSession } from '../daemons/route-server';
import type { ControlState } from '../control-state';
import { notFound } from '../topology-edit';
import { parseShorthand } from './cli-args';
import { describe, type Item } from './describe-items';
import { applied, fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { spec } from './operation-specs';

/**
 * VPC Route Server (R111, R119): a route server associated with a VPC, endpoints in its subnets,
 * the appliances that peer with them, and the route tables its best routes propagate into. The
 * sessions and the RIB are the control plane's (daemons/route-server.ts); these calls change what
 * it works from and show what it holds, in the EC2 API's shapes.
 */

const serverOf = (t: Topology, id: string) =>
  t.routeServers.find((r) => r.id === id) ?? notFound('InvalidRouteServerId.NotFound', 'route server ID', id);

function asn(text: string | undefined): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 4294967294 ? n : undefined;
}

function serverJson(rs: RouteServer) {
  return {
    RouteServerId: rs.id,
    AmazonSideAsn: rs.amazonSideAsn,
    State: 'available',
    Tags: [],
    PersistRoutesState: rs.persistRoutes ? 'enabled' : 'disabled',
    ...(rs.persistRoutes ? { PersistRoutesDuration: rs.persistRoutesDuration ?? 1 } : {}),
    SnsNotificationsEnabled: false,
  };
}

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
  const n = asn(call.args.get('amazon-side-asn'));
  if (n === undefined)
    return fail('InvalidParameterValue', `Invalid ASN ${call.args.get('amazon-side-asn')}: 1-4294967294`);
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

/** The AWS-managed ENI an endpoint lives on, named after it so that no lab's own ENI id can clash. */
const endpointEni = (endpoint: string) => `eni-${endpoint}`;

function endpoints(state: ControlState): Item[] {
  const t = state.topology;
  const addresses = endpointAddresses(t);
  return t.routeServers.flatMap((rs) =>
    rs.endpoints.map((e) => ({
      id: e.id,
      filters: { 'route-server-id': [rs.id], 'subnet-id': [e.subnet], 'vpc-id': rs.vpc ? [rs.vpc] : [] },
      json: {
        RouteServerId: rs.id,
        RouteServerEndpointId: e.id,
        VpcId: rs.vpc,
        SubnetId: e.subnet,
        EniId: endpointEni(e.id),
        EniAddress: addresses.get(e.id),
        State: 'available',
        Tags: [],
      },
    })),
  );
}

/** `--bgp-options PeerAsn=65010,PeerLivenessDetection=bfd` (or its JSON form). */
function bgpOptions(text: string): { asn: number; liveness: 'bfd' | 'bgp-keepalive' } | OpResult {
  const parsed = text.trim().startsWith('{') ? safeJson(text) : parseShorthand(text, 'bgp-options');
  if (!parsed || 'error' in parsed)
    return fail(
      'InvalidParameterValue',
      `--bgp-options ${text}: PeerAsn=<asn>[,PeerLivenessDetection=bfd|bgp-keepalive]`,
    );
  const n = asn(String(parsed.PeerAsn));
  if (n === undefined)
    return fail('InvalidParameterValue', `--bgp-options: PeerAsn ${String(parsed.PeerAsn)} is not an ASN`);
  const liveness = parsed.PeerLivenessDetection ?? 'bgp-keepalive';
  if (liveness !== 'bfd' && liveness !== 'bgp-keepalive')
    return fail(
      'InvalidParameterValue',
      `--bgp-options: PeerLivenessDetection is bfd or bgp-keepalive, not ${String(liveness)}`,
    );
  return { asn: n, liveness };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
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

/** Each peer with its sessions: BGP up or down, and BFD where the peer was created with it. */
function peers(state: ControlState): Item[] {
  const t = state.topology;
  const addresses = endpointAddresses(t);
  return t.routeServers.flatMap((rs) =>
    rs.peers.map((p) => {
      const ep = rs.endpoints.find((e) => e.id === p.endpoint);
      const s = peerSession(state, rs, p);
      return {
        id: p.id,
        filters: {
          'route-server-id': [rs.id],
          'route-server-endpoint-id': [p.endpoint],
          'peer-address': [p.peerAddress],
          'vpc-id': rs.vpc ? [rs.vpc] : [],
        },
        json: {
          RouteServerPeerId: p.id,
          RouteServerEndpointId: p.endpoint,
          RouteServerId: rs.id,
          VpcId: rs.vpc,
          SubnetId: ep?.subnet,
          State: 'available',
          EndpointEniId: endpointEni(p.endpoint),
          EndpointEniAddress: addresses.get(p.endpoint),
          PeerAddress: p.peerAddress,
          BgpOptions: { PeerAsn: p.peerAsn, PeerLivenessDetection: p.livenessDetection },
          BgpStatus: { Status: s.bgpUp ? 'up' : 'down' },
          ...(p.livenessDetection === 'bfd' ? { BfdStatus: { Status: s.bfdUp ? 'up' : 'down' } } : {}),
          Tags: [],
        },
      };
    }),
  );
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

/** The RIB: every path, the best of each prefix `in-fib` with where it was installed, the rest `in-rib`. */
function routingDatabase(call: OpCall): OpResult {
  const id = call.args.get('route-server-id')!;
  const rs = serverOf(call.state.topology, id);
  if ('code' in rs) return fail(rs.code, rs.message);
  const fib = new Set(routeServerFib(rs));
  const routes = rs.rib.map((p) => {
    const peer = rs.peers.find((x) => x.id === p.peer);
    const inFib = fib.has(p);
    return {
      RouteStatus: inFib ? 'in-fib' : 'in-rib',
      Prefix: p.prefix,
      AsPaths: p.asPath.map(String),
      Med: 0,
      NextHopIp: p.nextHop,
      RouteServerEndpointId: peer?.endpoint,
      RouteServerPeerId: p.peer,
      ...(inFib
        ? {
            RouteInstallationDetails: rs.propagations.map((table) =>
              installation(call.state, table, p.prefix, p.nextHop),
            ),
          }
        : {}),
    };
  });
  return ok({ AreRoutesPersisted: rs.persisted !== undefined, Routes: routes });
}

/** Whether a table took the route: an identical static route keeps it out (A-RS6). */
function installation(state: ControlState, table: string, prefix: string, hop: string) {
  const routes = state.network.routeTables.get(table)?.routes ?? [];
  const installed = routes.some(
    (r) => r.destination.text === prefix && r.target.kind === 'eni' && r.target.advertised?.ip === hop,
  );
  const blocked = routes.find((r) => r.destination.text === prefix && r.origin === 'static');
  return {
    RouteTableId: table,
    RouteInstallationStatus: blocked || !installed ? 'rejected' : 'installed',
    ...(blocked
      ? { RouteInstallationStatusReason: `a static route for ${prefix} to ${blocked.targetText} takes precedence` }
      : !installed
        ? { RouteInstallationStatusReason: `no network interface in the VPC holds ${hop}` }
        : {}),
    RouteInstallationTimestamp: '2026-01-01T00:00:00+00:00',
  };
}

export const ROUTE_SERVER_OPERATIONS: Operation[] = [
  {
    ...spec('describe-route-servers'),
    run: (c) =>
      describe(
        c,
        'RouteServers',
        'route-server-ids',
        'InvalidRouteServerId.NotFound',
        c.state.topology.routeServers.map((rs) => ({
          id: rs.id,
          filters: { 'route-server-id': [rs.id], 'amazon-side-asn': [String(rs.amazonSideAsn)] },
          json: serverJson(rs),
        })),
      ),
  },
  { ...spec('create-route-server'), run: createRouteServer },
  { ...spec('modify-route-server'), run: modifyRouteServer },
  { ...spec('delete-route-server'), run: deleteRouteServer },
  { ...spec('associate-route-server'), run: (c) => association(c, true) },
  { ...spec('disassociate-route-server'), run: (c) => association(c, false) },
  {
    ...spec('get-route-server-associations'),
    run: (c) => {
      const rs = serverOf(c.state.topology, c.args.get('route-server-id')!);
      if ('code' in rs) return fail(rs.code, rs.message);
      return ok({
        RouteServerAssociations: rs.vpc ? [{ RouteServerId: rs.id, VpcId: rs.vpc, State: 'associated' }] : [],
      });
    },
  },
  { ...spec('create-route-server-endpoint'), run: createEndpoint },
  { ...spec('delete-route-server-endpoint'), run: deleteEndpoint },
  {
    ...spec('describe-route-server-endpoints'),
    run: (c) =>
      describe(
        c,
        'RouteServerEndpoints',
        'route-server-endpoint-ids',
        'InvalidRouteServerEndpointId.NotFound',
        endpoints(c.state),
      ),
  },
  { ...spec('create-route-server-peer'), run: createPeer },
  { ...spec('delete-route-server-peer'), run: deletePeer },
  {
    ...spec('describe-route-server-peers'),
    run: (c) =>
      describe(c, 'RouteServerPeers', 'route-server-peer-ids', 'InvalidRouteServerPeerId.NotFound', peers(c.state)),
  },
  { ...spec('enable-route-server-propagation'), run: (c) => propagation(c, true) },
  { ...spec('disable-route-server-propagation'), run: (c) => propagation(c, false) },
  {
    ...spec('get-route-server-propagations'),
    run: (c) => {
      const rs = serverOf(c.state.topology, c.args.get('route-server-id')!);
      if ('code' in rs) return fail(rs.code, rs.message);
      const only = c.args.get('route-table-id');
      return ok({
        RouteServerPropagations: rs.propagations
          .filter((x) => only === undefined || x === only)
          .map((x) => ({ RouteServerId: rs.id, RouteTableId: x, State: 'available' })),
      });
    },
  },
  { ...spec('get-route-server-routing-database'), run: routingDatabase },
];
