import { ipToString, parseCidr, parseIp, type Ip } from '../../net/ipv4';
import type { InstanceNode, Network } from '../../build/network';
import type { BgpConfig } from '../../model/guest-os';
import { guestLookup, guestStack } from '../../guest/guest-stack';
import { traceFlow } from '../../trace/flow';
import { ConnectionState } from '../../trace/world';
import type { ControlState } from '../control-state';

/** One BGP session, seen from one side. */
export interface BgpSession {
  state: 'Idle' | 'Established';
  /** when a keepalive last got through */
  lastHeard: number;
  /** the TCP connection the session runs on: security groups track it (R66, R71) */
  conn: ConnectionState;
}

/** A path to a prefix: the AS path and who advertised it. */
interface Path {
  prefix: string;
  asPath: number[];
  via: Ip;
  routerId: Ip;
  ibgp: boolean;
}

const key = (inst: string, neighbor: string) => `${inst}|${neighbor}`;

function speakers(network: Network): { inst: InstanceNode; cfg: BgpConfig }[] {
  const out: { inst: InstanceNode; cfg: BgpConfig }[] = [];
  for (const inst of network.instances.values()) if (inst.os.bgp) out.push({ inst, cfg: inst.os.bgp });
  return out;
}

function routerId(inst: InstanceNode, cfg: BgpConfig): Ip {
  return cfg.routerId !== undefined ? parseIp(cfg.routerId)! : inst.enis[0]!.primaryIp;
}

/** The instance whose guest holds `ip`, if it runs BGP configured to peer back with `me` (R28). */
function peerOf(network: Network, me: InstanceNode, myCfg: BgpConfig, ip: Ip, remoteAsn: number) {
  for (const other of network.instances.values()) {
    const cfg = other.os.bgp;
    if (!cfg || other === me || cfg.asn !== remoteAsn || !guestStack(other).localIps.has(ip)) continue;
    const back = cfg.neighbors.find((n) => guestStack(me).localIps.has(parseIp(n.ip)!) && n.remoteAsn === myCfg.asn);
    if (back) return other;
  }
  return undefined;
}

function alive(state: ControlState, inst: InstanceNode): boolean {
  return inst.state === 'running' && !state.world.failed.has(inst.id);
}

/**
 * Keepalives: a session is up while TCP 179 gets through, like any unicast traffic (R28);
 * when nothing gets through for the hold time it goes down. Returns whether any session
 * changed state.
 */
export function tickBgpSessions(state: ControlState): boolean {
  const now = state.world.time;
  let changed = false;
  for (const { inst, cfg } of speakers(state.network)) {
    for (const n of cfg.neighbors) {
      const k = key(inst.id, n.ip);
      let s = state.daemons.bgp.get(k);
      if (!s) state.daemons.bgp.set(k, (s = { state: 'Idle', lastHeard: -Infinity, conn: new ConnectionState() }));
      const peer = peerOf(state.network, inst, cfg, parseIp(n.ip)!, n.remoteAsn);
      const reachable =
        alive(state, inst) && peer !== undefined && alive(state, peer) && connects(state, inst, parseIp(n.ip)!, s);
      if (reachable) {
        s.lastHeard = now;
        if (s.state !== 'Established') {
          s.state = 'Established';
          changed = true;
          state.world.log(inst.id, 'bgpd', `%ADJCHANGE: neighbor ${n.ip} in vrf default Up`);
        }
      } else if (s.state === 'Established' && now - s.lastHeard >= cfg.holdTime) {
        s.state = 'Idle';
        s.conn = new ConnectionState();
        changed = true;
        state.world.log(inst.id, 'bgpd', `%ADJCHANGE: neighbor ${n.ip} in vrf default Down Hold Timer Expired`);
      }
    }
  }
  return changed;
}

/** A keepalive (or, before the session is up, a connection attempt) to the neighbor's port 179. */
function connects(state: ControlState, inst: InstanceNode, neighbor: Ip, s: BgpSession): boolean {
  const route = guestLookup(guestStack(inst), neighbor);
  if (!route) return false;
  const src = route.src ?? route.dev.eni.primaryIp;
  const packet = { src, dst: neighbor, protocol: 6, srcPort: 40179, dstPort: 179, ttl: 64 };
  const established = s.state === 'Established' ? { src, srcPort: 40179 } : undefined;
  return (
    traceFlow(state.network, state.world, { kind: 'instance', instance: inst }, packet, s.conn, 'request', established)
      .result === 'roundtrip'
  );
}

/**
 * Best paths to a fixpoint: each speaker hears its established neighbors' own networks and
 * best paths (eBGP prepends the sender's AS; iBGP-learned paths are not passed to iBGP
 * peers; a path holding our own AS is a loop). Best: shortest AS path, then lowest router
 * id (R120). Returns each speaker's chosen routes.
 */
export function computeBgpRoutes(state: ControlState): Map<string, Path[]> {
  const all = speakers(state.network);
  let best = new Map<string, Map<string, Path>>(all.map(({ inst }) => [inst.id, new Map()]));
  for (let round = 0; round < 64; round++) {
    const next = new Map<string, Map<string, Path>>();
    for (const { inst, cfg } of all) {
      const chosen = new Map<string, Path>();
      const own = new Set(cfg.networks.map((n) => parseCidr(n.prefix)!.cidr.text));
      for (const n of cfg.neighbors) {
        const s = state.daemons.bgp.get(key(inst.id, n.ip));
        const peer = peerOf(state.network, inst, cfg, parseIp(n.ip)!, n.remoteAsn);
        if (s?.state !== 'Established' || !peer) continue;
        const peerCfg = peer.os.bgp!;
        const ibgp = peerCfg.asn === cfg.asn;
        const offers: Path[] = peerCfg.networks.map((net) => ({
          prefix: parseCidr(net.prefix)!.cidr.text,
          asPath: Array(ibgp ? 0 : 1 + net.asPathPrepend).fill(peerCfg.asn),
          via: parseIp(n.ip)!,
          routerId: routerId(peer, peerCfg),
          ibgp,
        }));
        for (const p of best.get(peer.id)?.values() ?? []) {
          if (ibgp && p.ibgp) continue;
          offers.push({
            prefix: p.prefix,
            asPath: ibgp ? p.asPath : [peerCfg.asn, ...p.asPath],
            via: parseIp(n.ip)!,
            routerId: routerId(peer, peerCfg),
            ibgp,
          });
        }
        for (const o of offers) {
          if (own.has(o.prefix) || o.asPath.includes(cfg.asn)) continue;
          const cur = chosen.get(o.prefix);
          if (
            !cur ||
            o.asPath.length < cur.asPath.length ||
            (o.asPath.length === cur.asPath.length &&
              (o.routerId < cur.routerId || (o.routerId === cur.routerId && o.via < cur.via)))
          )
            chosen.set(o.prefix, o);
        }
      }
      next.set(inst.id, chosen);
    }
    const same = [...next].every(([id, m]) => sameRoutes(m, best.get(id)!));
    best = next;
    if (same) break;
  }
  return new Map([...best].map(([id, m]) => [id, [...m.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : 1))]));
}

function sameRoutes(a: Map<string, Path>, b: Map<string, Path>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, p] of a) {
    const q = b.get(k);
    if (!q || q.via !== p.via || q.asPath.join() !== p.asPath.join()) return false;
  }
  return true;
}

/** Installs the chosen routes into each guest's table (`proto bgp`), rebuilding only if they changed. */
export function installBgpRoutes(state: ControlState, routes: Map<string, Path[]>): void {
  const wanted = new Map(
    [...routes].map(([id, paths]) => [
      id,
      paths.map((p) => ({ destination: p.prefix, via: ipToString(p.via), onlink: false })),
    ]),
  );
  const differs = [...wanted].some(
    ([id, list]) => JSON.stringify(state.network.instances.get(id)?.os.daemonRoutes ?? []) !== JSON.stringify(list),
  );
  const stale = [...state.network.instances.values()].some((i) => !wanted.has(i.id) && i.os.daemonRoutes.length > 0);
  if (!differs && !stale) return;
  state.apply((t) => {
    for (const inst of t.instances) inst.os.daemonRoutes = wanted.get(inst.id) ?? [];
    return undefined;
  });
}

/** The neighbors' addresses a guest's BGP daemon knows, for checks and display. */
export function bgpNeighborsOf(state: ControlState, instId: string): { ip: string; state: string }[] {
  const cfg = state.network.instances.get(instId)?.os.bgp;
  return (cfg?.neighbors ?? []).map((n) => ({
    ip: n.ip,
    state: state.daemons.bgp.get(key(instId, n.ip))?.state ?? 'Idle',
  }));
}
