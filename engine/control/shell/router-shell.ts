import { cidrContains, ipToString, parseCidr, parseIp, type Cidr } from '../../net/ipv4';
import type { OnPremisesRouter } from '../../model/vpn';
import type { BgpConfig } from '../../model/guest-os';
import { cloneData } from '../../model/clone';
import { tokenize } from '../aws/cli-args';
import type { ControlState } from '../control-state';
import { sessionKey } from '../daemons/bgp-session';
import { settle } from '../daemons/clock';
import { announcedBy } from '../daemons/vpn-bgp';
import { FRR_CONF, parseFrr, printFrr } from '../files/frr-conf';
import { routerFiles, routerFrrHost, routerTunnels } from '../files/router-files';
import type { FileProblem } from '../files/file-problems';
import { clockText, journalctl } from './service-commands';
import { err, ok, ShellContext, type ShellResult } from './shell-context';

/**
 * The shell of an on-premises router (level 13's r-dc): FRR's vtysh (show and a few configure
 * lines), its journal, its routing table, its frr.conf. Its interfaces and IPsec are not the
 * learner's: nothing else runs there.
 */
export function runRouterCommand(state: ControlState, r: OnPremisesRouter, line: string): ShellResult {
  if (state.world.failed.has(r.id)) return err(`ssh: connect to host ${r.id} port 22: Connection timed out`, 255);
  const argv = tokenize(line.trim());
  if (!Array.isArray(argv)) return err(`bash: ${argv.error}`, 2);
  const words = argv[0] === 'sudo' ? argv.slice(1) : argv;
  switch (words[0]) {
    case 'vtysh':
      return vtysh(state, r, words);
    case 'journalctl':
      // the guests' journalctl reads the journal by host id: the router's is kept the same way
      return journalctl(new ShellContext(state, r.id), words);
    case 'ip':
      return ipRoute(state, r, words.slice(1));
    case 'cat':
      if (words[1] === FRR_CONF) return ok(routerFiles(state.topology, r)[0]?.content ?? '');
      return err(`cat: ${words[1] ?? ''}: No such file or directory`);
    default:
      return err(`bash: ${words[0] ?? ''}: command not found`, 127);
  }
}

/** Saves r-dc's frr.conf as frr-reload.py would apply it (the sessions stay); its problems, if any. */
export function writeRouterFrr(state: ControlState, r: OnPremisesRouter, text: string): FileProblem[] | undefined {
  const parsed = parseFrr(text);
  if (!parsed.ok) return parsed.problems;
  setRouterBgp(state, r.id, parsed.value);
  return undefined;
}

/** r-dc's BGP configuration replaced as a reload applies it: sessions to neighbours it keeps stay up. */
export function setRouterBgp(state: ControlState, id: string, cfg: BgpConfig | undefined): void {
  state.apply((t) => {
    const r = t.onPremisesRouters.find((x) => x.id === id)!;
    if (cfg) r.os.bgp = cfg;
    else delete r.os.bgp;
    return undefined;
  });
  settle(state);
}

/** `vtysh -c …` (several run in turn): show commands, and `configure terminal` lines. */
function vtysh(state: ControlState, r: OnPremisesRouter, argv: string[]): ShellResult {
  const commands: string[] = [];
  for (let i = 1; i < argv.length; i++) if (argv[i] === '-c') commands.push((argv[++i] ?? '').trim());
  if (commands.length === 0) return err('vtysh: run one command at a time: vtysh -c "show bgp summary"');
  if (commands[0] === 'configure terminal' || commands[0] === 'conf t') return configure(state, r, commands.slice(1));
  const cfg = r.os.bgp;
  if (!cfg) return err('% BGP instance not found');
  const out: string[] = [];
  for (const c of commands) {
    const w = c.split(/\s+/);
    if (/^show (ip )?bgp (ipv4 unicast )?summary$/.test(c)) out.push(summary(state, r, cfg));
    else if (w[0] === 'show' && w.includes('neighbors') && w.at(-1) === 'advertised-routes')
      out.push(advertised(state, r, cfg, w[w.indexOf('neighbors') + 1] ?? ''));
    else if (c === 'show running-config') out.push(printFrr(routerFrrHost(state.topology, r), cfg));
    else return { output: [...out, `% Unknown command: ${c}`].join('\n'), exit: 1 };
  }
  return ok(out.join('\n'));
}

const established = (state: ControlState, r: OnPremisesRouter, ip: string) =>
  state.daemons.bgp.get(sessionKey(r.id, ip))?.state === 'Established';

/** What the AWS side announces over the session with `ip`: the VPC's blocks. */
const fromAws = (state: ControlState, r: OnPremisesRouter, ip: string): string[] =>
  routerTunnels(state.topology, r).find((x) => x.aws === ip)?.fromAws ?? [];

function summary(state: ControlState, r: OnPremisesRouter, cfg: BgpConfig): string {
  const now = state.world.time;
  const sent = announcedBy(r).length;
  const rows = cfg.neighbors.map((n) => {
    const s = state.daemons.bgp.get(sessionKey(r.id, n.ip));
    const up = s?.state === 'Established';
    const updown = !s || s.lastHeard === -Infinity ? 'never' : clockText(now - s.since);
    return `${n.ip.padEnd(16)}4 ${String(n.remoteAsn).padStart(10)} ${updown.padStart(9)} ${(up ? String(fromAws(state, r, n.ip).length) : 'Active').padStart(13)} ${String(up ? sent : 0).padStart(8)}`;
  });
  return [
    'IPv4 Unicast Summary (VRF default):',
    `BGP router identifier ${cfg.routerId ?? '0.0.0.0'}, local AS number ${cfg.asn} vrf-id 0`,
    '',
    'Neighbor        V         AS   Up/Down  State/PfxRcd   PfxSnt',
    ...rows,
    '',
    `Total number of neighbors ${cfg.neighbors.length}`,
  ].join('\n');
}

function advertised(state: ControlState, r: OnPremisesRouter, cfg: BgpConfig, ip: string): string {
  if (!cfg.neighbors.some((n) => n.ip === ip)) return `% No such neighbor ${ip}`;
  if (!established(state, r, ip)) return '';
  const prefixes = announcedBy(r);
  return [
    `BGP table version is 1, local router ID is ${cfg.routerId ?? '0.0.0.0'}, vrf id 0`,
    '    Network          Next Hop            Metric LocPrf Weight Path',
    ...prefixes.map((p) => `*> ${p.padEnd(18)} 0.0.0.0                  0         32768 i`),
    '',
    `Total number of prefixes ${prefixes.length}`,
  ].join('\n');
}

/** `configure terminal` then `router bgp N`, `address-family ipv4 unicast`, `[no] network P`, neighbour lines (neighborLine). */
function configure(state: ControlState, r: OnPremisesRouter, lines: string[]): ShellResult {
  const cfg: BgpConfig = cloneData(r.os.bgp ?? { asn: 0, holdTime: 9, keepalive: 3, neighbors: [], networks: [] });
  for (const l of lines) {
    const w = l.split(/\s+/);
    const no = w[0] === 'no';
    const [verb, arg, ...rest] = no ? w.slice(1) : w;
    if (verb === 'router' && arg === 'bgp') {
      if (cfg.asn !== 0 && cfg.asn !== Number(rest[0])) return err(`% BGP is already running; AS is ${cfg.asn}`);
      cfg.asn = Number(rest[0]);
    } else if (verb === 'address-family' || verb === 'exit-address-family' || verb === 'exit' || verb === 'end') {
      continue;
    } else if (verb === 'network' && arg && parseCidr(arg)) {
      const prefix = parseCidr(arg)!.cidr.text;
      cfg.networks = cfg.networks.filter((n) => parseCidr(n.prefix)?.cidr.text !== prefix);
      if (!no) cfg.networks.push({ prefix, asPathPrepend: 0 });
    } else if (verb === 'neighbor' && arg && parseIp(arg) !== undefined) {
      const problem = neighborLine(cfg, arg, rest, no);
      if (problem) return err(`${problem}: ${l}`);
    } else return err(`% Unknown command: ${l}`);
  }
  setRouterBgp(state, r.id, cfg.asn === 0 ? undefined : cfg);
  return ok();
}

/**
 * `[no] neighbor X remote-as N`, `[no] neighbor X default-originate`, `neighbor X activate`;
 * route-maps are written in frr.conf (the editor), where their prepend can be read.
 */
function neighborLine(cfg: BgpConfig, ip: string, rest: string[], no: boolean): string | undefined {
  const known = cfg.neighbors.find((n) => n.ip === ip);
  const asn = Number(rest[1]);
  if (rest[0] === 'remote-as' || (no && rest.length === 0)) {
    if (no) cfg.neighbors = cfg.neighbors.filter((n) => n.ip !== ip);
    else if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) return '% Invalid AS number';
    else if (known) known.remoteAsn = asn;
    else cfg.neighbors.push({ ip, remoteAsn: asn });
    return undefined;
  }
  if (!known) return '% Specify remote-as or peer-group commands first';
  if (rest[0] === 'activate' && rest.length === 1) return undefined;
  if (rest[0] === 'default-originate' && rest.length === 1) {
    if (no) delete known.defaultOriginate;
    else known.defaultOriginate = true;
    return undefined;
  }
  if (rest[0] === 'route-map') return '% route-maps are edited in /etc/frr/frr.conf here';
  return `% This simulator's vtysh takes remote-as and default-originate for a neighbour`;
}

/** `ip route` and `ip route get <address>`: connected networks first (eth1…), then BGP over the tunnels (vti1, vti2). */
function ipRoute(state: ControlState, r: OnPremisesRouter, args: string[]): ShellResult {
  if (args[0] !== 'route' && args[0] !== 'r') return err(`Object "${args[0] ?? ''}" is unknown, try "ip help".`);
  const routes: { cidr: Cidr; line: string }[] = r.networks.map((n, i) => {
    const cidr = parseCidr(n)!.cidr;
    return { cidr, line: `${cidr.text} dev eth${i + 1} proto kernel scope link src ${ipToString(cidr.base + 1)}` };
  });
  for (const x of routerTunnels(state.topology, r).filter((x) => established(state, r, x.aws)))
    for (const p of x.fromAws)
      if (!routes.some((y) => y.cidr.text === p))
        routes.push({ cidr: parseCidr(p)!.cidr, line: `${p} via ${x.aws} dev ${x.vti} proto bgp metric 20` });
  if (args[1] !== 'get') return ok(routes.map((x) => x.line).join('\n'));
  const dst = parseIp(args[2] ?? '');
  if (dst === undefined) return err(`Error: any valid prefix is expected rather than "${args[2] ?? ''}".`);
  const best = routes.filter((x) => cidrContains(x.cidr, dst)).sort((a, b) => b.cidr.prefix - a.cidr.prefix)[0];
  if (!best) return err('RTNETLINK answers: Network is unreachable', 2);
  return ok(
    `${ipToString(dst)} ${best.line.slice(best.line.indexOf(' ') + 1).replace(' proto kernel scope link', '')}`,
  );
}
