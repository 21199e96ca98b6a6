import { cidrContains, ipToString, parseIp } from '../../net/ipv4';
import type { InstanceNode } from '../../network/network';
import type { VrrpConfig } from '../../model/guest-os';
import { sendPacket } from '../../trace/flow';
import { dropOf, traceHops } from '../../trace/hops';
import { ConnectionState } from '../../trace/world';
import type { ControlState } from '../control-state';
import type { GuestCommand } from './guest-command';
import type { VrrpRuntime } from './daemon-runtime';

export type { VrrpRuntime } from './daemon-runtime';

/** 224.0.0.18, where VRRP adverts go in multicast mode; a VPC never delivers it (R117, R122). */
const VRRP_GROUP = parseIp('224.0.0.18')!;
/** keepalived's burst of gratuitous ARPs on becoming master (garp_master_repeat 5). */
const GARP_REPEAT = 5;

/** The interface keepalived runs on: named, or the one whose subnet holds the VIP. */
export function vrrpDev(inst: InstanceNode, cfg: VrrpConfig): { name: string; ip: number } | undefined {
  const k = vrrpDevIndex(inst, cfg);
  const eni = inst.enis[k];
  return eni ? { name: `eth${k}`, ip: eni.primaryIp } : undefined;
}

/** The device index keepalived uses: `interface ethN`, or the one whose subnet holds the VIP. */
export function vrrpDevIndex(inst: InstanceNode, cfg: Pick<VrrpConfig, 'dev' | 'vip'>): number {
  if (cfg.dev !== undefined) return Number(cfg.dev.replace(/^eth/, ''));
  const vip = parseIp(cfg.vip)!;
  const k = inst.enis.findIndex((e) => cidrContains(e.subnet.cidr, vip));
  return k >= 0 ? k : 0;
}

/** keepalived's master-down interval: three adverts plus a skew that favours high priority. */
export function masterDown(cfg: VrrpConfig): number {
  return 3 * cfg.advertInterval + ((256 - cfg.priority) / 256) * cfg.advertInterval;
}

/** Starts (or restarts, after a reboot or a new configuration) in its configured state (R117). */
export function startVrrp(state: ControlState, inst: InstanceNode, cfg: VrrpConfig): VrrpRuntime {
  state.world.log(inst.id, 'keepalived', 'Starting VRRP child process');
  state.world.log(inst.id, 'keepalived', `(${cfg.name}) Entering BACKUP STATE (init)`);
  state.world.events.change({
    at: state.world.time,
    kind: 'vrrp',
    instance: inst.id,
    text: `keepalived starts ${cfg.name} as BACKUP (vrid ${cfg.group}, priority ${cfg.priority}, ${cfg.mode}${cfg.mode === 'unicast' ? ` to ${cfg.peers.join(', ') || 'no peers'}` : ' to 224.0.0.18'})`,
  });
  // `state MASTER` takes over at once; BACKUP waits for the master-down timer
  const downAt = state.world.time + (cfg.state === 'MASTER' ? 0 : masterDown(cfg));
  return { state: 'BACKUP', downAt, nextAdvert: Infinity };
}

/** keepalived stops (systemctl stop, a new configuration): the VIP leaves the guest. */
export function stopVrrp(state: ControlState, instId: string, why: string): void {
  const cfg = state.network.instances.get(instId)?.os.vrrp;
  state.world.log(instId, 'keepalived', 'Stopping');
  state.world.events.change({
    at: state.world.time,
    kind: 'vrrp',
    instance: instId,
    text: `keepalived stops${cfg ? ` (${cfg.name})` : ''}: ${why}`,
  });
}

/** The next moment this daemon has something to do. */
export function nextVrrpEvent(rt: VrrpRuntime): number {
  return rt.state === 'MASTER' ? rt.nextAdvert : rt.downAt;
}

/** Runs what is due at the current time: a takeover, or an advert to the peers. */
export function stepVrrp(state: ControlState, instId: string, rt: VrrpRuntime, run: GuestCommand): void {
  const inst = state.network.instances.get(instId);
  const cfg = inst?.os.vrrp;
  if (!inst || !cfg) return;
  const now = state.world.time;
  if (rt.state === 'BACKUP' && now >= rt.downAt) becomeMaster(state, inst, cfg, rt, run);
  if (rt.state === 'MASTER' && now >= rt.nextAdvert) {
    advertise(state, inst, cfg, run);
    rt.nextAdvert = now + cfg.advertInterval;
  }
}

function becomeMaster(
  state: ControlState,
  inst: InstanceNode,
  cfg: VrrpConfig,
  rt: VrrpRuntime,
  run: GuestCommand,
): void {
  rt.state = 'MASTER';
  rt.nextAdvert = state.world.time;
  const dev = vrrpDev(inst, cfg)!;
  state.world.log(inst.id, 'keepalived', `(${cfg.name}) Receive advertisement timeout`);
  state.world.log(inst.id, 'keepalived', `(${cfg.name}) Entering MASTER STATE`);
  state.world.events.change({
    at: state.world.time,
    kind: 'vrrp',
    instance: inst.id,
    text: `${cfg.name} → MASTER: no advert heard from a better router; ${cfg.vip} is now configured in this guest only (AWS does not know it, R23)`,
  });
  const prefix = inst.enis[Number(dev.name.slice(3))]!.subnet.cidr.prefix;
  setVip(state, inst.id, cfg.vip, prefix, dev.name, true);
  gratuitousArp(state, inst, cfg, dev.name, run);
  for (const cmd of cfg.onMaster) notify(state, inst.id, 'notify_master', cmd, run);
}

/**
 * keepalived announces the VIP with a burst of gratuitous ARPs (R116): a broadcast, which the
 * VPC never delivers (R121), so nobody's ARP cache changes (arping records the event).
 */
function gratuitousArp(state: ControlState, inst: InstanceNode, cfg: VrrpConfig, dev: string, run: GuestCommand): void {
  state.world.log(inst.id, 'keepalived', `(${cfg.name}) Sending/queueing gratuitous ARPs on ${dev} for ${cfg.vip}`);
  run(state, inst.id, `arping -U -c ${GARP_REPEAT} -I ${dev} ${cfg.vip}`);
}

/** A master hears a better advert: it steps down (R117). */
function becomeBackup(
  state: ControlState,
  inst: InstanceNode,
  cfg: VrrpConfig,
  rt: VrrpRuntime,
  from: number,
  prio: number,
  run: GuestCommand,
): void {
  rt.state = 'BACKUP';
  rt.downAt = state.world.time + masterDown(cfg);
  rt.nextAdvert = Infinity;
  state.world.log(
    inst.id,
    'keepalived',
    `(${cfg.name}) Master received advert from ${ipToString(from)} with higher priority ${prio}, ours ${cfg.priority}`,
  );
  state.world.log(inst.id, 'keepalived', `(${cfg.name}) Entering BACKUP STATE`);
  state.world.events.change({
    at: state.world.time,
    kind: 'vrrp',
    instance: inst.id,
    text: `${cfg.name} → BACKUP: heard ${ipToString(from)}'s advert with priority ${prio} (ours ${cfg.priority}); ${cfg.vip} leaves this guest`,
  });
  setVip(state, inst.id, cfg.vip, 32, vrrpDev(inst, cfg)!.name, false);
  for (const cmd of cfg.onBackup) notify(state, inst.id, 'notify_backup', cmd, run);
}

function notify(state: ControlState, instId: string, which: string, cmd: string, run: GuestCommand): void {
  const r = run(state, instId, cmd);
  const first = r.output.split('\n').find((l) => l.trim() !== '');
  state.world.log(
    instId,
    'keepalived',
    `Script \`${cmd}\` ${r.exit === 0 ? 'succeeded' : `exited with status ${r.exit}${first ? `: ${first}` : ''}`}`,
  );
  state.world.events.change({
    at: state.world.time,
    kind: 'script',
    instance: instId,
    text: `${which} runs \`${cmd}\`: ${r.exit === 0 ? 'exit 0' : `exit ${r.exit}${first ? ` (${first})` : ''}`}`,
    outcome: r.exit === 0 ? 'ok' : 'failed',
  });
}

/** The VIP lives in the guest only while it is master; AWS never learns it (R23). */
function setVip(state: ControlState, instId: string, vip: string, prefix: number, dev: string, on: boolean): void {
  state.apply((t) => {
    const inst = t.instances.find((i) => i.id === instId);
    if (!inst) return undefined;
    inst.os.daemonAddresses = inst.os.daemonAddresses.filter((a) => a.ip !== vip);
    if (on) inst.os.daemonAddresses.push({ ip: vip, prefix, dev });
    return undefined;
  });
}

/**
 * One round of adverts (IP protocol 112): to 224.0.0.18, which the VPC drops, or to each
 * unicast peer, delivered only if security groups pass protocol 112 (R117, R28).
 */
function advertise(state: ControlState, inst: InstanceNode, cfg: VrrpConfig, run: GuestCommand): void {
  const dev = vrrpDev(inst, cfg);
  if (!dev) return;
  const note = `VRRPv2, Advertisement, vrid ${cfg.group}, prio ${cfg.priority}, authtype none, intvl ${cfg.advertInterval}s, length 20`;
  const targets = cfg.mode === 'unicast' ? cfg.peers.map((p) => parseIp(p)!) : [VRRP_GROUP];
  for (const dst of targets) {
    const eni = inst.enis[Number(dev.name.slice(3))]!;
    const packet = { src: dev.ip, dst, protocol: 112, srcPort: 0, dstPort: 0, ttl: 255 };
    const trace = sendPacket(
      state.network,
      state.world,
      new ConnectionState(),
      { kind: 'instance', instance: inst, eni },
      packet,
      'request',
      { note },
    );
    const end = trace.ending;
    const to = end.kind === 'delivered' && end.to.kind === 'instance' ? end.to.id : undefined;
    const drop = dropOf(trace);
    const what = `advert to ${ipToString(dst)} (vrid ${cfg.group}, priority ${cfg.priority})`;
    state.world.events.repeat(`advert|${inst.id}|${dst}|${to ?? drop?.code ?? end.kind}`, {
      at: state.world.time,
      kind: 'advert',
      instance: inst.id,
      ...(to ? { peer: to } : {}),
      text: to
        ? `${what}: received by ${to}`
        : drop
          ? `${what}: dropped at ${drop.at} (${drop.code})`
          : `${what}: ${end.kind === 'exits' ? 'left the network' : 'delivered nowhere'}`,
      outcome: to ? 'ok' : 'dropped',
      ...(drop ? { drop } : {}),
      trace: traceHops(trace),
    });
    if (to) receiveAdvert(state, to, cfg.group, cfg.priority, dev.ip, run);
  }
}

function receiveAdvert(
  state: ControlState,
  instId: string,
  group: number,
  prio: number,
  from: number,
  run: GuestCommand,
): void {
  const rt = state.daemons.vrrp.get(instId);
  const inst = state.network.instances.get(instId);
  const cfg = inst?.os.vrrp;
  if (!rt || !inst || !cfg || cfg.group !== group || state.world.failed.has(instId)) return;
  const own = vrrpDev(inst, cfg)!.ip;
  const better = prio > cfg.priority || (prio === cfg.priority && from > own);
  if (rt.state === 'MASTER' && better) becomeBackup(state, inst, cfg, rt, from, prio, run);
  // RFC 5798 6.4.2: without preemption any master's advert keeps a backup waiting
  else if (rt.state === 'BACKUP' && (better || !cfg.preempt)) rt.downAt = state.world.time + masterDown(cfg);
}
