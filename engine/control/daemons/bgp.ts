import { ipToString, parseCidr, parseIp, type Ip } from '../../net/ipv4';
import type { InstanceNode, Network } from '../../network/network';
import { MAIN_TABLE, type BgpConfig } from '../../model/guest-os';
import { guestLookup, guestStack } from '../../guest/guest-stack';
import { traceFlow } from '../../trace/flow';
import { dropOf, traceHops } from '../../trace/hops';
import { ConnectionState } from '../../trace/world';
import type { ControlState } from '../control-state';
import { endpointAddresses } from '../../network/build-route-servers';
import type { BgpSession } from './daemon-runtime';
import { BFD_DETECTION, bfdRuns, keepalive, logAdjChange, sessionKey, sessionOf } from './bgp-session';

export type { BgpSession } from './daemon-runtime';

/** A path to a prefix: the AS path and who advertised it. */
export interface BgpPath {
  prefix: string;
  asPath: number[];
  via: Ip;
  routerId: Ip;
  ibgp: boolean;
}

/** A speaker's BGP table: every path its established neighbours offer, and the best per prefix. */
export interface BgpTable {
  received: BgpPath[];
  best: Map<string, BgpPath>;
}

/** Whether a unit (keepalived, frr) was stopped with systemctl on this instance. */
export function unitStopped(state: ControlState, instId: string, unit: 'keepalived' | 'frr'): boolean {
  return state.daemons.stopped.has(`${instId}|${unit}`);
}

/** The instances whose bgpd runs: configured, and not stopped with systemctl. */
export function speakers(state: ControlState): { inst: InstanceNode; cfg: BgpConfig }[] {
  const out: { inst: InstanceNode; cfg: BgpConfig }[] = [];
  for (const inst of state.network.instances.values())
    if (inst.os.bgp && !unitStopped(state, inst.id, 'frr')) out.push({ inst, cfg: inst.os.bgp });
  return out;
}

export function routerId(inst: InstanceNode, cfg: BgpConfig): Ip {
  return cfg.routerId !== undefined ? parseIp(cfg.routerId)! : inst.enis[0]!.primaryIp;
}

/** The instance whose guest holds `ip`, if it runs BGP configured to peer back with `me` (R28). */
function peerOf(state: ControlState, me: InstanceNode, myCfg: BgpConfig, ip: Ip, remoteAsn: number) {
  for (const other of state.network.instances.values()) {
    const cfg = other.os.bgp;
    if (!cfg || other === me || cfg.asn !== remoteAsn || !guestStack(other).localIps.has(ip)) continue;
    if (unitStopped(state, other.id, 'frr')) continue;
    const back = cfg.neighbors.find((n) => guestStack(me).localIps.has(parseIp(n.ip)!) && n.remoteAsn === myCfg.asn);
    if (back) return other;
  }
  return undefined;
}

/** A speaker's neighbour line that names one of `to`'s addresses: how it treats the session with `to`. */
function backLine(cfg: BgpConfig, to: InstanceNode): BgpConfig['neighbors'][number] | undefined {
  return cfg.neighbors.find((m) => guestStack(to).localIps.has(parseIp(m.ip)!));
}

/** Who holds an address in its guest, for explaining a session that does not come up. */
export function holderOf(network: Network, ip: Ip): InstanceNode | undefined {
  for (const inst of network.instances.values()) if (guestStack(inst).localIps.has(ip)) return inst;
  return undefined;
}

export function alive(state: ControlState, inst: InstanceNode): boolean {
  return inst.state === 'running' && !state.world.failed.has(inst.id) && !unitStopped(state, inst.id, 'frr');
}

/**
 * Keepalives: a session is up while TCP 179 gets through, like any unicast traffic (R28);
 * when nothing gets through for the hold time it goes down. Returns whether any session
 * changed state.
 */
export function tickBgpSessions(state: ControlState): boolean {
  const now = state.world.time;
  let changed = false;
  // a VPC Route Server endpoint is no guest: its sessions are route-server.ts's
  const endpoints = new Set(state.topology.routeServers.length > 0 ? endpointAddresses(state.topology).values() : []);
  for (const { inst, cfg } of speakers(state)) {
    if (!alive(state, inst)) continue;
    for (const n of cfg.neighbors) {
      if (endpoints.has(n.ip)) continue;
      const s = sessionOf(state, sessionKey(inst.id, n.ip));
      const ip = parseIp(n.ip)!;
      const peer = peerOf(state, inst, cfg, ip, n.remoteAsn);
      const reachable = peer !== undefined && alive(state, peer) && connects(state, inst, ip, s);
      // BFD notices a dead neighbour in 0.9 s where it runs (A-RS3); otherwise the hold timer does
      if (reachable) s.bfd = bfdRuns(state, inst, n, peer, backLine(peer.os.bgp!, inst));
      const byBfd = s.bfd === true;
      const change = keepalive(state, s, reachable, byBfd ? BFD_DETECTION : cfg.holdTime);
      if (change) changed = true;
      if (change === 'up') sessionUp(state, inst, cfg, n, peer!);
      else if (change === 'down') {
        s.bfd = false;
        logAdjChange(state, inst.id, n.ip, 'down', byBfd);
        state.world.events.change({
          at: now,
          kind: 'bgp-session',
          instance: inst.id,
          ...(peer ? { peer: peer.id } : {}),
          text: `session to ${n.ip} (AS ${n.remoteAsn}) down: ${byBfd ? 'BFD heard nothing for 0.9 s' : `nothing heard for the ${cfg.holdTime} s hold time`}`,
          outcome: 'failed',
        });
      } else if (s.state === 'Idle') {
        explainIdle(state, inst, cfg, n, peer);
      }
    }
  }
  return changed;
}

function sessionUp(
  state: ControlState,
  inst: InstanceNode,
  cfg: BgpConfig,
  n: BgpConfig['neighbors'][number],
  peer: InstanceNode,
): void {
  logAdjChange(state, inst.id, n.ip, 'up');
  const own = cfg.networks.map((x) => x.prefix);
  state.world.events.change({
    at: state.world.time,
    kind: 'bgp-session',
    instance: inst.id,
    peer: peer.id,
    text: `session to ${n.ip} (AS ${n.remoteAsn}) Established over TCP 179, which the VPC carries and never reads (R28)${own.length > 0 ? `; announces ${own.join(', ')}` : ''}`,
    outcome: 'ok',
  });
}

/** Says, once per reason, why a session stays down: nobody peers back, the peer is down, or TCP dies. */
function explainIdle(
  state: ControlState,
  inst: InstanceNode,
  cfg: BgpConfig,
  n: BgpConfig['neighbors'][number],
  peer: InstanceNode | undefined,
): void {
  const at = state.world.time;
  const base = { at, kind: 'bgp-session' as const, instance: inst.id, outcome: 'failed' as const };
  if (!peer) {
    const holder = holderOf(state.network, parseIp(n.ip)!);
    const why = !holder
      ? 'no guest holds that address'
      : !holder.os.bgp || unitStopped(state, holder.id, 'frr')
        ? `no bgpd runs on ${holder.id}`
        : `${holder.id} does not peer back with AS ${cfg.asn} at this address`;
    state.world.events.repeat(`bgp-idle|${inst.id}|${n.ip}|nopeer`, {
      ...base,
      ...(holder ? { peer: holder.id } : {}),
      text: `session to ${n.ip} (AS ${n.remoteAsn}) stays Active: ${why}`,
    });
    return;
  }
  if (!alive(state, peer)) {
    state.world.events.repeat(`bgp-idle|${inst.id}|${n.ip}|down`, {
      ...base,
      peer: peer.id,
      text: `session to ${n.ip} (AS ${n.remoteAsn}) stays Active: ${peer.id} does not answer (${peer.state !== 'running' ? `the instance is ${peer.state}` : state.world.failed.has(peer.id) ? 'it has hung' : 'frr is stopped'})`,
    });
    return;
  }
  const attempt = connectTrace(state, inst, parseIp(n.ip)!, new ConnectionState(), false);
  const failed = attempt?.reply ?? attempt?.request;
  const drop =
    attempt && attempt.result !== 'roundtrip' ? (dropOf(attempt.reply) ?? dropOf(attempt.request)) : undefined;
  state.world.events.repeat(`bgp-idle|${inst.id}|${n.ip}|${drop?.code ?? 'route'}`, {
    ...base,
    peer: peer.id,
    text: drop
      ? `connect to ${n.ip}:179 fails: dropped at ${drop.at} (${drop.code})`
      : `connect to ${n.ip}:179 fails: no guest route to it`,
    ...(drop ? { drop, outcome: 'dropped' as const } : {}),
    ...(failed ? { trace: traceHops(failed) } : {}),
  });
}

/** A keepalive (or, before the session is up, a connection attempt) to the neighbor's port 179. */
function connects(state: ControlState, inst: InstanceNode, neighbor: Ip, s: BgpSession): boolean {
  return connectTrace(state, inst, neighbor, s.conn, s.state === 'Established')?.result === 'roundtrip';
}

function connectTrace(state: ControlState, inst: InstanceNode, neighbor: Ip, conn: ConnectionState, up: boolean) {
  const route = guestLookup(guestStack(inst), neighbor);
  if (!route) return undefined;
  const src = route.src ?? route.dev.eni.primaryIp;
  const packet = { src, dst: neighbor, protocol: 6, srcPort: 40179, dstPort: 179, ttl: 64 };
  const established = up ? { src, srcPort: 40179 } : undefined;
  return traceFlow(
    state.network,
    state.world,
    { kind: 'instance', instance: inst },
    packet,
    conn,
    'request',
    established,
  );
}

/**
 * What a neighbour offers a speaker: its own networks and its best paths (eBGP prepends the
 * sender's AS; iBGP-learned paths are not passed to iBGP peers; a path holding our own AS is a
 * loop, and our own networks are not learned back).
 */
function offers(
  state: ControlState,
  inst: InstanceNode,
  cfg: BgpConfig,
  best: Map<string, Map<string, BgpPath>>,
): BgpPath[] {
  const out: BgpPath[] = [];
  const own = new Set(cfg.networks.map((n) => parseCidr(n.prefix)!.cidr.text));
  for (const n of cfg.neighbors) {
    const s = state.daemons.bgp.get(sessionKey(inst.id, n.ip));
    const peer = peerOf(state, inst, cfg, parseIp(n.ip)!, n.remoteAsn);
    if (s?.state !== 'Established' || !peer) continue;
    const peerCfg = peer.os.bgp!;
    const ibgp = peerCfg.asn === cfg.asn;
    const via = parseIp(n.ip)!;
    const rid = routerId(peer, peerCfg);
    // the peer's own neighbour line for us: its outbound prepend and default-originate
    const back = backLine(peerCfg, inst);
    const prepend = ibgp ? 0 : (back?.prependOut ?? 0);
    const sent = (path: number[]) => [...Array<number>(prepend).fill(peerCfg.asn), ...path];
    const candidates: BgpPath[] = [
      ...(back?.defaultOriginate ? [{ prefix: '0.0.0.0/0', asPathPrepend: 0 }] : []),
      ...peerCfg.networks,
    ].map((net) => ({
      prefix: parseCidr(net.prefix)!.cidr.text,
      asPath: sent(Array<number>(ibgp ? 0 : 1 + net.asPathPrepend).fill(peerCfg.asn)),
      via,
      routerId: rid,
      ibgp,
    }));
    for (const p of best.get(peer.id)?.values() ?? []) {
      if (ibgp && p.ibgp) continue;
      if (back?.defaultOriginate && p.prefix === '0.0.0.0/0') continue;
      candidates.push({
        prefix: p.prefix,
        asPath: ibgp ? p.asPath : sent([peerCfg.asn, ...p.asPath]),
        via,
        routerId: rid,
        ibgp,
      });
    }
    for (const o of candidates) if (!own.has(o.prefix) && !o.asPath.includes(cfg.asn)) out.push(o);
  }
  return out;
}

/** Best path: shortest AS path, then lowest router id, then lowest neighbour address (R120). */
function better(o: BgpPath, cur: BgpPath | undefined): boolean {
  if (!cur) return true;
  if (o.asPath.length !== cur.asPath.length) return o.asPath.length < cur.asPath.length;
  if (o.routerId !== cur.routerId) return o.routerId < cur.routerId;
  return o.via < cur.via;
}

/** Every speaker's table, with best paths computed to a fixpoint. */
export function computeBgpTables(state: ControlState): Map<string, BgpTable> {
  const all = speakers(state);
  let best = new Map<string, Map<string, BgpPath>>(all.map(({ inst }) => [inst.id, new Map()]));
  let tables = new Map<string, BgpTable>();
  for (let round = 0; round < 64; round++) {
    const next = new Map<string, BgpTable>();
    for (const { inst, cfg } of all) {
      const received = offers(state, inst, cfg, best);
      const chosen = new Map<string, BgpPath>();
      for (const o of received) if (better(o, chosen.get(o.prefix))) chosen.set(o.prefix, o);
      next.set(inst.id, { received, best: chosen });
    }
    const same = [...next].every(([id, t]) => sameRoutes(t.best, best.get(id)!));
    best = new Map([...next].map(([id, t]) => [id, t.best]));
    tables = next;
    if (same) break;
  }
  return tables;
}

/** Each speaker's chosen routes, sorted by prefix. */
export function computeBgpRoutes(state: ControlState): Map<string, BgpPath[]> {
  return new Map(
    [...computeBgpTables(state)].map(([id, t]) => [
      id,
      [...t.best.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1)),
    ]),
  );
}

function sameRoutes(a: Map<string, BgpPath>, b: Map<string, BgpPath>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, p] of a) {
    const q = b.get(k);
    if (!q || q.via !== p.via || q.asPath.join() !== p.asPath.join()) return false;
  }
  return true;
}

/** Installs the chosen routes into each guest's table (`proto bgp`), rebuilding only if they changed. */
export function installBgpRoutes(state: ControlState, routes: Map<string, BgpPath[]>): void {
  const wanted = new Map(
    [...routes].map(([id, paths]) => [
      id,
      paths.map((p) => ({ destination: p.prefix, via: ipToString(p.via), onlink: false, table: MAIN_TABLE })),
    ]),
  );
  const before = new Map([...state.network.instances.values()].map((i) => [i.id, i.os.daemonRoutes]));
  const differs = [...wanted].some(([id, list]) => JSON.stringify(before.get(id) ?? []) !== JSON.stringify(list));
  const stale = [...state.network.instances.values()].some((i) => !wanted.has(i.id) && i.os.daemonRoutes.length > 0);
  if (!differs && !stale) return;
  state.apply((t) => {
    for (const inst of t.instances) inst.os.daemonRoutes = wanted.get(inst.id) ?? [];
    return undefined;
  });
  for (const [id, old] of before) routeEvents(state, id, old, routes.get(id) ?? []);
}

/** One event per route a speaker learned and installed, replaced, or withdrew (R120). */
function routeEvents(
  state: ControlState,
  instId: string,
  old: { destination: string; via?: string | undefined }[],
  now: BgpPath[],
): void {
  const at = state.world.time;
  const was = new Map(old.map((r) => [r.destination, r.via]));
  for (const p of now) {
    const via = ipToString(p.via);
    const prev = was.get(p.prefix);
    was.delete(p.prefix);
    if (prev === via) continue;
    const path = p.asPath.length > 0 ? `AS path ${p.asPath.join(' ')}` : 'iBGP';
    state.world.events.change({
      at,
      kind: 'bgp-route',
      instance: instId,
      ...(holderId(state, p.via) ? { peer: holderId(state, p.via)! } : {}),
      text:
        prev === undefined
          ? `learned ${p.prefix} from ${via} (${path}) and installed it: ${p.prefix} via ${via} proto bgp`
          : `${p.prefix} now via ${via} (${path}), was via ${prev}`,
      outcome: 'ok',
    });
  }
  for (const [prefix, via] of was)
    state.world.events.change({
      at,
      kind: 'bgp-route',
      instance: instId,
      text: `withdrew ${prefix}${via ? ` (was via ${via})` : ''}: no established neighbour offers it any more`,
      outcome: 'failed',
    });
}

function holderId(state: ControlState, ip: Ip): string | undefined {
  return holderOf(state.network, ip)?.id;
}

/** The neighbors' addresses a guest's BGP daemon knows, for checks and display. */
export function bgpNeighborsOf(state: ControlState, instId: string): { ip: string; state: string }[] {
  const cfg = state.network.instances.get(instId)?.os.bgp;
  return (cfg?.neighbors ?? []).map((n) => ({
    ip: n.ip,
    state: state.daemons.bgp.get(sessionKey(instId, n.ip))?.state ?? 'Idle',
  }));
}
