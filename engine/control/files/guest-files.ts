import type { InstanceNode, Network } from '../../network/network';
import { GuestFilesSchema, VrrpConfigSchema, type GuestOs } from '../../model/guest-os';
import type { Unit } from '../daemons/clock';
import { configuredOs } from '../../guest/boot-state';
import type { FileProblem } from './file-problems';
import { FRR_CONF, parseFrr, printFrr } from './frr-conf';
import {
  generatedNotifyScripts,
  KEEPALIVED_CONF,
  NOTIFY_SCRIPTS,
  parseKeepalived,
  printKeepalived,
} from './keepalived-conf';
import { scriptCommands } from './shell-script';
import {
  IPTABLES_RULES,
  parseIptables,
  parseSysctl,
  printIptables,
  printResolv,
  printSysctl,
  RESOLV_CONF,
  HOSTNAME_FILE,
  HOSTS_FILE,
  printHostname,
  printHosts,
  SYSCTL_CONF,
} from './system-conf';

/** Which program reads a file, so its problems are reported in that program's words. */
export type FileKind = 'keepalived' | 'notify' | 'frr' | 'sysctl' | 'iptables' | 'resolv' | 'system' | 'file';

/** One file on a guest, printed from its model (DESIGN.md: one model, shown as files). */
export interface GuestFile {
  path: string;
  content: string;
  kind: FileKind;
}

/**
 * Every configuration file the guest has: keepalived's (and the script it names when a notify
 * runs several commands), FRR's, sysctl.conf, the iptables rules restored at boot, resolv.conf,
 * and the files the learner wrote. Sorted by path.
 */
export function guestFiles(network: Network, inst: InstanceNode): GuestFile[] {
  // the configuration on disk, not what `sysctl -w` or `iptables` changed at run time
  const os = configuredOs(inst.os);
  const files: GuestFile[] = [
    { path: SYSCTL_CONF, content: printSysctl(os), kind: 'sysctl' },
    { path: IPTABLES_RULES, content: printIptables(os), kind: 'iptables' },
    { path: RESOLV_CONF, content: printResolv(network, inst), kind: 'resolv' },
    { path: HOSTNAME_FILE, content: printHostname(inst), kind: 'system' },
    { path: HOSTS_FILE, content: printHosts(), kind: 'system' },
  ];
  if (os.vrrp) {
    files.push({ path: KEEPALIVED_CONF, content: printKeepalived(inst, os.vrrp), kind: 'keepalived' });
    for (const [path, content] of Object.entries(generatedNotifyScripts(os.vrrp)))
      files.push({ path, content, kind: 'notify' });
  }
  if (os.bgp) files.push({ path: FRR_CONF, content: printFrr(inst, os.bgp), kind: 'frr' });
  const printed = new Set(files.map((f) => f.path));
  for (const [path, content] of Object.entries(os.files))
    if (!printed.has(path)) files.push({ path, content, kind: 'file' });
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** One file, or undefined when the guest has none at that path. */
export function readGuestFile(network: Network, inst: InstanceNode, path: string): GuestFile | undefined {
  return guestFiles(network, inst).find((f) => f.path === normalizePath(path));
}

/** `/etc//keepalived/./x` → `/etc/keepalived/x`; a relative path is taken from `/root`. */
export function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `/root/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** The directories that hold the guest's files (`ls`, and `cat` of a directory). */
export function guestDirectories(files: readonly GuestFile[]): Set<string> {
  const dirs = new Set<string>(['/', '/etc', '/root', '/etc/keepalived', '/etc/frr', '/etc/iptables']);
  for (const f of files) {
    const parts = f.path.split('/').slice(1, -1);
    for (let i = 1; i <= parts.length; i++) dirs.add(`/${parts.slice(0, i).join('/')}`);
  }
  return dirs;
}

/**
 * The guest-model fields a write to this path changes: what a level must let the learner
 * configure (`allowed.configure[].fields`) for the write to be allowed. A script beside
 * keepalived's configuration is part of it. resolv.conf comes from the VPC and cannot change.
 */
export function writeFields(path: string): string[] {
  const p = normalizePath(path);
  if (p.startsWith('/etc/keepalived/')) return ['vrrp'];
  if (p === FRR_CONF) return ['bgp'];
  if (p === SYSCTL_CONF) return ['ipForward'];
  if (p === IPTABLES_RULES) return ['nat', 'firewall'];
  if (p === RESOLV_CONF || p === HOSTNAME_FILE || p === HOSTS_FILE) return [];
  return ['files'];
}

/** A write accepted: the change to the model, and the daemons that load it now. */
export interface FileWrite {
  path: string;
  kind: FileKind;
  patch: Partial<GuestOs>;
  reload: Unit[];
}

export type FileWriteResult = ({ ok: true } & FileWrite) | { ok: false; kind: FileKind; problems: FileProblem[] };

/** keepalived's notify scripts: a notify line naming one stands for the commands in it. */
const RESERVED: ReadonlySet<string> = new Set(Object.values(NOTIFY_SCRIPTS));

/** Files that live where the system keeps things the learner does not write. */
const SYSTEM_DIRS = ['/proc/', '/sys/', '/dev/', '/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/lib/'];

/**
 * Writes a file: parses it into the model as its daemon would read it. Nothing changes when
 * the file has a problem; every problem is returned with its line.
 */
export function writeGuestFile(
  network: Network,
  inst: InstanceNode,
  rawPath: string,
  content: string,
): FileWriteResult {
  const path = normalizePath(rawPath);
  const os = inst.os;
  const fail = (kind: FileKind, line: number, message: string): FileWriteResult => ({
    ok: false,
    kind,
    problems: [{ line, message }],
  });
  if (path === RESOLV_CONF)
    return fail('resolv', 0, `${path} comes from the VPC's DHCP options; the simulator has no DNS settings to change`);
  if (path === HOSTNAME_FILE || path === HOSTS_FILE)
    return fail('system', 0, `${path} comes from the instance's address; the simulator keeps the name EC2 gives it`);
  if (SYSTEM_DIRS.some((d) => path.startsWith(d)) || guestDirectories(guestFiles(network, inst)).has(path))
    return fail(
      'file',
      0,
      `${path}: Is a directory or a system path; write configuration under /etc or scripts under /usr/local/bin`,
    );
  if (path === KEEPALIVED_CONF) {
    const scripts = { ...os.files, ...(os.vrrp ? generatedNotifyScripts(os.vrrp) : {}) };
    const r = parseKeepalived(content, { inst, scripts, generated: RESERVED });
    if (!r.ok) return { ok: false, kind: 'keepalived', problems: r.problems };
    return { ok: true, path, kind: 'keepalived', patch: { vrrp: r.value }, reload: ['keepalived'] };
  }
  const which = (Object.keys(NOTIFY_SCRIPTS) as (keyof typeof NOTIFY_SCRIPTS)[]).find(
    (k) => NOTIFY_SCRIPTS[k] === path,
  );
  if (which) {
    // keepalived's own notify script: its commands are the notify list
    if (!os.vrrp) return fail('notify', 0, `${path} belongs to keepalived: write ${KEEPALIVED_CONF} first`);
    const r = scriptCommands(content, path);
    if (!r.ok) return { ok: false, kind: 'notify', problems: r.problems };
    const vrrp = VrrpConfigSchema.safeParse({ ...os.vrrp, [which]: r.value.map((c) => c.cmd) });
    if (!vrrp.success) return fail('notify', 0, `${path}: ${vrrp.error.issues[0]?.message ?? 'cannot be used'}`);
    return { ok: true, path, kind: 'notify', patch: { vrrp: vrrp.data }, reload: ['keepalived'] };
  }
  if (path === FRR_CONF) {
    const r = parseFrr(content);
    return r.ok
      ? { ok: true, path, kind: 'frr', patch: { bgp: r.value }, reload: ['frr'] }
      : { ok: false, kind: 'frr', problems: r.problems };
  }
  if (path === SYSCTL_CONF) {
    const r = parseSysctl(content);
    return r.ok
      ? { ok: true, path, kind: 'sysctl', patch: r.value, reload: [] }
      : { ok: false, kind: 'sysctl', problems: r.problems };
  }
  if (path === IPTABLES_RULES) {
    const r = parseIptables(content, inst);
    return r.ok
      ? { ok: true, path, kind: 'iptables', patch: { nat: undefined, ...r.value }, reload: [] }
      : { ok: false, kind: 'iptables', problems: r.problems };
  }
  if (content.startsWith('#!') || path.endsWith('.sh')) {
    const r = scriptCommands(content, path);
    if (!r.ok) return { ok: false, kind: 'file', problems: r.problems };
  }
  const files = GuestFilesSchema.safeParse({ ...os.files, [path]: content });
  if (!files.success) return fail('file', 0, `${path}: ${files.error.issues[0]?.message ?? 'cannot be written'}`);
  return { ok: true, path, kind: 'file', patch: { files: files.data }, reload: [] };
}

/** Problems as the program that reads the file prints them. */
export function formatFileProblems(kind: FileKind, path: string, problems: readonly FileProblem[]): string {
  return problems
    .map((p) => {
      switch (kind) {
        case 'keepalived':
          return p.line > 0 ? `(${path}: Line ${p.line}) ${p.message}` : `(${path}) ${p.message}`;
        case 'frr':
          return p.line > 0 ? `line ${p.line}: % ${p.message}` : `% ${p.message}`;
        default:
          return p.message;
      }
    })
    .join('\n');
}

/** The guest-model fields that files represent (what a round trip through the files gives back). */
export type FileModel = Pick<GuestOs, 'ipForward' | 'nat' | 'firewall' | 'vrrp' | 'bgp' | 'files'>;

/**
 * Reads a whole set of files back into the model, as the guest would at boot: sysctl.conf,
 * the iptables rules, keepalived.conf with the scripts it names, frr.conf, and every other file
 * as the learner's own. A file missing means its daemon has no configuration.
 */
export function parseGuestFiles(
  inst: InstanceNode,
  files: readonly { path: string; content: string }[],
): { ok: true; model: FileModel } | { ok: false; path: string; kind: FileKind; problems: FileProblem[] } {
  const byPath = new Map(files.map((f) => [normalizePath(f.path), f.content]));
  const sysctl = parseSysctl(byPath.get(SYSCTL_CONF) ?? '');
  if (!sysctl.ok) return { ok: false, path: SYSCTL_CONF, kind: 'sysctl', problems: sysctl.problems };
  const ipt = parseIptables(byPath.get(IPTABLES_RULES) ?? '', inst);
  if (!ipt.ok) return { ok: false, path: IPTABLES_RULES, kind: 'iptables', problems: ipt.problems };
  const known = new Set([
    SYSCTL_CONF,
    IPTABLES_RULES,
    RESOLV_CONF,
    HOSTNAME_FILE,
    HOSTS_FILE,
    KEEPALIVED_CONF,
    FRR_CONF,
    ...RESERVED,
  ]);
  const own = Object.fromEntries([...byPath].filter(([p]) => !known.has(p)));
  const model: FileModel = { ipForward: sysctl.value.ipForward, firewall: ipt.value.firewall, files: own };
  if (ipt.value.nat) model.nat = ipt.value.nat;
  const conf = byPath.get(KEEPALIVED_CONF);
  if (conf !== undefined) {
    const scripts = Object.fromEntries([...byPath].filter(([p]) => !known.has(p) || RESERVED.has(p)));
    const r = parseKeepalived(conf, { inst, scripts, generated: RESERVED });
    if (!r.ok) return { ok: false, path: KEEPALIVED_CONF, kind: 'keepalived', problems: r.problems };
    if (r.value) model.vrrp = r.value;
  }
  const frr = byPath.get(FRR_CONF);
  if (frr !== undefined) {
    const r = parseFrr(frr);
    if (!r.ok) return { ok: false, path: FRR_CONF, kind: 'frr', problems: r.problems };
    if (r.value) model.bgp = r.value;
  }
  return { ok: true, model };
}
