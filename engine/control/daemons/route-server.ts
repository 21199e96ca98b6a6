import { ipToString, parseIp } from '../../net/ipv4';
import { guestLookup, guestStack } from '../../guest/guest-stack';
import { routeServerFib, type RouteServer, type RouteServerPath } from '../../model/route-server';
import type { InstanceNode } from '../../network/network';
import { endpointAddresses } from '../../network/build-route-servers';
import type { ControlState } from '../control-state';
import { alive, holderOf } from './bgp';
import { BFD_DETECTION, keepalive, logAdjChange, sessionKey, sessionOf } from './bgp-session';

/**
 * VPC Route Server sessions (R111, R119). The appliance opens the session to an endpoint, which
 * never initiates and admits only a configured peer, from the peer's address, with the peer's
 * ASN (A-RS1). The hold time is the lower of the appliance's and 30 s (A-RS2); where the peer was
 * created with BFD and the appliance's neighbour line says `bfd`, a dead appliance is noticed in
 * under a second (3 × 300 ms, A-RS3); BFD on one side only holds nothing down (A-RS4). What the
 * peers announce fills the RIB; its best path per prefix is what the route tables get
 * (build-route-servers.ts). With persistence on, losing every session keeps the RIB (A-RS7).
 */

/** AWS's BGP hold time toward a route server peer, at most (A-RS2). */
export const ROUTE_SERVER_HOLD = 30;

/** The address a guest sends from toward an endpoint, as its own routing table picks it. */
function sourceToward(inst: InstanceNode, endpointIp: string): string | undefined {
  const route = guestLookup(guestStack(inst), parseIp(endpointIp)!);
  return route ? ipToString(route.src ?? route.dev.eni.primaryIp) : undefined;
}

/**
 * One peer's session as the route server sees it: the guest behind it, its neighbour line, BGP
 * and BFD. `addresses` is endpointAddresses(topology), computed once by a caller asking for many.
 */
export function peerSession(
  state: ControlState,
  peer: RouteServer['peers'][number],
  addresses = endpointAddresses(state.topology),
) {
  const endpointIp = addresses.get(peer.endpoint);
  const inst = holderOf(state.network, parseIp(peer.peerAddress)!);
  const cfg = inst?.os.bgp;
  const n = endpointIp ? cfg?.neighbors.find((x) => x.ip === endpointIp) : undefined;
  const key = inst && endpointIp ? sessionKey(inst.id, endpointIp) : undefined;
  const bgpUp = key !== undefined && state.daemons.bgp.get(key)?.state === 'Established';
  // BFD needs both ends: the peer created with it, and the appliance's `neighbor … bfd`
  const bfdBoth = peer.livenessDetection === 'bfd' && n?.bfd === true;
  return { endpointIp, inst, cfg, n, key, bgpUp, bfdUp: bgpUp && bfdBoth, bfdBoth };
}

/** One pass over every route server's peers at the current time, then its RIB written where it changed. */
export function tickRouteServers(state: ControlState): void {
  const t = state.topology;
  if (t.routeServers.every((rs) => rs.peers.length === 0 && rs.rib.length === 0 && !rs.persisted)) return;
  const now = state.world.time;
  const ribs = new Map<string, RouteServerPath[]>();
  const held = new Map<string, { until?: number } | undefined>();
  const addresses = endpointAddresses(t);
  for (const rs of t.routeServers) {
    const rib: RouteServerPath[] = [];
    let anyUp = false;
    for (const peer of rs.peers) {
      const p = peerSession(state, peer, addresses);
      // no guest holds the peer's address, or the endpoint has none: nobody can open a session
      if (!p.key || !p.inst || !p.endpointIp) continue;
      const s = sessionOf(state, p.key);
      const reachable =
        rs.vpc !== undefined &&
        p.n !== undefined &&
        alive(state, p.inst) &&
        p.n.remoteAsn === rs.amazonSideAsn &&
        p.cfg!.asn === peer.peerAsn &&
        sourceToward(p.inst, p.endpointIp) === peer.peerAddress;
      const hold = p.bfdBoth ? BFD_DETECTION : Math.min(p.cfg?.holdTime ?? ROUTE_SERVER_HOLD, ROUTE_SERVER_HOLD);
      const change = keepalive(state, s, reachable, hold);
      if (change) {
        logAdjChange(state, p.inst.id, p.endpointIp, change, p.bfdBoth);
        state.world.events.change({
          at: now,
          kind: 'bgp-session',
          instance: rs.id,
          peer: p.inst.id,
          text:
            change === 'up'
              ? `${rs.id}: peer ${peer.peerAddress} BGP up on ${peer.endpoint} (${p.endpointIp})${p.bfdBoth ? ', BFD up' : ''}`
              : `${rs.id}: peer ${peer.peerAddress} BGP down (${p.bfdBoth ? 'BFD: no packet for 0.9 s' : `nothing heard for the ${hold} s hold time`}); its routes are withdrawn (R119)`,
          outcome: change === 'up' ? 'ok' : 'failed',
        });
      }
      if (s.state !== 'Established' || !p.cfg || !p.n) continue;
      anyUp = true;
      const asPath = (extra: number) => Array<number>(1 + extra + (p.n!.prependOut ?? 0)).fill(p.cfg!.asn);
      if (p.n.defaultOriginate)
        rib.push({ prefix: '0.0.0.0/0', nextHop: peer.peerAddress, asPath: asPath(0), peer: peer.id });
      for (const net of p.cfg.networks)
        if (!(p.n.defaultOriginate && net.prefix === '0.0.0.0/0'))
          rib.push({ prefix: net.prefix, nextHop: peer.peerAddress, asPath: asPath(net.asPathPrepend), peer: peer.id });
    }
    const kept = persistence(rs, rib, anyUp, now);
    ribs.set(rs.id, kept.rib);
    held.set(rs.id, kept.persisted);
  }
  const same = t.routeServers.every(
    (rs) =>
      JSON.stringify(rs.rib) === JSON.stringify(ribs.get(rs.id)) &&
      JSON.stringify(rs.persisted) === JSON.stringify(held.get(rs.id)),
  );
  if (same) return;
  for (const rs of t.routeServers) fibEvents(state, rs, ribs.get(rs.id)!);
  state.apply((tt) => {
    for (const rs of tt.routeServers) {
      rs.rib = ribs.get(rs.id)!;
      const p = held.get(rs.id);
      if (p) rs.persisted = p;
      else delete rs.persisted;
    }
    return undefined;
  });
}

/**
 * Persisted routes (A-RS7, ModifyRouteServer): with persistence on, when every session has ended
 * the RIB stays as it was; once a session is back, the persisted paths stay beside what is
 * learned again for PersistRoutesDuration minutes, then routing is back to normal.
 */
function persistence(
  rs: RouteServer,
  rib: RouteServerPath[],
  anyUp: boolean,
  now: number,
): { rib: RouteServerPath[]; persisted?: { until?: number } } {
  if (!anyUp) return rs.persisted || (rs.persistRoutes && rs.rib.length > 0) ? { rib: rs.rib, persisted: {} } : { rib };
  if (!rs.persisted) return { rib };
  const until = rs.persisted.until ?? now + 60 * (rs.persistRoutesDuration ?? 1);
  if (now >= until) return { rib };
  const fresh = new Set(rib.map((p) => `${p.peer}|${p.prefix}`));
  return { rib: [...rib, ...rs.rib.filter((p) => !fresh.has(`${p.peer}|${p.prefix}`))], persisted: { until } };
}

/** Each change of a best path, with the tables it lands in: the route server is the caller (R119). */
function fibEvents(state: ControlState, rs: RouteServer, rib: RouteServerPath[]): void {
  const before = new Map(routeServerFib(rs).map((p) => [p.prefix, p.nextHop]));
  const after = new Map(routeServerFib({ rib }).map((p) => [p.prefix, p.nextHop]));
  const tables = rs.propagations.join(', ') || 'no table (no propagation)';
  for (const prefix of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(prefix);
    const b = after.get(prefix);
    if (a === b) continue;
    state.world.events.change({
      at: state.world.time,
      kind: 'bgp-route',
      instance: rs.id,
      text: `${tables}: ${prefix} ${a ?? '(none)'} → ${b ?? '(withdrawn)'}, by ${rs.id} from its FIB (R111, R119)`,
      outcome: b ? 'ok' : 'failed',
    });
  }
}
