import { cidrContains, ipToString, parseCidr, parseIp } from '../../net/ipv4';
import { guestLookup } from '../../guest/guest-stack';
import {
  formatAddr,
  formatAddrBrief,
  formatLinks,
  formatLinksBrief,
  formatNeighbors,
  formatRoutes,
  formatRules,
} from './ip-show';
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
  const args = argv.slice(1).filter((a) => {
    if (a === '-4') return ((only4 = true), false);
    if (a === '-br' || a === '-brief') return ((brief = true), false);
    return !['-6', '-c', '-color', '-d', '-details', '-s', '-stats', '-statistics'].includes(a);
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
      return SHOW.has(cmd) ? ok(formatRules(ctx.stack)) : err(`Command "${cmd}" is unknown, try "ip rule help".`, 255);
    case 'link':
      return link(ctx, cmd, rest);
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
  const failure = ctx.editOs((os) => {
    const i = os.addresses.findIndex((x) => x.ip === a && x.dev === dev);
    if (cmd === 'add') {
      if (i >= 0 || (dev !== 'lo' && ctx.stack.interfaces.find((d) => d.name === dev)!.eni.ips.includes(parseIp(a)!)))
        return 'RTNETLINK answers: File exists';
      os.addresses.push({ ip: a, prefix, dev });
    } else {
      if (i < 0) return 'RTNETLINK answers: Cannot assign requested address';
      os.addresses.splice(i, 1);
    }
  });
  return failure ? err(failure, 2) : ok();
}

interface RouteSpec {
  destination: string;
  via?: string;
  dev?: string;
  onlink: boolean;
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
  const spec: RouteSpec = { destination: dest, onlink: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === 'via') spec.via = words[++i];
    else if (w === 'dev') spec.dev = words[++i];
    else if (w === 'onlink') spec.onlink = true;
    else if (w === 'proto' || w === 'metric' || w === 'src' || w === 'scope' || w === 'table') i++;
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
  if (SHOW.has(cmd)) return ok(formatRoutes(ctx.stack));
  if (cmd === 'get') {
    const ip = rest[0] === 'to' ? rest[1] : rest[0];
    const dst = ip === undefined ? undefined : parseIp(ip);
    if (dst === undefined) return err(`Error: inet address is expected rather than "${ip}".`);
    const r = guestLookup(ctx.stack, dst);
    if (!r) return err('RTNETLINK answers: Network is unreachable', 2);
    return ok(
      `${ipToString(dst)}${r.via !== undefined ? ` via ${ipToString(r.via)}` : ''} dev ${r.dev.name} src ${ipToString(r.dev.eni.primaryIp)} uid 0 \n    cache `,
    );
  }
  if (!['add', 'del', 'delete', 'replace', 'change'].includes(cmd))
    return err(`Command "${cmd}" is unknown, try "ip route help".`, 255);
  const spec = parseRoute(ctx, rest);
  if (typeof spec === 'string') return err(spec, spec.startsWith('Cannot') ? 1 : 2);
  const failure = ctx.editOs((os) => {
    const i = os.routes.findIndex((r) => r.destination === spec.destination);
    const entry = {
      destination: spec.destination,
      ...(spec.via ? { via: spec.via } : {}),
      ...(spec.dev ? { dev: spec.dev } : {}),
      onlink: spec.onlink,
    };
    if (cmd === 'add') {
      const isDefault = spec.destination === '0.0.0.0/0' && os.defaultRoute;
      const connected = ctx.stack.routes.some((r) => r.kind === 'connected' && r.destination.text === spec.destination);
      if (i >= 0 || isDefault || connected) return 'RTNETLINK answers: File exists';
      os.routes.push(entry);
    } else if (cmd === 'replace' || cmd === 'change') {
      if (i >= 0) os.routes[i] = entry;
      else if (cmd === 'change') return 'RTNETLINK answers: No such file or directory';
      else os.routes.push(entry);
    } else if (i >= 0) {
      os.routes.splice(i, 1);
    } else if (spec.destination === '0.0.0.0/0' && os.defaultRoute) {
      os.defaultRoute = false;
    } else {
      return 'RTNETLINK answers: No such process';
    }
  });
  return failure ? err(failure, 2) : ok();
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

/** `ip link set dev eth1 address <mac>`: the guest may claim any MAC; the VPC will not (R21). */
function link(ctx: ShellContext, cmd: string, rest: string[]): ShellResult {
  if (SHOW.has(cmd)) return ok(formatLinks(ctx.stack));
  if (cmd !== 'set') return err(`Command "${cmd}" is unknown, try "ip link help".`, 255);
  const words = rest[0] === 'dev' ? rest.slice(1) : rest;
  const [dev, what, value] = words;
  if (!dev || !devOf(ctx, dev) || dev === 'lo') return err(`Cannot find device "${dev ?? ''}"`);
  if (what === 'up' || what === 'down') return ok();
  if (what !== 'address' || !value || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value))
    return err(`Error: argument "${value ?? what ?? ''}" is wrong: invalid address`);
  const eni = ctx.stack.interfaces.find((d) => d.name === dev)!.eni;
  const failure = ctx.editOs((os) => {
    if (value.toLowerCase() === eni.mac) delete os.macs[dev];
    else os.macs[dev] = value.toLowerCase();
  });
  return failure ? err(failure, 2) : ok();
}
