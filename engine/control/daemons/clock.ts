import type { ControlState } from '../control-state';
import { computeBgpRoutes, installBgpRoutes, tickBgpSessions, unitStopped } from './bgp';
import { tickVpnBgp } from './vpn-bgp';
import { tickRouteServers } from './route-server';
import { BGP_TICK, UNITS, type Unit } from './daemon-runtime';
import type { GuestCommand } from './guest-command';
import { masterDown, nextVrrpEvent, startVrrp, stepVrrp, stopVrrp } from './vrrp';

export { DaemonRuntime, UNITS, type DaemonData, type Unit } from './daemon-runtime';

/** A guard against a daemon scheduling events without end. */
const MAX_EVENTS = 1_000_000;

/**
 * Makes the running daemons match the configuration: keepalived starts on a running
 * instance that has `os.vrrp` (unless stopped by hand) and stops, dropping its VIP, where
 * it no longer runs.
 */
function syncDaemons(state: ControlState): void {
  for (const inst of state.network.instances.values()) {
    const has = state.daemons.vrrp.has(inst.id);
    const running = inst.state === 'running';
    const should = running && inst.os.vrrp !== undefined && !unitStopped(state, inst.id, 'keepalived');
    if (should && !has) {
      state.daemons.vrrp.set(inst.id, startVrrp(state, inst, inst.os.vrrp!));
      state.daemons.started.set(`${inst.id}|keepalived`, state.world.time);
    }
    if (!should && has)
      stopUnit(state, inst.id, 'keepalived', running ? 'no configuration' : `the instance is ${inst.state}`);
    const frr = `${inst.id}|frr`;
    const bgpd = running && inst.os.bgp !== undefined && !unitStopped(state, inst.id, 'frr');
    if (bgpd && !state.daemons.started.has(frr)) state.daemons.started.set(frr, state.world.time);
    if (!bgpd && state.daemons.started.has(frr)) {
      if (!running) stopUnit(state, inst.id, 'frr', `the instance is ${inst.state}`);
      state.daemons.started.delete(frr);
    }
  }
}

/** Stops one daemon: what it configured at run time goes with it (the VIP, the BGP routes). */
function stopUnit(state: ControlState, instId: string, unit: Unit, why: string): void {
  state.daemons.started.delete(`${instId}|${unit}`);
  if (unit === 'keepalived') {
    if (state.daemons.vrrp.delete(instId)) stopVrrp(state, instId, why);
    clearRuntime(state, instId, 'addresses');
    return;
  }
  let had = false;
  for (const k of [...state.daemons.bgp.keys()])
    if (k.startsWith(`${instId}|`)) had = state.daemons.bgp.delete(k) || had;
  if (had) {
    state.world.log(instId, 'bgpd', 'Terminating on signal');
    state.world.events.change({ at: state.world.time, kind: 'service', instance: instId, text: `frr stops: ${why}` });
  }
  clearRuntime(state, instId, 'routes');
}

function clearRuntime(state: ControlState, instId: string, what: 'addresses' | 'routes'): void {
  const inst = state.network.instances.get(instId);
  const list = what === 'addresses' ? inst?.os.daemonAddresses : inst?.os.daemonRoutes;
  if (!list || list.length === 0) return;
  state.apply((t) => {
    const i = t.instances.find((x) => x.id === instId);
    if (i) {
      if (what === 'addresses') i.os.daemonAddresses = [];
      else i.os.daemonRoutes = [];
    }
    return undefined;
  });
}

/** Stops every daemon of an instance (it stopped, or it reboots). */
function stopDaemons(state: ControlState, instId: string, why: string): void {
  for (const unit of UNITS) stopUnit(state, instId, unit, why);
}

/** A reboot (`recover`): daemons restart from scratch, VRRP as backup, stopped units too. */
export function restartDaemons(state: ControlState, instId: string): void {
  stopDaemons(state, instId, 'the instance reboots');
  for (const unit of UNITS) state.daemons.stopped.delete(`${instId}|${unit}`);
  syncDaemons(state);
  settle(state);
}

/**
 * `systemctl start|stop|restart <unit>`, or a configuration file written: the unit stops, and
 * starts again from its configuration unless it was stopped.
 */
export function controlUnit(
  state: ControlState,
  instId: string,
  unit: Unit,
  action: 'start' | 'stop' | 'restart',
): void {
  const key = `${instId}|${unit}`;
  if (action !== 'start') stopUnit(state, instId, unit, action === 'stop' ? 'systemctl stop' : 'restarted');
  if (action === 'stop') state.daemons.stopped.add(key);
  else state.daemons.stopped.delete(key);
  if (action !== 'stop' && unit === 'frr' && state.network.instances.get(instId)?.os.bgp) {
    state.world.log(instId, 'bgpd', 'BGPd 8.4.4 starting: vty@2605, bgp@<all>:179');
    state.world.events.change({
      at: state.world.time,
      kind: 'service',
      instance: instId,
      text: `frr ${action === 'start' ? 'starts' : 'restarts'}: bgpd connects to its neighbours at the next keepalive`,
    });
  }
  syncDaemons(state);
  settle(state);
}

/** After any change: daemons follow the configuration and BGP recomputes its best paths to a fixpoint. */
export function settle(state: ControlState): void {
  syncDaemons(state);
  tickVpnBgp(state);
  tickRouteServers(state);
  if (state.daemons.bgp.size > 0 || [...state.network.instances.values()].some((i) => i.os.daemonRoutes.length > 0)) {
    installBgpRoutes(state, computeBgpRoutes(state));
  }
}

/**
 * `wait: N`: simulated time passes. Events run in time order, deterministically: VRRP
 * adverts and takeovers (and the scripts they trigger), BGP keepalives and hold timers.
 * A hung instance's daemons do nothing. Advancing by a and then by b is the same as
 * advancing by a + b: the page's running clock relies on it.
 */
export function advanceTime(state: ControlState, seconds: number, run: GuestCommand): void {
  const target = state.world.time + seconds;
  syncDaemons(state);
  for (let n = 0; n < MAX_EVENTS; n++) {
    let next = state.daemons.nextBgpTick;
    for (const [id, rt] of state.daemons.vrrp)
      if (!state.world.failed.has(id)) next = Math.min(next, nextVrrpEvent(rt));
    if (next > target) break;
    state.world.time = Math.max(state.world.time, next);
    for (const [id, rt] of [...state.daemons.vrrp].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!state.world.failed.has(id) && nextVrrpEvent(rt) <= state.world.time) stepVrrp(state, id, rt, run);
    }
    if (state.daemons.nextBgpTick <= state.world.time) {
      state.daemons.nextBgpTick = state.world.time + BGP_TICK;
      if (tickBgpSessions(state)) installBgpRoutes(state, computeBgpRoutes(state));
      tickVpnBgp(state);
      tickRouteServers(state);
    }
  }
  state.world.time = target;
}

/**
 * How long the network must stay quiet to count as settled: longer than any timer that can
 * still fire with nothing happening before it (a BGP hold time, a VRRP master-down interval),
 * and at least 10 s.
 */
export function quietPeriod(state: ControlState): number {
  let q = 10;
  for (const inst of state.network.instances.values()) {
    if (inst.os.bgp) q = Math.max(q, Math.ceil(inst.os.bgp.holdTime) + 1);
    if (inst.os.vrrp) q = Math.max(q, Math.ceil(masterDown(inst.os.vrrp)) + 1);
  }
  return q;
}

/**
 * "Until things settle": time passes a second at a time until nothing has changed (no VRRP
 * state, BGP session, route, script or API call) for the quiet period, counted from now at the
 * earliest (the change that starts the wait, an API call say, leaves no event of its own), or
 * until `atMost` seconds have passed. Deterministic, so a stored step replays to the same instant.
 */
export function advanceUntilSettled(
  state: ControlState,
  atMost: number,
  run: GuestCommand,
): { seconds: number; settled: boolean } {
  const quiet = quietPeriod(state);
  let last = state.world.time;
  let waited = 0;
  while (waited < atMost) {
    const step = Math.min(1, atMost - waited);
    advanceTime(state, step, run);
    waited += step;
    last = Math.max(last, state.world.events.lastChange);
    if (state.world.time - last >= quiet) return { seconds: waited, settled: true };
  }
  return { seconds: waited, settled: false };
}
