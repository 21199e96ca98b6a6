import { ConnectionState, type ConnectionData } from '../../trace/world';

/**
 * The guests' daemons' run-time state as data, and nothing that runs them: the bottom of
 * engine/control, which the control state holds and the daemons (clock.ts, vrrp.ts, bgp.ts) act on.
 */

/** One keepalived instance's run-time state. */
export interface VrrpRuntime {
  state: 'BACKUP' | 'MASTER';
  /** when a backup that hears no better advert takes over */
  downAt: number;
  nextAdvert: number;
}

/** One BGP session, seen from one side. */
export interface BgpSession {
  state: 'Idle' | 'Established';
  /** when a keepalive last got through */
  lastHeard: number;
  /** when the session last changed state (vtysh's Up/Down column) */
  since: number;
  /** the TCP connection the session runs on: security groups track it (R66, R71) */
  conn: ConnectionState;
  /** BFD watches the session: both ends configured it and its packets get through both ways (A-RS3) */
  bfd?: boolean;
}

/** BGP keepalives are checked every second of simulated time (timers: keepalive 3 s, hold 9 s). */
export const BGP_TICK = 1;
/** The daemons a guest runs as systemd units. */
export type Unit = 'keepalived' | 'frr';
export const UNITS: readonly Unit[] = ['keepalived', 'frr'];

/** The guests' daemons' run-time state: keepalived instances, BGP sessions, units stopped by hand. */
export class DaemonRuntime {
  readonly vrrp = new Map<string, VrrpRuntime>();
  readonly bgp = new Map<string, BgpSession>();
  /** `instance|unit` for each daemon `systemctl stop` stopped (a reboot starts it again) */
  readonly stopped = new Set<string>();
  /** `instance|unit` → when the running unit last started (`systemctl status`: "since") */
  readonly started = new Map<string, number>();
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
        { state: v.state, lastHeard: finite(v.lastHeard), since: v.since, conn: v.conn.toData() },
      ]),
      stopped: [...this.stopped],
      started: [...this.started],
      nextBgpTick: this.nextBgpTick,
    };
  }

  static fromData(d: DaemonData): DaemonRuntime {
    const r = new DaemonRuntime();
    for (const [k, v] of d.vrrp)
      r.vrrp.set(k, { state: v.state, downAt: v.downAt ?? Infinity, nextAdvert: v.nextAdvert ?? Infinity });
    for (const [k, v] of d.bgp)
      r.bgp.set(k, {
        state: v.state,
        lastHeard: v.lastHeard ?? -Infinity,
        since: v.since,
        conn: ConnectionState.fromData(v.conn),
      });
    for (const k of d.stopped) r.stopped.add(k);
    for (const [k, v] of d.started) r.started.set(k, v);
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
  bgp: [string, { state: BgpSession['state']; lastHeard: number | null; since: number; conn: ConnectionData }][];
  stopped: string[];
  started: [string, number][];
  nextBgpTick: number;
}
