import { endpointAddresses } from '../../network/build-route-servers';
import { peerSession } from '../daemons/route-server';
import type { ControlState } from '../control-state';
import { describe, type Item } from './describe-items';
import { fail, ok, type OpCall, type Operation, type OpResult } from './operation';
import { spec } from './operation-specs';
import { routeServerFib, type RouteServer } from '../../model/route-server';
import type { Topology } from '../../model/topology';
import { notFound } from '../topology-edit';

/**
 * What a VPC Route Server shows (R111): the servers, their associations, endpoints and peers
 * (with each session's BGP and BFD state), propagations, and the routing database, in the EC2
 * API's shapes. The calls that change it are ops-route-server.ts's.
 */

export const serverOf = (t: Topology, id: string) =>
  t.routeServers.find((r) => r.id === id) ?? notFound('InvalidRouteServerId.NotFound', 'route server ID', id);

export function serverJson(rs: RouteServer) {
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

/** The AWS-managed ENI an endpoint lives on, named after it so that no lab's own ENI id can clash. */
const endpointEni = (endpoint: string) => `eni-${endpoint}`;

export function endpoints(state: ControlState): Item[] {
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

/** Each peer with its sessions: BGP up or down, and BFD where the peer was created with it. */
export function peers(state: ControlState): Item[] {
  const t = state.topology;
  const addresses = endpointAddresses(t);
  return t.routeServers.flatMap((rs) =>
    rs.peers.map((p) => {
      const ep = rs.endpoints.find((e) => e.id === p.endpoint);
      const s = peerSession(state, p, addresses);
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

export const ROUTE_SERVER_DESCRIBE_OPERATIONS: Operation[] = [
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
  {
    ...spec('describe-route-server-peers'),
    run: (c) =>
      describe(c, 'RouteServerPeers', 'route-server-peer-ids', 'InvalidRouteServerPeerId.NotFound', peers(c.state)),
  },
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
