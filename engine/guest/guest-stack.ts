import { ANY_IPV4, cidrContains, makeCidr, parseCidr, parseIp, type Cidr, type Ip } from '../net/ipv4';
import { MAIN_TABLE, type Listener } from '../model/guest-os';
import type { EniNode, InstanceNode } from '../network/network';

/** A network device inside the guest: ethN is the ENI at position N (device index order). */
export interface GuestInterface {
  readonly name: string;
  readonly eni: EniNode;
  /** the MAC the guest uses: the ENI's, unless changed inside the guest (R21) */
  readonly mac: string;
  /** false once `ip link set dev … down`: the device neither sends nor receives */
  readonly up: boolean;
  /** the ENI's addresses the guest still holds (`ip addr del` can remove them, the ENI keeps them) */
  readonly ips: Ip[];
}

/** A route in the guest's own table (A3): connected, default, or configured by hand. */
export interface GuestRoute {
  readonly destination: Cidr;
  readonly via?: Ip;
  readonly dev: GuestInterface;
  readonly onlink: boolean;
  readonly kind: 'connected' | 'default' | 'static';
  /** preferred source address (connected routes use the interface's primary IP) */
  readonly src?: Ip;
  /** who installed it, when not the administrator (`proto bgp`) */
  readonly proto?: 'bgp';
  /** the routing table it is in (254: main) */
  readonly table: number;
}

/** A policy routing rule, the kernel's own included (0 local, 32766 main, 32767 default). */
export interface GuestRule {
  readonly priority: number;
  readonly from?: Cidr;
  readonly to?: Cidr;
  readonly table: number;
}

/** The VM's own network stack: what `ip addr` and `ip route` would show (A3). */
export interface GuestStack {
  readonly instance: InstanceNode;
  readonly interfaces: GuestInterface[];
  /** every address the guest answers for: its ENIs' addresses and `os.addresses` */
  readonly localIps: Set<Ip>;
  /** every table's routes; longest prefix first; at equal length, static routes before kernel ones */
  readonly routes: GuestRoute[];
  /** the rules in the order the kernel reads them (lowest priority number first) */
  readonly rules: GuestRule[];
  readonly ipForward: boolean;
  readonly listen: Listener[] | 'all';
  readonly masquerade?: GuestInterface;
  readonly statefulFirewall: boolean;
}

const stacks = new WeakMap<InstanceNode, GuestStack>();

/** The guest stack of an instance, built on first use and cached with the (immutable) node. */
export function guestStack(instance: InstanceNode): GuestStack {
  let stack = stacks.get(instance);
  if (!stack) {
    stack = buildStack(instance);
    stacks.set(instance, stack);
  }
  return stack;
}

function buildStack(instance: InstanceNode): GuestStack {
  const os = instance.os;
  const removed = new Set(os.removedAddresses.map((a) => parseIp(a)!));
  const down = new Set(os.linksDown);
  const interfaces = instance.enis.map((eni, i) => ({
    name: `eth${i}`,
    eni,
    mac: os.macs[`eth${i}`] ?? eni.mac,
    up: !down.has(`eth${i}`),
    ips: eni.ips.filter((ip) => !removed.has(ip)),
  }));
  const byName = new Map(interfaces.map((d) => [d.name, d]));
  const localIps = new Set<Ip>();
  const routes: GuestRoute[] = [];
  for (const dev of interfaces) {
    // The guest configures its ENIs' primary and secondary IPs (lab-format.md) from DHCP;
    // an address removed inside the guest is no longer its own, and without its primary
    // address the device has no connected route (the kernel removes it with the address).
    for (const ip of dev.ips) localIps.add(ip);
    if (dev.ips.includes(dev.eni.primaryIp))
      routes.push({
        destination: dev.eni.subnet.cidr,
        dev,
        onlink: false,
        kind: 'connected',
        src: dev.eni.primaryIp,
        table: MAIN_TABLE,
      });
  }
  for (const a of [...os.addresses, ...os.daemonAddresses]) {
    const ip = parseIp(a.ip)!;
    localIps.add(ip);
    const dev = byName.get(a.dev);
    if (dev && a.prefix < 32) {
      const destination = makeCidr(ip, a.prefix);
      if (!routes.some((r) => r.destination.text === destination.text && r.dev === dev)) {
        routes.push({ destination, dev, onlink: false, kind: 'connected', src: ip, table: MAIN_TABLE });
      }
    }
  }
  const eth0 = interfaces[0];
  let hasDefault = false;
  const configured = os.routes.map((r) => ({ r, proto: undefined }));
  const learned = os.daemonRoutes.map((r) => ({ r, proto: 'bgp' as const }));
  for (const { r, proto } of [...configured, ...learned]) {
    const destination = parseCidr(r.destination)!.cidr;
    const via = r.via === undefined ? undefined : parseIp(r.via);
    // a route on a device the guest does not have (an interface detached) is not in the kernel
    if (r.dev !== undefined && !byName.has(r.dev)) continue;
    const dev = (r.dev !== undefined ? byName.get(r.dev) : undefined) ?? deviceFor(interfaces, via) ?? eth0;
    if (!dev) continue;
    if (destination.prefix === 0 && !proto && r.table === MAIN_TABLE) hasDefault = true;
    routes.push({
      destination,
      dev,
      onlink: r.onlink,
      kind: 'static',
      table: r.table,
      ...(via !== undefined ? { via } : {}),
      ...(proto ? { proto } : {}),
    });
  }
  // DHCP gives eth0 a default route via the subnet router, base + 1 (R5, A3), while eth0 holds its address.
  if (eth0 && !hasDefault && os.defaultRoute && eth0.ips.includes(eth0.eni.primaryIp)) {
    routes.push({
      destination: ANY_IPV4,
      via: eth0.eni.subnet.routerIp,
      dev: eth0,
      onlink: false,
      kind: 'default',
      table: MAIN_TABLE,
    });
  }
  // Per-ENI policy routing, as Amazon Linux's ec2-net-utils sets it up (A3): each extra
  // interface gets a table (10001 for eth1) with its subnet and a default route via its own
  // subnet router, and a rule sends what is sent from its addresses to that table.
  const perEni: GuestRule[] = [];
  if (os.policyRouting === 'per-eni')
    interfaces.slice(1).forEach((dev, i) => {
      const table = 10000 + i + 1;
      if (!dev.ips.includes(dev.eni.primaryIp)) return;
      const subnet = dev.eni.subnet;
      routes.push(
        { destination: subnet.cidr, dev, onlink: false, kind: 'connected', src: dev.eni.primaryIp, table },
        { destination: ANY_IPV4, via: subnet.routerIp, dev, onlink: false, kind: 'default', table },
      );
      for (const ip of dev.ips) perEni.push({ priority: table, table, from: makeCidr(ip, 32) });
    });
  // At equal length: configured routes (metric 0) before BGP's (metric 20) before the kernel's.
  const rank = (r: GuestRoute) => (r.kind === 'static' ? (r.proto ? 1 : 0) : 2);
  routes.sort((a, b) => b.destination.prefix - a.destination.prefix || rank(a) - rank(b));
  const rules: GuestRule[] = [
    ...perEni,
    ...os.rules.map((r) => ({
      priority: r.priority,
      table: r.table,
      ...(r.from ? { from: parseCidr(r.from)!.cidr } : {}),
      ...(r.to ? { to: parseCidr(r.to)!.cidr } : {}),
    })),
    { priority: 32766, table: MAIN_TABLE },
    { priority: 32767, table: 253 },
  ].sort((a, b) => a.priority - b.priority);
  const masquerade = os.nat ? byName.get(os.nat.masquerade) : undefined;
  return {
    instance,
    interfaces,
    localIps,
    // a device that is down takes its routes with it
    routes: routes.filter((r) => r.dev.up),
    rules,
    ipForward: os.ipForward,
    // A BGP daemon listens on TCP 179 (R28).
    listen:
      instance.listen === 'all' || !os.bgp
        ? instance.listen
        : [...instance.listen, { protocol: 6, ports: { from: 179, to: 179 } }],
    ...(masquerade ? { masquerade } : {}),
    statefulFirewall: os.firewall === 'stateful',
  };
}

/** The interface whose subnet holds a next hop, as the kernel picks it for `via` without `dev`. */
function deviceFor(interfaces: GuestInterface[], via: Ip | undefined): GuestInterface | undefined {
  if (via === undefined) return undefined;
  return interfaces.find((d) => cidrContains(d.eni.subnet.cidr, via));
}

/**
 * The route the kernel picks: the rules in priority order, each that matches the packet
 * (`from` its source, `to` its destination) sending the lookup to its table, the first table
 * with a matching route deciding, longest prefix first. Undefined means "Network is unreachable".
 * Without a known source (a socket not yet bound), only rules without `from` apply.
 */
export function guestLookup(stack: GuestStack, dst: Ip, src?: Ip): GuestRoute | undefined {
  for (const rule of stack.rules) {
    if (rule.from && (src === undefined || !cidrContains(rule.from, src))) continue;
    if (rule.to && !cidrContains(rule.to, dst)) continue;
    const found = stack.routes.find((r) => r.table === rule.table && cidrContains(r.destination, dst));
    if (found) return found;
  }
  return undefined;
}

/** The routes of one table (254: main), as `ip route show table N` lists them. */
export function tableRoutes(stack: GuestStack, table: number): GuestRoute[] {
  return stack.routes.filter((r) => r.table === table);
}

/** Whether a guest has a listener for a TCP or UDP port (ICMP echo is always answered). */
export function guestListens(listen: Listener[] | 'all' | undefined, protocol: number, port: number): boolean {
  if (listen === 'all') return true;
  if (!listen) return false;
  return listen.some(
    (l) => (l.protocol === -1 || l.protocol === protocol) && port >= l.ports.from && port <= l.ports.to,
  );
}
