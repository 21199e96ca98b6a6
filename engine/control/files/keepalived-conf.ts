import type { InstanceNode } from '../../network/network';
import { ipToString, parseIp } from '../../net/ipv4';
import { bareCommand, PROGRAM_PATHS, VrrpConfigSchema, type VrrpConfig } from '../../model/guest-os';
import { vrrpDevIndex } from '../daemons/vrrp';
import { parseBlocks, type Statement } from './conf-blocks';
import { configNumber, ProblemList, type FileParse } from './file-problems';
import { printScript, scriptCommands } from './shell-script';

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
/** Where several notify commands go: keepalived runs one program per notify, so they become a script. */
export const NOTIFY_SCRIPTS = {
  onMaster: '/etc/keepalived/notify_master.sh',
  onBackup: '/etc/keepalived/notify_backup.sh',
} as const;

type Notify = keyof typeof NOTIFY_SCRIPTS;
const NOTIFY_KEYWORDS: Record<string, Notify> = { notify_master: 'onMaster', notify_backup: 'onBackup' };

/** A command with its program's full path, as keepalived wants it (`/usr/sbin/arping -U …`). */
function fullCommand(cmd: string): string {
  const [program, ...rest] = cmd.split(' ');
  const path = PROGRAM_PATHS[program ?? ''];
  return path ? [path, ...rest].join(' ') : cmd;
}

/** How a notify list is written: nothing, one quoted command, or a generated script for several. */
function notifyLine(list: readonly string[], which: Notify): string | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1 && !list[0]!.includes('"')) return `"${fullCommand(list[0]!)}"`;
  return `"${NOTIFY_SCRIPTS[which]}"`;
}

/** The scripts keepalived.conf's notify lines name when a list holds several commands. */
export function generatedNotifyScripts(cfg: VrrpConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const which of ['onMaster', 'onBackup'] as const) {
    const list = cfg[which];
    if (list.length > 1 || (list.length === 1 && list[0]!.includes('"')))
      out[NOTIFY_SCRIPTS[which]] = printScript(list);
  }
  return out;
}

const num = (n: number) => String(Number(n.toFixed(2)));

/** `/etc/keepalived/keepalived.conf` for a guest's VRRP model, in keepalived's own syntax. */
export function printKeepalived(inst: InstanceNode, cfg: VrrpConfig): string {
  const k = vrrpDevIndex(inst, cfg);
  const eni = inst.enis[k];
  const dev = `eth${k}`;
  const lines = [`vrrp_instance ${cfg.name} {`, `    state ${cfg.state}`, `    interface ${dev}`];
  lines.push(
    `    virtual_router_id ${cfg.group}`,
    `    priority ${cfg.priority}`,
    `    advert_int ${num(cfg.advertInterval)}`,
  );
  if (!cfg.preempt) lines.push('    nopreempt');
  if (cfg.mode === 'unicast') {
    if (eni) lines.push(`    unicast_src_ip ${ipToString(eni.primaryIp)}`);
    lines.push('    unicast_peer {', ...cfg.peers.map((p) => `        ${p}`), '    }');
  }
  const prefix = eni?.subnet.cidr.prefix ?? 32;
  lines.push('    virtual_ipaddress {', `        ${cfg.vip}/${prefix} dev ${dev}`, '    }');
  for (const [keyword, which] of Object.entries(NOTIFY_KEYWORDS)) {
    const value = notifyLine(cfg[which], which);
    if (value) lines.push(`    ${keyword} ${value}`);
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** What a parse can see besides the file: the instance, and the scripts that exist on it. */
export interface KeepalivedContext {
  inst: InstanceNode;
  /** every script file on the guest now, generated or written, by path */
  scripts: Readonly<Record<string, string>>;
  /** the generated notify scripts (their commands become the notify list, not a path) */
  generated: ReadonlySet<string>;
}

const GLOBAL_DEFS = new Set([
  'router_id',
  'enable_script_security',
  'script_user',
  'notification_email',
  'notification_email_from',
  'smtp_server',
  'smtp_connect_timeout',
  'vrrp_skip_check_adv_addr',
  'vrrp_garp_interval',
  'vrrp_gna_interval',
]);
/** Parts of keepalived the simulator leaves out, with why. */
const NOT_MODELLED: Record<string, string> = {
  vrrp_script: 'health-check scripts are not modelled here (a hung instance is a `fail`)',
  track_script: 'health-check scripts are not modelled here (a hung instance is a `fail`)',
  vrrp_sync_group: 'the simulator models one vrrp_instance per guest',
  virtual_server: 'LVS load balancing is not modelled here',
  virtual_server_group: 'LVS load balancing is not modelled here',
  include: 'include files are not modelled here: keep everything in this file',
  use_vmac: 'a VPC delivers frames only to an ENI\u2019s own MAC, so a virtual MAC never works (R21)',
  track_interface: 'interface tracking is not modelled here',
  notify: 'the simulator runs notify_master and notify_backup only',
  notify_fault: 'the simulator runs notify_master and notify_backup only',
  notify_stop: 'the simulator runs notify_master and notify_backup only',
};

/** The parts of one `vrrp_instance` block, as written. */
interface InstanceParts {
  name: string;
  line: number;
  state?: string;
  iface?: { name: string; line: number };
  vrid?: number;
  priority?: number;
  advert?: number;
  preempt: boolean;
  srcIp?: { ip: string; line: number };
  peers?: string[];
  vips: { ip: string; dev?: string; line: number }[];
  notify: Partial<Record<Notify, string[]>>;
}

/**
 * Parses keepalived.conf into the guest's VRRP model, checking it as `keepalived --config-test`
 * would, plus what the simulator cannot hold (a second instance, a second VIP, health checks).
 * No `vrrp_instance` at all means keepalived has nothing to run (`vrrp` is then absent).
 */
export function parseKeepalived(text: string, ctx: KeepalivedContext): FileParse<VrrpConfig | undefined> {
  const problems = new ProblemList();
  const top = parseBlocks(text, problems);
  const instances: InstanceParts[] = [];
  for (const s of top) {
    const key = s.words[0]!;
    if (key === 'global_defs') {
      for (const g of s.block ?? [])
        if (!GLOBAL_DEFS.has(g.words[0]!)) problems.add(g.line, `Unknown keyword '${g.words[0]}'`);
    } else if (key === 'vrrp_instance') {
      if (!s.block) problems.add(s.line, "Missing '{' at beginning of configuration block");
      else if (!s.words[1]) problems.add(s.line, 'vrrp_instance must have a name');
      else instances.push(instanceParts(s, ctx, problems));
    } else if (NOT_MODELLED[key]) {
      problems.add(s.line, `${key}: ${NOT_MODELLED[key]}`);
    } else {
      problems.add(s.line, `Unknown keyword '${key}'`);
    }
  }
  if (instances.length > 1)
    problems.add(
      instances[1]!.line,
      `vrrp_instance ${instances[1]!.name}: the simulator models one vrrp_instance per guest`,
    );
  const parts = instances[0];
  if (!parts) return problems.result(undefined);
  return toConfig(parts, ctx, problems);
}

function instanceParts(s: Statement, ctx: KeepalivedContext, problems: ProblemList): InstanceParts {
  const p: InstanceParts = { name: s.words[1]!, line: s.line, preempt: true, vips: [], notify: {} };
  const tag = `(${p.name})`;
  for (const st of s.block!) {
    const [key, ...args] = st.words as [string, ...string[]];
    const arg = args[0];
    switch (key) {
      case 'state':
        if (arg !== 'MASTER' && arg !== 'BACKUP')
          problems.add(st.line, `${tag} unknown state '${arg ?? ''}', defaulting to BACKUP`);
        else p.state = arg;
        break;
      case 'interface':
        if (!arg || !/^eth\d+$/.test(arg) || Number(arg.slice(3)) >= ctx.inst.enis.length)
          problems.add(st.line, `WARNING - interface ${arg ?? ''} for vrrp_instance ${p.name} doesn't exist`);
        else p.iface = { name: arg, line: st.line };
        break;
      case 'virtual_router_id': {
        const n = configNumber(arg);
        if (n === undefined || !Number.isInteger(n) || n < 1 || n > 255)
          problems.add(st.line, `${tag}: VRID '${arg ?? ''}' not valid - must be between 1 & 255`);
        else p.vrid = n;
        break;
      }
      case 'priority': {
        const n = configNumber(arg);
        if (n === undefined || !Number.isInteger(n) || n < 1 || n > 255)
          problems.add(st.line, `${tag} Priority not valid! must be between 1 & 255`);
        else p.priority = n;
        break;
      }
      case 'advert_int': {
        const n = configNumber(arg);
        if (n === undefined || n <= 0)
          problems.add(st.line, `${tag} Advert interval (${arg ?? ''}) not valid! Must be > 0`);
        else if (n < 0.01 || n > 40.95)
          problems.add(
            st.line,
            `${tag} Advert interval (${arg}) not valid! Must be between 0.01 and 40.95 (VRRPv3 counts centiseconds)`,
          );
        else p.advert = n;
        break;
      }
      case 'nopreempt':
        p.preempt = false;
        break;
      case 'preempt':
        p.preempt = true;
        break;
      case 'unicast_src_ip':
        if (!arg || parseIp(arg) === undefined)
          problems.add(st.line, `${tag} unicast_src_ip '${arg ?? ''}' is not an address`);
        else p.srcIp = { ip: arg, line: st.line };
        break;
      case 'unicast_peer':
        p.peers = [];
        for (const peer of blockOf(st, problems)) {
          const ip = peer.words[0]!;
          if (parseIp(ip) === undefined || peer.words.length > 1)
            problems.add(peer.line, `Invalid peer address ${peer.words.join(' ')}`);
          else p.peers.push(ip);
        }
        break;
      case 'virtual_ipaddress':
        for (const v of blockOf(st, problems)) {
          const vip = virtualAddress(v, problems);
          if (vip) p.vips.push(vip);
        }
        break;
      case 'authentication':
        blockOf(st, problems);
        break;
      case 'notify_master':
      case 'notify_backup': {
        const which = NOTIFY_KEYWORDS[key]!;
        if (p.notify[which])
          problems.add(st.line, `${tag} ${key} script already specified - ignoring ${args.join(' ')}`);
        else {
          const cmds = notifyCommands(args.join(' '), st.line, ctx, problems);
          if (cmds) p.notify[which] = cmds;
        }
        break;
      }
      default:
        problems.add(st.line, NOT_MODELLED[key] ? `${key}: ${NOT_MODELLED[key]}` : `Unknown keyword '${key}'`);
    }
  }
  return p;
}

function blockOf(st: Statement, problems: ProblemList): Statement[] {
  if (!st.block) problems.add(st.line, "Missing '{' at beginning of configuration block");
  return st.block ?? [];
}

/** `10.0.1.254/24 dev eth1`: the address, and its device if one is named. */
function virtualAddress(v: Statement, problems: ProblemList): InstanceParts['vips'][number] | undefined {
  const [addr, ...rest] = v.words as [string, ...string[]];
  const [ip, len] = addr.split('/');
  if (parseIp(ip ?? '') === undefined || (len !== undefined && (configNumber(len) === undefined || Number(len) > 32))) {
    problems.add(v.line, `VRRP parsed invalid IP ${addr}. skipping IP...`);
    return undefined;
  }
  let dev: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === 'dev' && rest[i + 1]) dev = rest[++i];
    else if (rest[i] === 'label' || rest[i] === 'scope') i++;
    else {
      problems.add(v.line, `Unknown configuration entry '${rest[i]}' for ip address - ignoring`);
      return undefined;
    }
  }
  return { ip: ip!, ...(dev ? { dev } : {}), line: v.line };
}

/**
 * What a notify line runs: a command (programs by bare name), or a script. A generated script's
 * commands stand for the list; a script the learner wrote is kept by its path. A script that
 * does not exist is disabled by keepalived: here it is an error, so the learner finds out now.
 */
function notifyCommands(
  value: string,
  line: number,
  ctx: KeepalivedContext,
  problems: ProblemList,
): string[] | undefined {
  const cmd = bareCommand(value);
  const program = cmd.split(' ')[0] ?? '';
  if (!program.startsWith('/')) {
    const checked = scriptCommands(cmd, 'notify');
    if (!checked.ok) {
      for (const p of checked.problems) problems.add(line, p.message.replace(/^notify: 1: /, ''));
      return undefined;
    }
    return [cmd];
  }
  const script = ctx.scripts[program];
  if (script === undefined) {
    problems.add(line, `check_script_secure could not find script '${program}' - disabling (write the script first)`);
    return undefined;
  }
  if (!ctx.generated.has(program)) return [cmd];
  const inner = scriptCommands(script, program);
  if (!inner.ok) {
    for (const p of inner.problems) problems.add(line, p.message);
    return undefined;
  }
  return inner.value.map((c) => c.cmd);
}

function toConfig(p: InstanceParts, ctx: KeepalivedContext, problems: ProblemList): FileParse<VrrpConfig | undefined> {
  const tag = `(${p.name})`;
  if (p.vrid === undefined) problems.add(p.line, `${tag} the virtual router id must be set`);
  if (p.vips.length === 0) problems.add(p.line, `${tag} No VIP specified; at least one is required`);
  if (p.vips.length > 1) problems.add(p.vips[1]!.line, `${tag} the simulator models one virtual address per instance`);
  const vip = p.vips[0];
  if (problems.problems.length > 0 || !vip || p.vrid === undefined) return problems.result(undefined);
  const derived = vrrpDevIndex(ctx.inst, { vip: vip.ip });
  const devIndex = p.iface ? Number(p.iface.name.slice(3)) : derived;
  if (vip.dev !== undefined && vip.dev !== `eth${devIndex}`)
    problems.add(
      vip.line,
      `${tag} the virtual address must be on the instance's interface eth${devIndex}, not ${vip.dev}`,
    );
  const own = ctx.inst.enis[devIndex];
  if (p.srcIp && own && parseIp(p.srcIp.ip) !== own.primaryIp)
    problems.add(
      p.srcIp.line,
      `${tag} unicast_src_ip ${p.srcIp.ip} is not eth${devIndex}'s address ${ipToString(own.primaryIp)}`,
    );
  const raw = {
    name: p.name,
    mode: p.peers ? 'unicast' : 'multicast',
    state: p.state ?? 'BACKUP',
    group: p.vrid,
    priority: p.priority ?? 100,
    advertInterval: p.advert ?? 1,
    preempt: p.preempt,
    peers: p.peers ?? [],
    vip: vip.ip,
    ...(devIndex !== derived ? { dev: `eth${devIndex}` } : {}),
    onMaster: p.notify.onMaster ?? [],
    onBackup: p.notify.onBackup ?? [],
  };
  const parsed = VrrpConfigSchema.safeParse(raw);
  if (!parsed.success)
    for (const i of parsed.error.issues) problems.add(p.line, `${tag} ${i.path.join('.')}: ${i.message}`);
  return problems.result(parsed.success ? parsed.data : undefined);
}

/**
 * The commands keepalived would run after this write, found without the network: the notify
 * lines of a keepalived.conf (a script they name is read from `scripts`), or the lines of a
 * script. What a level allows a learner to run is what it allows their notify scripts to run.
 */
export function notifyCommandsOf(path: string, content: string, scripts: Readonly<Record<string, string>>): string[] {
  const fromScript = (text: string, name: string): string[] => {
    const r = scriptCommands(text, name);
    return r.ok ? r.value.map((c) => c.cmd) : [];
  };
  if (path !== KEEPALIVED_CONF) return fromScript(content, path);
  const out: string[] = [];
  const visit = (list: Statement[]) => {
    for (const s of list) {
      if (NOTIFY_KEYWORDS[s.words[0]!])
        out.push(...expand(bareCommand(s.words.slice(1).join(' ')), scripts, fromScript));
      if (s.block) visit(s.block);
    }
  };
  visit(parseBlocks(content, new ProblemList()));
  return out;
}

/** A notify command, or the commands of the script it names (when the script exists). */
export function expand(
  cmd: string,
  scripts: Readonly<Record<string, string>>,
  fromScript: (text: string, name: string) => string[],
): string[] {
  const program = cmd.split(' ')[0] ?? '';
  if (!program.startsWith('/')) return [cmd];
  const text = scripts[program];
  return text === undefined ? [] : fromScript(text, program);
}
