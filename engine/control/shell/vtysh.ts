import { cidrContains, ipToString } from '../../net/ipv4';
import { guestStack, type GuestRoute } from '../../guest/guest-stack';
import { computeBgpTables, routerId, unitStopped, type BgpPath } from '../daemons/bgp';
import { sessionKey } from '../daemons/bgp-session';
import { printFrr } from '../files/frr-conf';
import { endpointAddresses } from '../../network/build-route-servers';
import { peerSession } from '../daemons/route-server';
import { clockText } from './service-commands';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

type Show = 'summary' | 'table' | 'route' | 'route-bgp' | 'running' | 'version' | 'bfd';

/** The show commands vtysh answers here; every word of what is typed may be abbreviated, as in FRR. */
const COMMANDS: [string[], Show][] = [
  [['show', 'ip', 'bgp', 'summary'], 'summary'],
  [['show', 'bgp', 'summary'], 'summary'],
  [['show', 'bgp', 'ipv4', 'unicast', 'summary'], 'summary'],
  [['show', 'ip', 'bgp', 'ipv4', 'unicast', 'summary'], 'summary'],
  [['show', 'ip', 'bgp'], 'table'],
  [['show', 'bgp', 'ipv4', 'unicast'], 'table'],
  [['show', 'bgp', 'ipv4'], 'table'],
  [['show', 'ip', 'bgp', 'ipv4', 'unicast'], 'table'],
  [['show', 'ip', 'route'], 'route'],
  [['show', 'ip', 'route', 'bgp'], 'route-bgp'],
  [['show', 'running-config'], 'running'],
  [['show', 'version'], 'version'],
  [['show', 'bfd', 'peers'], 'bfd'],
];

function match(words: string[]): Show | undefined {
  const hits = COMMANDS.filter(
    ([pattern]) => pattern.length === words.length && pattern.every((p, i) => p.startsWith(words[i]!)),
  );
  return hits[0]?.[1];
}

/** `00:00:36` for less than a day, as FRR prints an uptime. */
function uptime(seconds: number): string {
  return seconds < 86400 ? clockText(seconds) : `${Math.floor(seconds / 86400)}d${clockText(seconds % 86400)}`;
}

/**
 * `vtysh -c "<show command>"` (several `-c` run in turn): FRR's view of the guest's BGP daemon,
 * in FRR's formats. The sessions and routes are the simulator's own (R28, R120).
 */
export function vtysh(ctx: ShellContext, argv: string[]): ShellResult {
  const commands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-c') commands.push(argv[++i] ?? '');
    else if (argv[i]!.startsWith('-c')) commands.push(argv[i]!.slice(2));
  }
  if (commands.length === 0)
    return err('vtysh: this console runs one command at a time: vtysh -c "show ip bgp summary"', 1);
  const cfg = ctx.instance.os.bgp;
  if (!cfg || unitStopped(ctx.state, ctx.instanceId, 'frr'))
    return err('Exiting: failed to connect to any daemons.', 1);
  const out: string[] = [];
  for (const c of commands) {
    const show = match(c.trim().split(/\s+/));
    if (!show) return { output: [...out, `% Unknown command: ${c}`].join('\n'), exit: 1 };
    out.push(answer(ctx, show));
  }
  return ok(out.join('\n'));
}

function answer(ctx: ShellContext, show: Show): string {
  switch (show) {
    case 'summary':
      return summary(ctx);
    case 'table':
      return table(ctx);
    case 'route':
      return routes(ctx, false);
    case 'route-bgp':
      return routes(ctx, true);
    case 'running':
      return [
        'Building configuration...',
        '',
        'Current configuration:',
        printFrr(ctx.instance, ctx.instance.os.bgp!),
      ].join('\n');
    case 'bfd':
      return bfdPeers(ctx);
    case 'version':
      return `FRRouting 8.4.4 (${ctx.instanceId}).\nCopyright 1996-2005 Kunihiro Ishiguro, et al.`;
  }
}

function header(ctx: ShellContext): { rid: string; asn: number } {
  const cfg = ctx.instance.os.bgp!;
  return { rid: ipToString(routerId(ctx.instance, cfg)), asn: cfg.asn };
}

function summary(ctx: ShellContext): string {
  const cfg = ctx.instance.os.bgp!;
  const { rid, asn } = header(ctx);
  const mine = computeBgpTables(ctx.state).get(ctx.instanceId);
  const now = ctx.state.world.time;
  const advertised = cfg.networks.length + (mine?.best.size ?? 0);
  const rows = cfg.neighbors.map((n) => {
    const s = ctx.state.daemons.bgp.get(sessionKey(ctx.instanceId, n.ip));
    const up = s?.state === 'Established';
    const received = (mine?.received ?? []).filter((p) => ipToString(p.via) === n.ip).length;
    const msgs = up ? 4 + Math.floor((now - s.since) / cfg.keepalive) : 0;
    const updown = !s || s.lastHeard === -Infinity ? 'never' : uptime(now - s.since);
    return [
      n.ip.padEnd(16),
      '4',
      String(n.remoteAsn).padStart(11),
      String(msgs).padStart(10),
      String(msgs).padStart(10),
      '0'.padStart(9),
      '0'.padStart(5),
      '0'.padStart(5),
      updown.padStart(9),
      (up ? String(received) : 'Active').padStart(13),
      String(up ? advertised : 0).padStart(9),
      ' N/A',
    ].join('');
  });
  return [
    'IPv4 Unicast Summary (VRF default):',
    `BGP router identifier ${rid}, local AS number ${asn} vrf-id 0`,
    'BGP table version 1',
    `RIB entries ${mine?.best.size ?? 0}, using ${(mine?.best.size ?? 0) * 192} bytes of memory`,
    `Peers ${cfg.neighbors.length}, using ${cfg.neighbors.length * 724} KiB of memory`,
    '',
    'Neighbor        V         AS   MsgRcvd   MsgSent   TblVer  InQ OutQ  Up/Down State/PfxRcd   PfxSnt Desc',
    ...rows,
    '',
    `Total number of neighbors ${cfg.neighbors.length}`,
  ].join('\n');
}

function table(ctx: ShellContext): string {
  const cfg = ctx.instance.os.bgp!;
  const { rid, asn } = header(ctx);
  const mine = computeBgpTables(ctx.state).get(ctx.instanceId);
  const local: BgpPath[] = cfg.networks.map((n) => ({
    prefix: n.prefix,
    asPath: Array<number>(n.asPathPrepend).fill(cfg.asn),
    via: 0,
    routerId: 0,
    ibgp: false,
  }));
  const paths = [...local, ...(mine?.received ?? [])].sort((a, b) =>
    a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0,
  );
  const lines = [
    `BGP table version is 1, local router ID is ${rid}, vrf id 0`,
    `Default local pref 100, local AS ${asn}`,
    'Status codes:  s suppressed, d damped, h history, * valid, > best, = multipath,',
    '               i internal, r RIB-failure, S Stale, R Removed',
    "Nexthop codes: @NNN nexthop's vrf id, < announce-nh-self",
    'Origin codes:  i - IGP, e - EGP, ? - incomplete',
    'RPKI validation codes: V valid, I invalid, N Not found',
    '',
    '    Network          Next Hop            Metric LocPrf Weight Path',
  ];
  let last = '';
  for (const p of paths) {
    const isLocal = p.via === 0;
    const best = isLocal || mine?.best.get(p.prefix) === p;
    const status = ` *${best ? '>' : ' '}${p.ibgp ? 'i' : ' '}`;
    const network = (p.prefix === last ? '' : p.prefix).padEnd(17);
    last = p.prefix;
    const hop = (isLocal ? '0.0.0.0' : ipToString(p.via)).padEnd(20);
    const path = [...p.asPath, 'i'].join(' ');
    lines.push(
      `${status}${network}${hop}${'0'.padStart(6)}${(p.ibgp ? '100' : '').padStart(7)}${(isLocal ? '32768' : '0').padStart(7)} ${path}`,
    );
  }
  lines.push('', `Displayed  ${new Set(paths.map((p) => p.prefix)).size} routes and ${paths.length} total paths`);
  return lines.join('\n');
}

/** zebra's view of the guest's table: kernel, connected and BGP routes, as `show ip route` prints them. */
function routes(ctx: ShellContext, bgpOnly: boolean): string {
  const stack = guestStack(ctx.instance);
  const now = ctx.state.world.time;
  const lines = bgpOnly
    ? []
    : [
        'Codes: K - kernel route, C - connected, S - static, R - RIP,',
        '       O - OSPF, I - IS-IS, B - BGP, E - EIGRP, N - NHRP,',
        '       T - Table, v - VNC, V - VNC-Direct, A - Babel, F - PBR,',
        '       f - OpenFabric,',
        '       > - selected route, * - FIB route, q - queued, r - rejected, b - backup',
        '       t - trapped, o - offload failure',
        '',
      ];
  const sorted = [...stack.routes].sort(
    (a, b) => a.destination.base - b.destination.base || a.destination.prefix - b.destination.prefix,
  );
  for (const r of sorted) {
    if (bgpOnly && r.proto !== 'bgp') continue;
    lines.push(...routeLines(r, ctx, now));
  }
  return lines.join('\n');
}

function routeLines(r: GuestRoute, ctx: ShellContext, now: number): string[] {
  const age = clockText(now);
  const dest = r.destination.text;
  if (r.kind === 'connected') return [`C>* ${dest} is directly connected, ${r.dev.name}, ${age}`];
  const via = r.via !== undefined ? ipToString(r.via) : undefined;
  if (r.proto !== 'bgp')
    return [`K>* ${dest} [0/${r.kind === 'default' ? 100 : 0}] ${via ? `via ${via}, ` : ''}${r.dev.name}, ${age}`];
  const s = ctx.state.daemons.bgp.get(sessionKey(ctx.instanceId, via ?? ''));
  const since = clockText(s ? now - s.since : now);
  // A5: a next hop outside every connected subnet resolves through the default route, the router
  const onLink = r.via !== undefined && ctx.instance.enis.some((e) => cidrContains(e.subnet.cidr, r.via!));
  if (onLink || r.via === undefined) return [`B>* ${dest} [20/0] via ${via}, ${r.dev.name}, weight 1, ${since}`];
  const gw = ipToString(r.dev.eni.subnet.routerIp);
  return [
    `B>  ${dest} [20/0] via ${via} (recursive), weight 1, ${since}`,
    `  *${' '.repeat(dest.length + 10)}via ${gw}, ${r.dev.name}, weight 1, ${since}`,
  ];
}

/**
 * `show bfd peers`: the neighbours whose line says `bfd`. Toward a route server endpoint BFD is up
 * while the session is and the peer was created with BFD; toward a guest, while both ends run it
 * and its packets get through (A-RS3). Intervals are FRR's defaults (300 ms, multiplier 3).
 */
function bfdPeers(ctx: ShellContext): string {
  const cfg = ctx.instance.os.bgp!;
  const t = ctx.state.topology;
  const endpoints = endpointAddresses(t);
  const rows = cfg.neighbors
    .filter((n) => n.bfd)
    .flatMap((n) => {
      const s = ctx.state.daemons.bgp.get(sessionKey(ctx.instanceId, n.ip));
      const endpoint = [...endpoints].find(([, ip]) => ip === n.ip)?.[0];
      const peer = t.routeServers.flatMap((r) => r.peers).find((p) => p.endpoint === endpoint);
      const up = endpoint
        ? peer !== undefined && peerSession(ctx.state, peer, endpoints).bfdUp
        : s?.state === 'Established' && s.bfd === true;
      return [
        `\tpeer ${n.ip} vrf default`,
        `\t\tStatus: ${up ? 'up' : 'down'}`,
        `\t\tDiagnostics: ${up ? 'ok' : 'control detection time expired'}`,
        '\t\tDetect-multiplier: 3',
        '\t\tReceive interval: 300ms',
        '\t\tTransmission interval: 300ms',
        '',
      ];
    });
  return ['BFD Peers:', ...rows].join('\n');
}
