import { cidrContains, parseIp, type Ip } from '../../net/ipv4';
import type { BgpConfig } from '../../model/guest-os';
import type { InstanceNode } from '../../network/network';
import { guestLookup, guestStack } from '../../guest/guest-stack';
import { traceFlow } from '../../trace/flow';
import { ConnectionState } from '../../trace/world';
import type { ControlState } from '../control-state';
import type { BgpSession } from './daemon-runtime';

/**
 * What every BGP session shares, whoever is at the other end (a guest, a VPN tunnel's AWS end, a
 * route server endpoint): its state by key, the keepalive and hold-timer check, BFD's faster
 * detection, and FRR's `%ADJCHANGE` journal line.
 */

export const sessionKey = (host: string, neighbor: string) => `${host}|${neighbor}`;

/** BFD's detection time: three missed packets at 300 ms (A-RS3). */
export const BFD_DETECTION = 0.9;

/** A session's state, made Idle the first time it is asked for. */
export function sessionOf(state: ControlState, key: string): BgpSession {
  let s = state.daemons.bgp.get(key);
  if (!s)
    state.daemons.bgp.set(
      key,
      (s = { state: 'Idle', lastHeard: -Infinity, since: state.world.time, conn: new ConnectionState() }),
    );
  return s;
}

/**
 * One keepalive check: heard now (a session that was down comes up), or silent for the hold
 * time (it goes down, and its TCP connection with it). Returns the change; the caller logs it.
 */
export function keepalive(
  state: ControlState,
  s: BgpSession,
  reachable: boolean,
  holdTime: number,
): 'up' | 'down' | undefined {
  const now = state.world.time;
  if (reachable) {
    s.lastHeard = now;
    if (s.state === 'Established') return undefined;
    s.state = 'Established';
    s.since = now;
    return 'up';
  }
  if (s.state !== 'Established' || now - s.lastHeard < holdTime) return undefined;
  s.state = 'Idle';
  s.since = now;
  s.conn = new ConnectionState();
  return 'down';
}

/** bgpd's journal line for a session that came up, or went down because BFD or the hold timer said so. */
export function logAdjChange(
  state: ControlState,
  host: string,
  neighbor: string,
  change: 'up' | 'down',
  byBfd = false,
): void {
  state.world.log(
    host,
    'bgpd',
    `%ADJCHANGE: neighbor ${neighbor} in vrf default ${change === 'up' ? 'Up' : byBfd ? 'Down BFD down received' : 'Down Hold Timer Expired'}`,
  );
}

/**
 * Whether BFD runs on a session between two guests: both neighbour lines say `bfd`, and each
 * side's packets reach the other (single-hop UDP 3784 within a subnet, multi-hop 4784 across,
 * RFC 5881/5883). Each side sends its own packets, which are no replies (R66): each receiver's
 * security group must admit them.
 */
export function bfdRuns(
  state: ControlState,
  inst: InstanceNode,
  n: BgpConfig['neighbors'][number],
  peer: InstanceNode,
  back: BgpConfig['neighbors'][number] | undefined,
): boolean {
  if (!n.bfd || !back?.bfd) return false;
  return bfdReaches(state, inst, parseIp(n.ip)!) && bfdReaches(state, peer, parseIp(back.ip)!);
}

function bfdReaches(state: ControlState, from: InstanceNode, to: Ip): boolean {
  const route = guestLookup(guestStack(from), to);
  if (!route) return false;
  const src = route.src ?? route.dev.eni.primaryIp;
  const sameSubnet = from.enis.some((e) => cidrContains(e.subnet.cidr, to));
  const packet = { src, dst: to, protocol: 17, srcPort: 49152, dstPort: sameSubnet ? 3784 : 4784, ttl: 255 };
  const r = traceFlow(
    state.network,
    state.world,
    { kind: 'instance', instance: from },
    packet,
    new ConnectionState(),
    'request',
  );
  return r.result !== 'dropped';
}
