import type { ControlState } from '../control-state';
import { ConnectionState, type ConnectionData } from '../../trace/world';
import { computeBgpRoutes, installBgpRoutes, tickBgpSessions, type BgpSession } from './bgp';
import { nextVrrpEvent, startVrrp, stepVrrp, type VrrpRuntime } from './vrrp';

/** BGP keepalives are checked every second of simulated time (timers: keepalive 3 s, hold 9 s). */
const BGP_TICK = 1;
/** A guard against a daemon scheduling events without end. */
const MAX_EVENTS = 1_000_000;

/** The guests' daemons' run-time state: keepalived instances and BGP sessions. */
export class DaemonRuntime {
  readonly vrrp = new Map<string, VrrpRuntime>();
  readonly bgp = new Map<string, BgpSession>();
  nextBgpTick = BGP_TICK;

  /** The daemons' state as plain data: JSON has no infinity, so "never" is written as null. */
  toData(): DaemonData {
    return {
      vrrp: [...this.vrrp].map(([k, v]) => [
        k,
        { state: v.state, downAt: finite(v.downAt), nextAdvert: finite(v.nextAdvert) },
      ]),
      bgp: [...this.bgp].map(([k, v]) => [
        k,
        { state: v.state, lastHeard: finite(v.lastHeard), conn: v.conn.toData() },
      ]),
      nextBgpTick: this.nextBgpTick,
    };
  }

  static fromData(d: DaemonData): DaemonRuntime {
    const r = new DaemonRuntime();
    for (const [k, v] of d.vrrp)
      r.vrrp.set(k, { state: v.state, downAt: v.downAt ?? Infinity, nextAdvert: v.nextAdvert ?? Infinity });
    for (const [k, v] of d.bgp)
      r.bgp.set(k, { state: v.state, lastHeard: v.lastHeard ?? -Infinity, conn: ConnectionState.fromData(v.conn) });
    r.nextBgpTick = d.nextBgpTick;
    return r;
  }
}

/** A VRRP deadline that never comes (Infinity), or a BGP peer never heard (-Infinity), is null. */
function finite(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** The daemons' state as plain data. */
export interface DaemonData {
  vrrp: [string, { state: VrrpRuntime['state']; downAt: number | null; nextAdvert: number | null }][];
  bgp: [string, { state: BgpSession['state']; lastHeard: number | null; conn: ConnectionData }][];
  nextBgpTick: number;
}

/**
 * Makes the running daemons match the configuration: keepalived starts on a running
 * instance that has `os.vrrp` and stops (dropping its VIP) where it no longer runs.
 */
function syncDaemons(state: ControlState): void {
  for (const inst of state.network.instances.values()) {
    const has = state.daemons.vrrp.has(inst.id);
    const should = inst.state === 'running' && inst.os.vrrp !== undefined;
    if (should && !has) state.daemons.vrrp.set(inst.id, startVrrp(state, inst, inst.os.vrrp!));
    if (!should && has) stopDaemons(state, inst.id);
  }
}

/** Stops an instance's daemons: a stopped VM loses what they configured at run time. */
function stopDaemons(state: ControlState, instId: string): void {
  state.daemons.vrrp.delete(instId);
  for (const k of [...state.daemons.bgp.keys()]) if (k.startsWith(`${instId}|`)) state.daemons.bgp.delete(k);
  const inst = state.network.instances.get(instId);
  if (inst && (inst.os.daemonAddresses.length > 0 || inst.os.daemonRoutes.length > 0)) {
    state.apply((t) => {
      const i = t.instances.find((x) => x.id === instId);
      if (i) {
        i.os.daemonAddresses = [];
        i.os.daemonRoutes = [];
      }
      return undefined;
    });
  }
}

/** A reboot (`recover`) or a new daemon configuration: daemons restart from scratch, VRRP as backup. */
export function restartDaemons(state: ControlState, instId: string): void {
  stopDaemons(state, instId);
  syncDaemons(state);
  settle(state);
}

/** After any change: daemons follow the configuration and BGP recomputes its best paths to a fixpoint. */
export function settle(state: ControlState): void {
  syncDaemons(state);
  if (state.daemons.bgp.size > 0 || [...state.network.instances.values()].some((i) => i.os.daemonRoutes.length > 0)) {
    installBgpRoutes(state, computeBgpRoutes(state));
  }
}

/**
 * `wait: N`: simulated time passes. Events run in time order, deterministically: VRRP
 * adverts and takeovers (and the scripts they trigger), BGP keepalives and hold timers.
 * A hung instance's daemons do nothing.
 */
export function advanceTime(state: ControlState, seconds: number): void {
  const target = state.world.time + seconds;
  syncDaemons(state);
  for (let n = 0; n < MAX_EVENTS; n++) {
    let next = state.daemons.nextBgpTick;
    for (const [id, rt] of state.daemons.vrrp)
      if (!state.world.failed.has(id)) next = Math.min(next, nextVrrpEvent(rt));
    if (next > target) break;
    state.world.time = Math.max(state.world.time, next);
    for (const [id, rt] of [...state.daemons.vrrp].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!state.world.failed.has(id) && nextVrrpEvent(rt) <= state.world.time) stepVrrp(state, id, rt);
    }
    if (state.daemons.nextBgpTick <= state.world.time) {
      state.daemons.nextBgpTick = state.world.time + BGP_TICK;
      if (tickBgpSessions(state)) installBgpRoutes(state, computeBgpRoutes(state));
    }
  }
  state.world.time = target;
}
