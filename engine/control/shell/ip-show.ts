import { ipToString, makeCidr, parseIp } from '../../net/ipv4';
import type { GuestInterface, GuestRoute, GuestStack } from '../../guest/guest-stack';
import type { World } from '../../trace/world';
import { MAIN_TABLE } from '../../model/guest-os';

/** The IPv6 link-local address Linux derives from a MAC (EUI-64), for realistic `ip addr`. */
function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] = b[0]! ^ 2;
  const words = [(b[0]! << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}/64`;
}

/** A device's flags and state as iproute2 prints them: a device set down has no UP and is DOWN. */
function flags(d: GuestInterface): { flags: string; state: string } {
  return d.up
    ? { flags: '<BROADCAST,MULTICAST,UP,LOWER_UP>', state: 'UP' }
    : { flags: '<BROADCAST,MULTICAST>', state: 'DOWN' };
}

/**
 * `ip addr`: the guest sees only private addresses (R19). DHCP configures the ENI's primary
 * address; secondary ENI addresses and addresses set by hand show as `secondary`.
 */
export function formatAddr(stack: GuestStack, opts: { dev?: string; only4: boolean }): string {
  const lines: string[] = [];
  const extra = [...stack.instance.os.addresses, ...stack.instance.os.daemonAddresses];
  if (!opts.dev || opts.dev === 'lo') {
    lines.push('1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000');
    lines.push('    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00');
    lines.push('    inet 127.0.0.1/8 scope host lo', '       valid_lft forever preferred_lft forever');
    for (const a of extra.filter((x) => x.dev === 'lo'))
      lines.push(`    inet ${a.ip}/${a.prefix} scope global lo`, '       valid_lft forever preferred_lft forever');
    if (!opts.only4)
      lines.push('    inet6 ::1/128 scope host noprefixroute', '       valid_lft forever preferred_lft forever');
  }
  stack.interfaces.forEach((d, i) => {
    if (opts.dev && opts.dev !== d.name) return;
    const f = flags(d);
    lines.push(`${i + 2}: ${d.name}: ${f.flags} mtu 9001 qdisc mq state ${f.state} group default qlen 1000`);
    lines.push(`    link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff`);
    const cidr = d.eni.subnet.cidr;
    d.ips.forEach((ip) => {
      const primary = ip === d.eni.primaryIp;
      lines.push(
        `    inet ${ipToString(ip)}/${cidr.prefix} brd ${ipToString(cidr.last)} scope global ${primary ? 'dynamic ' : 'secondary '}${d.name}`,
      );
      lines.push(
        primary ? '       valid_lft 3540sec preferred_lft 3540sec' : '       valid_lft forever preferred_lft forever',
      );
    });
    for (const a of extra.filter((x) => x.dev === d.name)) {
      // An address added by hand inside the primary's network is listed as secondary.
      const ip = parseIp(a.ip)!;
      const secondary = a.prefix < 32 && makeCidr(ip, a.prefix).base === makeCidr(cidr.base, a.prefix).base;
      lines.push(
        `    inet ${a.ip}/${a.prefix} scope global ${secondary ? 'secondary ' : ''}${d.name}`,
        '       valid_lft forever preferred_lft forever',
      );
    }
    if (!opts.only4)
      lines.push(`    inet6 ${linkLocal(d.mac)} scope link`, '       valid_lft forever preferred_lft forever');
  });
  return lines.join('\n');
}

function routeLine(r: GuestRoute, showTable = false): string {
  const table = showTable && r.table !== MAIN_TABLE ? ` table ${tableName(r.table)}` : '';
  return baseRouteLine(r) + table;
}

/** A table's name as iproute2 prints it. */
export function tableName(table: number): string {
  return table === MAIN_TABLE ? 'main' : table === 253 ? 'default' : table === 255 ? 'local' : String(table);
}

function baseRouteLine(r: GuestRoute): string {
  // iproute2 prints a host route without its /32
  const dest =
    r.destination.prefix === 0
      ? 'default'
      : r.destination.prefix === 32
        ? ipToString(r.destination.base)
        : r.destination.text;
  const dev = r.dev.name;
  switch (r.kind) {
    case 'default':
      return `default via ${ipToString(r.via!)} dev ${dev} proto dhcp src ${ipToString(r.dev.eni.primaryIp)} metric 100`;
    case 'connected':
      return `${dest} dev ${dev} proto kernel scope link src ${ipToString(r.src!)}${r.src === r.dev.eni.primaryIp ? ' metric 100' : ''}`;
    default:
      return `${dest}${r.via !== undefined ? ` via ${ipToString(r.via)}` : ''} dev ${dev}${r.proto ? ` proto ${r.proto} metric 20` : ''}${r.onlink ? ' onlink' : ''}`;
  }
}

/** `ip route [show table N|all]`: default first, then by destination, as the kernel lists a table. */
export function formatRoutes(stack: GuestStack, table: number | 'all' = MAIN_TABLE): string {
  const sorted = stack.routes
    .filter((r) => table === 'all' || r.table === table)
    .sort((a, b) =>
      a.destination.prefix === 0
        ? -1
        : b.destination.prefix === 0
          ? 1
          : a.destination.base - b.destination.base || a.destination.prefix - b.destination.prefix,
    );
  return sorted.map((r) => routeLine(r, table === 'all')).join('\n');
}

/** `ip neigh`: what ARP resolved (from AWS's mapping service, R23) and what failed. */
export function formatNeighbors(world: World, instance: string, only?: number): string {
  const table = world.neighbors.get(instance);
  if (!table) return '';
  const lines: string[] = [];
  for (const [ip, e] of [...table.entries()].sort((a, b) => a[0] - b[0])) {
    if (only !== undefined && ip !== only) continue;
    lines.push(
      e.mac ? `${ipToString(ip)} dev ${e.dev} lladdr ${e.mac} REACHABLE` : `${ipToString(ip)} dev ${e.dev} FAILED`,
    );
  }
  return lines.join('\n');
}

/** `ip rule`: the kernel's rules and the guest's own (per-ENI policy routing's among them, A3). */
export function formatRules(stack: GuestStack): string {
  const rows: [number, string][] = [[0, 'from all lookup local']];
  // a host selector prints without its /32
  const sel = (c: { prefix: number; base: number; text: string }) => (c.prefix === 32 ? ipToString(c.base) : c.text);
  for (const r of stack.rules)
    rows.push([
      r.priority,
      `from ${r.from ? sel(r.from) : 'all'}${r.to ? ` to ${sel(r.to)}` : ''} lookup ${tableName(r.table)}`,
    ]);
  return rows
    .sort((a, b) => a[0] - b[0])
    .map(([p, text]) => `${p}:\t${text}`)
    .join('\n');
}

/**
 * `ip link` (and `ip -s link`): each device with the MAC the guest uses and its state; with
 * `-s`, its counters: the frames the simulator's experiments carried through it (tcpdump's record).
 */
export function formatLinks(stack: GuestStack, stats?: (dev: string) => { rx: number; tx: number }): string {
  const counters = (rx: number, tx: number) => [
    '    RX:  bytes packets errors dropped  missed   mcast',
    `    ${String(rx * 84).padStart(10)} ${String(rx).padStart(7)} ${'0'.padStart(6)} ${'0'.padStart(7)} ${'0'.padStart(7)} ${'0'.padStart(7)}`,
    '    TX:  bytes packets errors dropped carrier collsns',
    `    ${String(tx * 84).padStart(10)} ${String(tx).padStart(7)} ${'0'.padStart(6)} ${'0'.padStart(7)} ${'0'.padStart(7)} ${'0'.padStart(7)}`,
  ];
  const lines = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000',
    '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
    ...(stats ? counters(0, 0) : []),
  ];
  stack.interfaces.forEach((d, i) => {
    const f = flags(d);
    lines.push(
      `${i + 2}: ${d.name}: ${f.flags} mtu 9001 qdisc mq state ${f.state} mode DEFAULT group default qlen 1000`,
      `    link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff`,
    );
    if (stats) {
      const s = stats(d.name);
      lines.push(...counters(s.rx, s.tx));
    }
  });
  return lines.join('\n');
}

/** `ip -br addr`: one line per device, its state and its addresses (iproute2's brief format). */
export function formatAddrBrief(stack: GuestStack, opts: { dev?: string; only4: boolean }): string {
  const extra = [...stack.instance.os.addresses, ...stack.instance.os.daemonAddresses];
  const row = (name: string, state: string, addrs: string[]) =>
    `${name.padEnd(16)} ${state.padEnd(14)} ${addrs.join(' ')} `.trimEnd();
  const lines: string[] = [];
  if (!opts.dev || opts.dev === 'lo')
    lines.push(
      row('lo', 'UNKNOWN', [
        '127.0.0.1/8',
        ...extra.filter((x) => x.dev === 'lo').map((a) => `${a.ip}/${a.prefix}`),
        ...(opts.only4 ? [] : ['::1/128']),
      ]),
    );
  for (const d of stack.interfaces) {
    if (opts.dev && opts.dev !== d.name) continue;
    const prefix = d.eni.subnet.cidr.prefix;
    lines.push(
      row(d.name, flags(d).state, [
        ...d.ips.map((ip) => `${ipToString(ip)}/${prefix}`),
        ...extra.filter((x) => x.dev === d.name).map((a) => `${a.ip}/${a.prefix}`),
        ...(opts.only4 ? [] : [linkLocal(d.mac)]),
      ]),
    );
  }
  return lines.join('\n');
}

/** `ip -br link`: one line per device, its state, MAC and flags. */
export function formatLinksBrief(stack: GuestStack): string {
  const row = (name: string, state: string, mac: string, flags: string) =>
    `${name.padEnd(16)} ${state.padEnd(14)} ${mac.padEnd(17)} ${flags}`;
  return [
    row('lo', 'UNKNOWN', '00:00:00:00:00:00', '<LOOPBACK,UP,LOWER_UP>'),
    ...stack.interfaces.map((d) => row(d.name, flags(d).state, d.mac, flags(d).flags)),
  ].join('\n');
}
