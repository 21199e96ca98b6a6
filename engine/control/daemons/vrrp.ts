import { cidrContains, ipToString, parseIp } from '../../net/ipv4';
import type { InstanceNode } from '../../build/network';
import type { VrrpConfig } from '../../model/guest-os';
import { sendPacket } from '../../trace/flow';
import { ConnectionState } from '../../trace/world';
import type { ControlState } from '../control-state';
import { runShellCommand } from '../shell/run-shell';

/** 224.0.0.18, where VRRP adverts go in multicast mode; a VPC never delivers it (R117, R122). */
const VRRP_GROUP = parseIp('224.0.0.18')!;

/** One keepalived instance's run-time state. */
export interface VrrpRuntime {
  state: 'BACKUP' | 'MASTER';
  /** when a backup that hears no better advert takes over */
  downAt: number;
  nextAdvert: number;
}

/** The interface keepalived runs on: named, or the one whose subnet holds the VIP. */
export function vrrpDev(inst: InstanceNode, cfg: VrrpConfig): { name: string; ip: number } | undefined {
  const vip = parseIp(cfg.vip)!;
  const k =
    cfg.dev !== undefined
      ? Number(cfg.dev.replace(/^eth/, ''))
      : inst.enis.findIndex((e) => cidrContains(e.subnet.cidr, vip));
  const eni = inst.enis[k >= 0 ? k : 0];
  return eni ? { name: `eth${k >= 0 ? k : 0}`, ip: eni.primaryIp } : undefined;
}

/** keepalived's master-down interval: three adverts plus a skew that favours high priority. */
function masterDown(cfg: VrrpConfig): number {
  return 3 * cfg.advertInterval + ((256 - cfg.priority) / 256) * cfg.advertInterval;
}

const unicast = (cfg: VrrpConfig) => (cfg.mode ?? (cfg.peers.length > 0 ? 'unicast' : 'multicast')) === 'unicast';

/** Starts (or restarts, after a reboot or a new configuration) as backup (R117). */
export function startVrrp(state: ControlState, inst: InstanceNode, cfg: VrrpConfig): VrrpRuntime {
  state.world.log(inst.id, 'keepalived', `(VI_${cfg.group}) Entering BACKUP STATE (init)`);
  return { state: 'BACKUP', downAt: state.world.time + masterDown(cfg), nextAdvert: Infinity };
}

/** The next moment this daemon has something to do. */
export function nextVrrpEvent(rt: VrrpRuntime): number {
  return rt.state === 'MASTER' ? rt.nextAdvert : rt.downAt;
}

/** Runs what is due at the current time: a takeover, or an advert to the peers. */
export function stepVrrp(state: ControlState, instId: string, rt: VrrpRuntime): void {
  const inst = state.network.instances.get(instId);
  const cfg = inst?.os.vrrp;
  if (!inst || !cfg) return;
  const now = state.world.time;
  if (rt.state === 'BACKUP' && now >= rt.downAt) becomeMaster(state, inst, cfg, rt);
  if (rt.state === 'MASTER' && now >= rt.nextAdvert) {
    advertise(state, inst, cfg);
    rt.nextAdvert = now + cfg.advertInterval;
  }
}

function becomeMaster(state: ControlState, inst: InstanceNode, cfg: VrrpConfig, rt: VrrpRuntime): void {
  rt.state = 'MASTER';
  rt.nextAdvert = state.world.time;
  const dev = vrrpDev(inst, cfg)!;
  state.world.log(inst.id, 'keepalived', `(VI_${cfg.group}) Entering MASTER STATE`);
  const prefix = inst.enis[Number(dev.name.slice(3))]!.subnet.cidr.prefix;
  setVip(state, inst.id, cfg.vip, prefix, dev.name, true);
  // keepalived announces the VIP with gratuitous ARP; nobody hears it (R116, R121).
  runShellCommand(state, inst.id, `arping -U -c 5 -I ${dev.name} ${cfg.vip}`, false);
  for (const cmd of cfg.onMaster) notify(state, inst.id, cmd);
}

/** A master hears a better advert: it steps down (R117). */
function becomeBackup(
  state: ControlState,
  inst: InstanceNode,
  cfg: VrrpConfig,
  rt: VrrpRuntime,
  from: number,
  prio: number,
): void {
  rt.state = 'BACKUP';
  rt.downAt = state.world.time + masterDown(cfg);
  rt.nextAdvert = Infinity;
  state.world.log(
    inst.id,
    'keepalived',
    `(VI_${cfg.group}) Master received advert from ${ipToString(from)} with higher priority ${prio}, ours ${cfg.priority}`,
  );
  state.world.log(inst.id, 'keepalived', `(VI_${cfg.group}) Entering BACKUP STATE`);
  setVip(state, inst.id, cfg.vip, 32, vrrpDev(inst, cfg)!.name, false);
  for (const cmd of cfg.onBackup) notify(state, inst.id, cmd);
}

function notify(state: ControlState, instId: string, cmd: string): void {
  const r = runShellCommand(state, instId, cmd, false);
  state.world.log(
    instId,
    'keepalived',
    `Script \`${cmd}\` ${r.exit === 0 ? 'succeeded' : `exited with status ${r.exit}${r.output ? `: ${r.output.split('\n')[0]}` : ''}`}`,
  );
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
function advertise(state: ControlState, inst: InstanceNode, cfg: VrrpConfig): void {
  const dev = vrrpDev(inst, cfg);
  if (!dev) return;
  const note = `VRRPv2, Advertisement, vrid ${cfg.group}, prio ${cfg.priority}, authtype none, intvl ${cfg.advertInterval}s, length 20`;
  const targets = unicast(cfg) ? cfg.peers.map((p) => parseIp(p)!) : [VRRP_GROUP];
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
    if (end.kind === 'delivered' && end.to.kind === 'instance')
      receiveAdvert(state, end.to.id, cfg.group, cfg.priority, dev.ip);
  }
}

function receiveAdvert(state: ControlState, instId: string, group: number, prio: number, from: number): void {
  const rt = state.daemons.vrrp.get(instId);
  const inst = state.network.instances.get(instId);
  const cfg = inst?.os.vrrp;
  if (!rt || !inst || !cfg || cfg.group !== group || state.world.failed.has(instId)) return;
  const own = vrrpDev(inst, cfg)!.ip;
  const better = prio > cfg.priority || (prio === cfg.priority && from > own);
  if (rt.state === 'MASTER' && better) becomeBackup(state, inst, cfg, rt, from, prio);
  else if (rt.state === 'BACKUP' && better) rt.downAt = state.world.time + masterDown(cfg);
}
