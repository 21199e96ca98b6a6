import type { InstanceNode } from '../../network/network';
import { cidrContains, parseCidr, parseIp, type Cidr } from '../../net/ipv4';
import { BgpConfigSchema, type BgpConfig } from '../../model/guest-os';
import { configNumber, numberedLines, ProblemList, type FileParse } from './file-problems';

export const FRR_CONF = '/etc/frr/frr.conf';

/**
 * `frr defaults datacenter` is the profile whose BGP timers are the simulator's (keepalive 3 s,
 * hold 9 s, lab-format.md); `traditional` means FRR's classic 60 s / 180 s.
 */
const PROFILE_TIMERS = { datacenter: { keepalive: 3, holdTime: 9 }, traditional: { keepalive: 60, holdTime: 180 } };

const prependMap = (n: number) => `PREPEND-${n}`;

/** Who runs FRR: a guest (its interfaces' subnets), or an on-premises router (its connected networks). */
export type FrrHost = Pick<InstanceNode, 'id' | 'enis'> | { id: string; connected: Cidr[] };

/** A neighbour outside every connected subnet needs FRR's permission to be multihop. */
function offLink(host: FrrHost, ip: string): boolean {
  const addr = parseIp(ip);
  const nets = 'enis' in host ? host.enis.map((e) => e.subnet.cidr) : host.connected;
  return addr !== undefined && !nets.some((c) => cidrContains(c, addr));
}

/**
 * `/etc/frr/frr.conf` for a BGP model, as FRR's `write memory` would save it: a guest's with the
 * `datacenter` profile the simulator's timers come from; an on-premises router's (level 13's
 * r-dc) as a data-centre edge runs it, `traditional`, logging its neighbours, import check on.
 */
export function printFrr(inst: FrrHost, cfg: BgpConfig): string {
  const router = 'connected' in inst;
  const profile = router ? 'traditional' : 'datacenter';
  const lines = [
    router ? 'frr version 9.1' : 'frr version 8.4.4',
    `frr defaults ${profile}`,
    `hostname ${inst.id}`,
    ...(router ? [] : ['log syslog informational', 'service integrated-vtysh-config']),
    '!',
    `router bgp ${cfg.asn}`,
  ];
  if (cfg.routerId !== undefined) lines.push(` bgp router-id ${cfg.routerId}`);
  if (router) lines.push(' bgp log-neighbor-changes', ' no bgp ebgp-requires-policy');
  else lines.push(' no bgp ebgp-requires-policy', ' no bgp network import-check');
  const timers = PROFILE_TIMERS[profile];
  if (cfg.keepalive !== timers.keepalive || cfg.holdTime !== timers.holdTime)
    lines.push(` timers bgp ${cfg.keepalive} ${cfg.holdTime}`);
  for (const n of cfg.neighbors) {
    lines.push(` neighbor ${n.ip} remote-as ${n.remoteAsn}`);
    if (n.bfd) lines.push(` neighbor ${n.ip} bfd`);
    // the spec's BGP model connects any session TCP 179 carries; FRR needs this for off-link eBGP
    if (n.remoteAsn !== cfg.asn && offLink(inst, n.ip)) lines.push(` neighbor ${n.ip} disable-connected-check`);
  }
  const perNeighbor = cfg.neighbors.flatMap((n) => [
    ...(n.defaultOriginate ? [`  neighbor ${n.ip} default-originate`] : []),
    ...(n.prependOut ? [`  neighbor ${n.ip} route-map ${prependMap(n.prependOut)} out`] : []),
  ]);
  if (cfg.networks.length > 0 || perNeighbor.length > 0) {
    lines.push(' !', ' address-family ipv4 unicast');
    for (const net of cfg.networks)
      lines.push(
        `  network ${net.prefix}${net.asPathPrepend > 0 ? ` route-map ${prependMap(net.asPathPrepend)}` : ''}`,
      );
    lines.push(...perNeighbor, ' exit-address-family');
  }
  lines.push('exit', '!');
  const prepends = [
    ...new Set([...cfg.networks.map((n) => n.asPathPrepend), ...cfg.neighbors.map((n) => n.prependOut ?? 0)]),
  ]
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
  for (const n of prepends)
    lines.push(
      `route-map ${prependMap(n)} permit 10`,
      ` set as-path prepend ${Array(n).fill(cfg.asn).join(' ')}`,
      'exit',
      '!',
    );
  lines.push('');
  return lines.join('\n');
}

type Context = 'top' | 'bgp' | 'af' | 'route-map' | 'ignored-af';

interface RouteMapUse {
  name: string;
  line: number;
  /** where the map's prepend goes: a network statement, or a neighbour's outbound updates */
  network?: number;
  neighbor?: string;
}

/** What has been read so far. */
interface FrrParts {
  asn?: number;
  asnLine: number;
  routerId?: string;
  timers?: { keepalive: number; holdTime: number };
  profile: keyof typeof PROFILE_TIMERS;
  neighbors: { ip: string; remoteAsn: number; defaultOriginate?: boolean; prependOut?: number; bfd?: boolean }[];
  networks: { prefix: string; asPathPrepend: number }[];
  uses: RouteMapUse[];
  /** route-map name → the AS path prepend it sets (undefined: it sets none) */
  maps: Map<string, { prepend: number[]; line: number }>;
}

const IGNORED_TOP =
  /^(frr version|hostname|log |service |no ipv6 forwarding|ip forwarding|ipv6 forwarding|line vty|end$|password |enable password )/;
const IGNORED_BGP =
  /^(bgp log-neighbor-changes|no bgp ebgp-requires-policy|bgp ebgp-requires-policy|no bgp network import-check|bgp network import-check|no bgp default ipv4-unicast|bgp default ipv4-unicast|bgp bestpath as-path multipath-relax|no bgp hard-administrative-reset|no bgp graceful-restart notification)$/;

/**
 * Parses frr.conf into the guest's BGP model, reporting problems as `vtysh -C` does
 * (`line 7: % Unknown command: …`). What FRR accepts but the simulator cannot model (static
 * routes, interface settings, filters) is refused with the reason, never silently dropped.
 */
export function parseFrr(text: string): FileParse<BgpConfig | undefined> {
  const problems = new ProblemList();
  const p: FrrParts = { asnLine: 0, profile: 'traditional', neighbors: [], networks: [], uses: [], maps: new Map() };
  let ctx = 'top' as Context;
  let map: string | undefined;
  for (const { line, text: raw } of numberedLines(text)) {
    const t = raw.trim().replace(/\s+/g, ' ');
    if (t === '' || t.startsWith('!') || t.startsWith('#')) continue;
    const unknown = () => problems.add(line, `Unknown command: ${t}`);
    const incomplete = () => problems.add(line, `Command incomplete: ${t}`);
    if (t === 'exit' || t === 'end') {
      ctx = ctx === 'af' || ctx === 'ignored-af' ? 'bgp' : 'top';
      continue;
    }
    if (t === 'exit-address-family') {
      if (ctx === 'af' || ctx === 'ignored-af') ctx = 'bgp';
      else unknown();
      continue;
    }
    const w = t.split(' ');
    if (ctx === 'route-map') {
      if (w[0] === 'set' && w[1] === 'as-path' && w[2] === 'prepend') {
        const asns = w.slice(3).map(configNumber);
        if (asns.length === 0 || asns.some((a) => a === undefined || !Number.isInteger(a))) incomplete();
        else p.maps.get(map!)!.prepend.push(...(asns as number[]));
        continue;
      }
      if (w[0] === 'route-map' || w[0] === 'router') ctx = 'top';
      else {
        problems.add(line, `${t}: the simulator models route-maps that prepend the AS path only`);
        continue;
      }
    }
    if (ctx === 'af' || ctx === 'ignored-af') {
      if (ctx === 'ignored-af') continue;
      if (w[0] === 'network') network(w, line, t, p, problems);
      else if (w[0] === 'neighbor' && (w[2] === 'activate' || w[2] === 'default-originate' || w[2] === 'route-map'))
        neighborAf(w, line, t, p, problems);
      else if (w[0] === 'neighbor' && (w[2] === 'prefix-list' || w[2] === 'filter-list'))
        problems.add(line, `${t}: per-neighbour filters are not modelled here`);
      else if (w[0] === 'redistribute')
        problems.add(line, `${t}: redistribution is not modelled here; announce prefixes with network`);
      else unknown();
      continue;
    }
    if (ctx === 'bgp') {
      if (IGNORED_BGP.test(t)) continue;
      if (w[0] === 'address-family') {
        if (w[1] === 'ipv4' && (w[2] === undefined || w[2] === 'unicast') && w.length <= 3) ctx = 'af';
        else if (w[1] === 'ipv6' || w[1] === 'l2vpn') ctx = 'ignored-af';
        else unknown();
        continue;
      }
      if (w[0] === 'bgp' && w[1] === 'router-id') {
        if (!w[2] || parseIp(w[2]) === undefined || w.length > 3) incomplete();
        else p.routerId = w[2];
      } else if (w[0] === 'timers' && w[1] === 'bgp') {
        const [k, h] = [configNumber(w[2]), configNumber(w[3])];
        if (k === undefined || h === undefined || w.length > 4) incomplete();
        else if (h !== 0 && h < 3) problems.add(line, 'hold time value must be either 0 or greater than 3');
        else if (h !== 0 && k > h / 3)
          problems.add(line, `keepalive ${k} s is more than a third of the hold time ${h} s`);
        else p.timers = { keepalive: k, holdTime: h };
      } else if (w[0] === 'neighbor') neighbor(w, line, t, p, problems);
      else if (w[0] === 'network') network(w, line, t, p, problems);
      else if (w[0] === 'router' || w[0] === 'route-map' || w[0] === 'interface' || w[0] === 'ip') ctx = 'top';
      else {
        unknown();
        continue;
      }
      if (ctx === 'bgp') continue;
    }
    // top level
    if (w[0] === 'frr' && w[1] === 'defaults') {
      if (w[2] === 'datacenter' || w[2] === 'traditional') p.profile = w[2];
      else problems.add(line, `Unknown command: ${t} (FRR's profiles are datacenter and traditional)`);
    } else if (IGNORED_TOP.test(t)) {
      continue;
    } else if (w[0] === 'router' && w[1] === 'bgp') {
      const asn = configNumber(w[2]);
      if (asn === undefined || !Number.isInteger(asn) || asn < 1 || asn > 4294967295 || w.length > 3) {
        problems.add(
          line,
          w.length > 3 ? `${t}: BGP VRFs and views are not modelled here` : `Command incomplete: ${t}`,
        );
        ctx = 'ignored-af';
      } else if (p.asn !== undefined && p.asn !== asn) {
        problems.add(line, `BGP is already running; AS is ${p.asn}`);
        ctx = 'ignored-af';
      } else {
        p.asn = asn;
        p.asnLine = line;
        ctx = 'bgp';
      }
    } else if (
      w[0] === 'route-map' &&
      w[1] &&
      (w[2] === 'permit' || w[2] === 'deny') &&
      configNumber(w[3]) !== undefined
    ) {
      if (w[2] === 'deny') problems.add(line, `${t}: the simulator models permit route-maps that prepend only`);
      map = w[1];
      if (!p.maps.has(map)) p.maps.set(map, { prepend: [], line });
      ctx = 'route-map';
    } else if (w[0] === 'ip' && w[1] === 'route') {
      problems.add(line, `${t}: static routes belong in the guest's table here (ip route add)`);
    } else if (w[0] === 'interface') {
      problems.add(line, `${t}: interface settings come from the VM here (ip addr, ip link)`);
      ctx = 'ignored-af';
    } else {
      unknown();
    }
  }
  return finish(p, problems);
}

function neighbor(w: string[], line: number, t: string, p: FrrParts, problems: ProblemList): void {
  const ip = w[1];
  if (!ip || parseIp(ip) === undefined) {
    problems.add(line, `Unknown command: ${t}`);
    return;
  }
  const known = p.neighbors.find((n) => n.ip === ip);
  switch (w[2]) {
    case 'remote-as': {
      const asn = w[3] === 'internal' ? p.asn : configNumber(w[3]);
      if (w[3] === 'external') problems.add(line, `${t}: give the neighbour's AS number; the simulator needs it`);
      else if (asn === undefined || !Number.isInteger(asn) || asn < 1 || asn > 4294967295 || w.length > 4)
        problems.add(line, `Command incomplete: ${t}`);
      else if (known) known.remoteAsn = asn;
      else p.neighbors.push({ ip, remoteAsn: asn });
      return;
    }
    case 'description':
    case 'ebgp-multihop':
    case 'disable-connected-check':
    case 'update-source':
    case 'capability':
      if (!known) problems.add(line, 'Specify remote-as or peer-group commands first');
      return;
    case 'timers':
      problems.add(line, `${t}: per-neighbour timers are not modelled here; use timers bgp`);
      return;
    case 'bfd':
      if (!known) problems.add(line, 'Specify remote-as or peer-group commands first');
      else if (w.length !== 3)
        problems.add(line, `${t}: BFD profiles and timers are not modelled here; use neighbor ${ip} bfd`);
      else known.bfd = true;
      return;
    case 'default-originate':
    case 'route-map':
    case 'activate':
      // FRR still takes IPv4 unicast neighbour lines outside the address family
      neighborAf(w, line, t, p, problems);
      return;
    default:
      problems.add(line, w[2] ? `${t}: not modelled here` : `Command incomplete: ${t}`);
  }
}

/**
 * A neighbour's lines under `address-family ipv4 unicast`: `activate` (on by default for IPv4),
 * `default-originate` (0.0.0.0/0 to that neighbour, R31 applies where it lands) and an outbound
 * `route-map NAME out` that prepends the AS path; inbound maps are not modelled.
 */
function neighborAf(w: string[], line: number, t: string, p: FrrParts, problems: ProblemList): void {
  const known = p.neighbors.find((n) => n.ip === w[1]);
  if (!known) return problems.add(line, 'Specify remote-as or peer-group commands first');
  if (w[2] === 'activate' && w.length === 3) return;
  if (w[2] === 'default-originate' && w.length === 3) {
    known.defaultOriginate = true;
    return;
  }
  if (w[2] === 'route-map' && w[3] && w[4] === 'out' && w.length === 5) {
    p.uses.push({ name: w[3], line, neighbor: known.ip });
    return;
  }
  if (w[2] === 'route-map' && w[4] === 'in')
    return problems.add(line, `${t}: inbound route-maps are not modelled here; outbound ones that prepend are`);
  problems.add(line, `${t}: not modelled here`);
}

function network(w: string[], line: number, t: string, p: FrrParts, problems: ProblemList): void {
  const parsed = w[1] ? parseCidr(w[1]) : undefined;
  if (!parsed) {
    problems.add(line, w[1] ? `Malformed prefix: ${w[1]}` : `Command incomplete: ${t}`);
    return;
  }
  if (parsed.cidr.text !== w[1]) {
    problems.add(line, `Inconsistent address and mask: ${w[1]} (the network is ${parsed.cidr.text})`);
    return;
  }
  if (w.length === 2) p.networks.push({ prefix: w[1]!, asPathPrepend: 0 });
  else if (w[2] === 'route-map' && w[3] && w.length === 4) {
    p.uses.push({ name: w[3], line, network: p.networks.length });
    p.networks.push({ prefix: w[1]!, asPathPrepend: 0 });
  } else problems.add(line, `Unknown command: ${t}`);
}

function finish(p: FrrParts, problems: ProblemList): FileParse<BgpConfig | undefined> {
  for (const use of p.uses) {
    const m = p.maps.get(use.name);
    if (!m) {
      problems.add(
        use.line,
        `route-map ${use.name} is not defined in this file; the simulator needs it to know the prepend`,
      );
      continue;
    }
    if (m.prepend.some((a) => a !== p.asn))
      problems.add(
        m.line,
        `route-map ${use.name}: the simulator models prepending the router's own AS (${p.asn}) only`,
      );
    if (use.network !== undefined) p.networks[use.network]!.asPathPrepend = m.prepend.length;
    const n = p.neighbors.find((x) => x.ip === use.neighbor);
    if (n && m.prepend.length > 0) n.prependOut = m.prepend.length;
  }
  if (p.asn === undefined) return problems.result(undefined);
  const timers = p.timers ?? PROFILE_TIMERS[p.profile];
  const parsed = BgpConfigSchema.safeParse({
    asn: p.asn,
    ...(p.routerId !== undefined ? { routerId: p.routerId } : {}),
    holdTime: timers.holdTime,
    keepalive: timers.keepalive,
    neighbors: p.neighbors,
    networks: p.networks,
  });
  if (!parsed.success)
    for (const i of parsed.error.issues) problems.add(p.asnLine, `${i.path.join('.')}: ${i.message}`);
  return problems.result(parsed.success ? parsed.data : undefined);
}
