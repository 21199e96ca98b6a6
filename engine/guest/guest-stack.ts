import { cidrContains, makeCidr, parseCidr, parseIp, type Cidr, type Ip } from '../net/ipv4';
import type { Listener } from '../model/guest-os';
import type { EniNode, InstanceNode } from '../build/network';

/** A network device inside the guest: ethN is the ENI at position N (device index order). */
export interface GuestInterface {
  readonly name: string;
  readonly eni: EniNode;
  /** the MAC the guest uses: the ENI's, unless changed inside the guest (R21) */
  readonly mac: string;
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
}

/** The VM's own network stack: what `ip addr` and `ip route` would show (A3). */
export interface GuestStack {
  readonly instance: InstanceNode;
  readonly interfaces: GuestInterface[];
  /** every address the guest answers for: its ENIs' addresses and `os.addresses` */
  readonly localIps: Set<Ip>;
  /** longest prefix first; at equal length, static routes before kernel ones */
  readonly routes: GuestRoute[];
  readonly ipForward: boolean;
  readonly listen: Listener[] | 'all';
  readonly masquerade?: GuestInterface;
  readonly statefulFirewall: boolean;
  readonly policyRouting: boolean;
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
  const interfaces = instance.enis.map((eni, i) => ({ name: `eth${i}`, eni, mac: os.macs[`eth${i}`] ?? eni.mac }));
  const byName = new Map(interfaces.map((d) => [d.name, d]));
  const localIps = new Set<Ip>();
  const routes: GuestRoute[] = [];
  for (const dev of interfaces) {
    // The guest configures its ENIs' primary and secondary IPs (lab-format.md) from DHCP.
    for (const ip of dev.eni.ips) localIps.add(ip);
    routes.push({ destination: dev.eni.subnet.cidr, dev, onlink: false, kind: 'connected', src: dev.eni.primaryIp });
  }
  for (const a of [...os.addresses, ...os.daemonAddresses]) {
    const ip = parseIp(a.ip)!;
    localIps.add(ip);
    const dev = byName.get(a.dev);
    if (dev && a.prefix < 32) {
      const destination = makeCidr(ip, a.prefix);
      if (!routes.some((r) => r.destination.text === destination.text && r.dev === dev)) {
        routes.push({ destination, dev, onlink: false, kind: 'connected', src: ip });
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
    const dev = (r.dev !== undefined ? byName.get(r.dev) : undefined) ?? deviceFor(interfaces, via) ?? eth0;
    if (!dev) continue;
    if (destination.prefix === 0 && !proto) hasDefault = true;
    routes.push({
      destination,
      dev,
      onlink: r.onlink,
      kind: 'static',
      ...(via !== undefined ? { via } : {}),
      ...(proto ? { proto } : {}),
    });
  }
  // DHCP gives eth0 a default route via the subnet router, base + 1 (R5, A3).
  if (eth0 && !hasDefault && os.defaultRoute) {
    routes.push({
      destination: parseCidr('0.0.0.0/0')!.cidr,
      via: eth0.eni.subnet.routerIp,
      dev: eth0,
      onlink: false,
      kind: 'default',
    });
  }
  // At equal length: configured routes (metric 0) before BGP's (metric 20) before the kernel's.
  const rank = (r: GuestRoute) => (r.kind === 'static' ? (r.proto ? 1 : 0) : 2);
  routes.sort((a, b) => b.destination.prefix - a.destination.prefix || rank(a) - rank(b));
  const masquerade = os.nat ? byName.get(os.nat.masquerade) : undefined;
  return {
    instance,
    interfaces,
    localIps,
    routes,
    ipForward: os.ipForward,
    // A BGP daemon listens on TCP 179 (R28).
    listen:
      instance.listen === 'all' || !os.bgp
        ? instance.listen
        : [...instance.listen, { protocol: 6, ports: { from: 179, to: 179 } }],
    ...(masquerade ? { masquerade } : {}),
    statefulFirewall: os.firewall === 'stateful',
    policyRouting: os.policyRouting === 'per-eni',
  };
}

/** The interface whose subnet holds a next hop, as the kernel picks it for `via` without `dev`. */
function deviceFor(interfaces: GuestInterface[], via: Ip | undefined): GuestInterface | undefined {
  if (via === undefined) return undefined;
  return interfaces.find((d) => cidrContains(d.eni.subnet.cidr, via));
}

/** Longest-prefix match in the guest's table; undefined means "Network is unreachable". */
export function guestLookup(stack: GuestStack, dst: Ip): GuestRoute | undefined {
  for (const r of stack.routes) if (cidrContains(r.destination, dst)) return r;
  return undefined;
}

/** Whether a guest has a listener for a TCP or UDP port (ICMP echo is always answered). */
export function guestListens(listen: Listener[] | 'all' | undefined, protocol: number, port: number): boolean {
  if (listen === 'all') return true;
  if (!listen) return false;
  return listen.some(
    (l) => (l.protocol === -1 || l.protocol === protocol) && port >= l.ports.from && port <= l.ports.to,
  );
}
