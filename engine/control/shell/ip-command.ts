import { cidrContains, ipToString, parseCidr, parseIp } from '../../net/ipv4';
import { guestLookup } from '../../guest/guest-stack';
import {
  formatAddr,
  formatAddrBrief,
  formatLinks,
  formatLinksBrief,
  formatNeighbors,
  formatRoutes,
  tableName,
} from './ip-show';
import { ipRule, tableOf } from './ip-rule';
import { MAIN_TABLE } from '../../model/guest-os';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

const OBJECTS: Record<string, 'addr' | 'route' | 'neigh' | 'rule' | 'link'> = {
  a: 'addr',
  addr: 'addr',
  address: 'addr',
  r: 'route',
  ro: 'route',
  route: 'route',
  n: 'neigh',
  neigh: 'neigh',
  neighbor: 'neigh',
  neighbour: 'neigh',
  ru: 'rule',
  rule: 'rule',
  l: 'link',
  link: 'link',
};

const SHOW = new Set(['show', 'list', 'ls', 'lst', 'sh']);

/** `ip` from iproute2: addr, route, neigh, rule and link, with the tool's own messages. */
export function ipCommand(ctx: ShellContext, argv: string[]): ShellResult {
  let only4 = false;
  let brief = false;
  let stats = false;
  const args = argv.slice(1).filter((a) => {
    if (a === '-4') return ((only4 = true), false);
    if (a === '-br' || a === '-brief') return ((brief = true), false);
    if (a === '-s' || a === '-stats' || a === '-statistics') return ((stats = true), false);
    return !['-6', '-c', '-color', '-d', '-details'].includes(a);
  });
  if (args.some((a) => a.startsWith('-') && a !== '-4'))
    return err(`Option "${args.find((a) => a.startsWith('-'))}" is unknown, try "ip -help".`, 255);
  const [objText, cmd = 'show', ...rest] = args;
  if (!objText)
    return err(
      'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | neigh | route | rule }',
      255,
    );
  const object = OBJECTS[objText];
  if (!object) return err(`Object "${objText}" is unknown, try "ip help".`, 255);
  if (brief && SHOW.has(cmd)) {
    if (object === 'link') return ok(formatLinksBrief(ctx.stack));
    if (object === 'addr') {
      const name = rest[0] === 'dev' ? rest[1] : rest[0];
      if (name !== undefined && !devOf(ctx, name)) return err(`Device "${name}" does not exist.`);
      return ok(formatAddrBrief(ctx.stack, { ...(name ? { dev: name } : {}), only4 }));
    }
  }
  switch (object) {
    case 'addr':
      return addr(ctx, cmd, rest, only4);
    case 'route':
      return route(ctx, cmd, rest);
    case 'neigh':
      return neigh(ctx, cmd, rest);
    case 'rule':
      return ipRule(ctx, cmd, rest);
    case 'link':
      return link(ctx, cmd, rest, stats);
  }
}

function devOf(ctx: ShellContext, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return name === 'lo' || ctx.stack.interfaces.some((d) => d.name === name) ? name : undefined;
}

function addr(ctx: ShellContext, cmd: string, rest: string[], only4: boolean): ShellResult {
  if (SHOW.has(cmd)) {
    const name = rest[0] === 'dev' ? rest[1] : rest[0];
    if (name !== undefined && !devOf(ctx, name)) return err(`Device "${name}" does not exist.`);
    return ok(formatAddr(ctx.stack, { ...(name ? { dev: name } : {}), only4 }));
  }
  if (cmd !== 'add' && cmd !== 'del' && cmd !== 'delete')
    return err(`Command "${cmd}" is unknown, try "ip address help".`, 255);
  const [text, devWord, dev] = rest;
  if (!text || devWord !== 'dev' || !dev) return err('Not enough information: "dev" argument is required.');
  if (!devOf(ctx, dev)) return err(`Cannot find device "${dev}"`);
  const [a, len = '32'] = text.split('/');
  if (a === undefined || parseIp(a) === undefined || !/^\d+$/.test(len) || Number(len) > 32)
    return err(`Error: any valid prefix is expected rather than "${text}".`);
  const prefix = Number(len);
  const device = ctx.stack.interfaces.find((d) => d.name === dev);
  // an address the ENI was given by DHCP: the guest can drop it, and take it back (the ENI keeps it)
  const fromDhcp = device?.eni.ips.includes(parseIp(a)!) ?? false;
  const failure = ctx.editOs((os) => {
    const i = os.addresses.findIndex((x) => x.ip === a && x.dev === dev);
    const removed = os.removedAddresses.indexOf(a);
    if (cmd === 'add') {
      if (fromDhcp && removed >= 0) {
        os.removedAddresses.splice(removed, 1);
        return undefined;
      }
      if (i >= 0 || fromDhcp) return 'RTNETLINK answers: File exists';
      os.addresses.push({ ip: a, prefix, dev });
    } else if (i >= 0) {
      os.addresses.splice(i, 1);
    } else if (fromDhcp && removed < 0) {
      // without its primary address the device loses its subnet route and DHCP's default route
      os.removedAddresses.push(a);
    } else return 'RTNETLINK answers: Cannot assign requested address';
    return undefined;
  });
  return failure ? err(failure, 2) : ok();
}

interface RouteSpec {
  destination: string;
  via?: string;
  dev?: string;
  onlink: boolean;
  table: number;
}

function parseRoute(ctx: ShellContext, rest: string[]): RouteSpec | string {
  const [destText, ...words] = rest;
  if (!destText) return 'Error: either "to" is duplicate, or "" is a garbage.';
  const dest =
    destText === 'default'
      ? '0.0.0.0/0'
      : destText.includes('/')
        ? parseCidr(destText)?.cidr.text
        : parseIp(destText) !== undefined
          ? `${destText}/32`
          : undefined;
  if (!dest) return `Error: inet prefix is expected rather than "${destText}".`;
  const spec: RouteSpec = { destination: dest, onlink: false, table: MAIN_TABLE };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'via') spec.via = words[++i];
    else if (w === 'dev') spec.dev = words[++i];
    else if (w === 'onlink') spec.onlink = true;
    else if (w === 'table') {
      const t = tableOf(words[++i]);
      if (t === undefined) return `Error: argument "${words[i] ?? ''}" is wrong: "table" value is invalid`;
      spec.table = t;
    } else if (w === 'src') {
      // the preferred source for what the guest itself sends by this route: it must be one of
      // its addresses (iproute2); the engine's guests pick sources by interface, so it is checked
      // and not kept
      const src = parseIp(words[++i] ?? '');
      if (src === undefined) return `Error: inet address is expected rather than "${words[i] ?? ''}".`;
      if (!ctx.stack.localIps.has(src)) return 'Error: Invalid prefsrc address.';
    } else if (w === 'proto' || w === 'metric' || w === 'scope')
      i++; // accepted, and without effect here: one route per destination and table
    else return `Error: either "to" is duplicate, or "${w}" is a garbage.`;
  }
  if (spec.via !== undefined && parseIp(spec.via) === undefined)
    return `Error: inet address is expected rather than "${spec.via}".`;
  if (spec.dev !== undefined && !devOf(ctx, spec.dev)) return `Cannot find device "${spec.dev}"`;
  // Linux refuses a gateway that is not on a connected network unless told it is on-link.
  if (spec.via !== undefined && !spec.onlink) {
    const via = parseIp(spec.via)!;
    const devs = ctx.stack.interfaces.filter((d) => !spec.dev || d.name === spec.dev);
    if (!devs.some((d) => cidrContains(d.eni.subnet.cidr, via))) return 'Error: Nexthop has invalid gateway.';
  }
  return spec;
}

function route(ctx: ShellContext, cmd: string, rest: string[]): ShellResult {
  if (SHOW.has(cmd)) {
    // `ip route show table 100`, `table main`, `table all`
    const i = rest.indexOf('table');
    if (i < 0) return ok(formatRoutes(ctx.stack));
    if (rest[i + 1] === 'all') return ok(formatRoutes(ctx.stack, 'all'));
    const t = tableOf(rest[i + 1]);
    if (t === undefined) return err(`Error: argument "${rest[i + 1] ?? ''}" is wrong: table id value is invalid`, 255);
    return ok(formatRoutes(ctx.stack, t));
  }
  if (cmd === 'get') return routeGet(ctx, rest);
  if (!['add', 'del', 'delete', 'replace', 'change'].includes(cmd))
    return err(`Command "${cmd}" is unknown, try "ip route help".`, 255);
  const spec = parseRoute(ctx, rest);
  if (typeof spec === 'string') return err(spec, spec.startsWith('Cannot') ? 1 : 2);
  const main = spec.table === MAIN_TABLE;
  const failure = ctx.editOs((os) => {
    const i = os.routes.findIndex((r) => r.destination === spec.destination && r.table === spec.table);
    const entry = {
      destination: spec.destination,
      ...(spec.via ? { via: spec.via } : {}),
      ...(spec.dev ? { dev: spec.dev } : {}),
      onlink: spec.onlink,
      table: spec.table,
    };
    if (cmd === 'add') {
      const isDefault = main && spec.destination === '0.0.0.0/0' && os.defaultRoute;
      const connected =
        main && ctx.stack.routes.some((r) => r.kind === 'connected' && r.destination.text === spec.destination);
      if (i >= 0 || isDefault || connected) return 'RTNETLINK answers: File exists';
      os.routes.push(entry);
    } else if (cmd === 'replace' || cmd === 'change') {
      if (i >= 0) os.routes[i] = entry;
      else if (cmd === 'change') return 'RTNETLINK answers: No such file or directory';
      else os.routes.push(entry);
    } else if (i >= 0) {
      os.routes.splice(i, 1);
    } else if (main && spec.destination === '0.0.0.0/0' && os.defaultRoute) {
      os.defaultRoute = false;
    } else {
      return 'RTNETLINK answers: No such process';
    }
    return undefined;
  });
  return failure ? err(failure, 2) : ok();
}

/**
 * `ip route get <dst> [from <src>]`: the route the kernel would use, the policy rules
 * followed; the table is named when it is not main, as iproute2 prints it.
 */
function routeGet(ctx: ShellContext, rest: string[]): ShellResult {
  let dstText: string | undefined;
  let srcText: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w === 'to') dstText = rest[++i];
    else if (w === 'from') srcText = rest[++i];
    else if (w === 'iif' || w === 'oif' || w === 'mark' || w === 'dev') i++;
    else dstText ??= w;
  }
  const dst = dstText === undefined ? undefined : parseIp(dstText);
  if (dst === undefined) return err(`Error: inet address is expected rather than "${dstText ?? ''}".`);
  const src = srcText === undefined ? undefined : parseIp(srcText);
  if (srcText !== undefined && src === undefined)
    return err(`Error: inet address is expected rather than "${srcText}".`);
  if (src !== undefined && !ctx.stack.localIps.has(src)) return err('RTNETLINK answers: Invalid argument', 2);
  if (ctx.stack.localIps.has(dst))
    return ok(`local ${ipToString(dst)} dev lo table local src ${ipToString(dst)} uid 0 \n    cache <local> `);
  // without `from`, the kernel picks the source after the route: rules with `from` do not apply
  const r = guestLookup(ctx.stack, dst, src);
  if (!r) return err('RTNETLINK answers: Network is unreachable', 2);
  const from = src !== undefined ? ` from ${ipToString(src)}` : '';
  const table = r.table !== MAIN_TABLE ? ` table ${tableName(r.table)}` : '';
  const source = src === undefined ? ` src ${ipToString(r.src ?? r.dev.eni.primaryIp)}` : '';
  return ok(
    `${ipToString(dst)}${from}${r.via !== undefined ? ` via ${ipToString(r.via)}` : ''} dev ${r.dev.name}${table}${source} uid 0 \n    cache `,
  );
}

function neigh(ctx: ShellContext, cmd: string, rest: string[]): ShellResult {
  if (cmd === 'flush') {
    ctx.state.world.neighbors.delete(ctx.instanceId);
    return ok();
  }
  if (!SHOW.has(cmd)) return err(`Command "${cmd}" is unknown, try "ip neigh help".`, 255);
  const ipText = rest.find((w) => parseIp(w) !== undefined);
  return ok(formatNeighbors(ctx.state.world, ctx.instanceId, ipText === undefined ? undefined : parseIp(ipText)));
}

/**
 * `ip link set dev eth1 address <mac>`: the guest may claim any MAC; the VPC will not (R21).
 * `ip link set dev eth1 down|up`: a device that is down neither sends nor receives, and its
 * routes are gone until it is up again (those a daemon or DHCP installed come back with it).
 */
function link(ctx: ShellContext, cmd: string, rest: string[], stats: boolean): ShellResult {
  if (SHOW.has(cmd)) {
    const counters = (dev: string) => ctx.state.world.counters.get(`${ctx.instanceId}|${dev}`) ?? { rx: 0, tx: 0 };
    return ok(formatLinks(ctx.stack, stats ? counters : undefined));
  }
  if (cmd !== 'set') return err(`Command "${cmd}" is unknown, try "ip link help".`, 255);
  const words = rest[0] === 'dev' ? rest.slice(1) : rest;
  const [dev, what, value] = words;
  if (!dev || !devOf(ctx, dev) || dev === 'lo') return err(`Cannot find device "${dev ?? ''}"`);
  if (what === 'up' || what === 'down') {
    const failure = ctx.editOs((os) => {
      os.linksDown = os.linksDown.filter((d) => d !== dev);
      if (what === 'down') os.linksDown.push(dev);
    });
    return failure ? err(failure, 2) : ok();
  }
  if (what !== 'address' || !value || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value))
    return err(`Error: argument "${value ?? what ?? ''}" is wrong: invalid address`);
  const eni = ctx.stack.interfaces.find((d) => d.name === dev)!.eni;
  const failure = ctx.editOs((os) => {
    if (value.toLowerCase() === eni.mac) delete os.macs[dev];
    else os.macs[dev] = value.toLowerCase();
  });
  return failure ? err(failure, 2) : ok();
}
