import { hasPorts } from '../../net/protocols';
import { explainDrop } from '../../trace/drop-codes';
import { IMDS_IP, ipToString, parseIp, type Ip } from '../../net/ipv4';
import { guestLookup } from '../../guest/guest-stack';
import { traceFlow, type FlowTrace } from '../../trace/flow';
import type { Packet } from '../../trace/types';
import { ConnectionState } from '../../trace/world';
import { IMDS_NOT_FOUND, metadata } from './imds';
import { labAccount } from '../aws/lab-account';
import { COMMAND_BOUNDS, iputilsCount } from './bounds';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

const SERVICES: Record<number, string> = {
  22: 'ssh',
  53: 'domain',
  80: 'http',
  112: 'vrrp',
  179: 'bgp',
  443: 'https',
  5432: 'postgresql',
  8080: 'http-alt',
};

/** Sends one connection from this guest, as its kernel would address it. */
function send(
  ctx: ShellContext,
  dst: Ip,
  protocol: number,
  port: number,
  conn = new ConnectionState(),
  seq = 1,
  from: { port?: number; ip?: Ip } = {},
): FlowTrace | 'unreachable' {
  // a socket bound to an address (nc -s) is routed by the policy rules for that source too
  const route = guestLookup(ctx.stack, dst, from.ip);
  if (!route) return 'unreachable';
  const src = from.ip ?? route.src ?? route.dev.eni.primaryIp;
  const ports = hasPorts(protocol);
  const packet: Packet = {
    src,
    dst,
    protocol,
    // the port asked for, or a client port from net.ipv4.ip_local_port_range (from 49152 when the range holds it)
    srcPort: ports ? (from.port ?? clientPort(ctx.instance.os.localPortRange, seq)) : 1,
    dstPort: ports ? port : 1,
    ttl: 64,
  };
  return traceFlow(ctx.state.network, ctx.state.world, { kind: 'instance', instance: ctx.instance }, packet, conn);
}

/** The seq-th client port of the guest's local port range. */
function clientPort([lo, hi]: [number, number], seq: number): number {
  const base = lo <= 49152 && 49152 <= hi ? 49152 : lo;
  return base + ((seq - 1) % (hi - base + 1));
}

/** Round-trip time from the path length: deterministic, as the engine has no clock of its own. */
function rtt(t: FlowTrace): string {
  return (0.08 + 0.035 * (t.request.hops.length + (t.reply?.hops.length ?? 0))).toFixed(3);
}

function arpFailed(t: FlowTrace): boolean {
  const e = t.request.ending;
  return e.kind === 'dropped' && e.drop.code === 'ENGINE_NO_ARP_RESOLUTION';
}

function flagValue(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** `ping [-c N] host`: iputils output; every host answers ICMP echo (lab-format.md). */
export function ping(ctx: ShellContext, argv: string[]): ShellResult {
  // iputils allows up to LONG_MAX probes, one a second; here each is a trace, so at most 100
  const count = iputilsCount('ping', flagValue(argv, '-c'), 4, 1, COMMAND_BOUNDS.probes);
  if (typeof count !== 'number') return count;
  const target = positional(argv, ['-c', '-W', '-w', '-i', '-s', '-I', '-t']);
  if (!target) return err('ping: usage error: Destination address required', 2);
  const dst = parseIp(target);
  if (dst === undefined) return err(`ping: ${target}: Name or service not known`, 2);
  ctx.startExperiment();
  const conn = new ConnectionState();
  const lines = [`PING ${target} (${target}) 56(84) bytes of data.`];
  const times: number[] = [];
  let unreachable = false;
  for (let seq = 1; seq <= count; seq++) {
    const t = send(ctx, dst, 1, 0, conn, seq);
    if (t === 'unreachable') return err('ping: connect: Network is unreachable', 2);
    if (t.result === 'roundtrip') {
      const back = t.reply!.ending.kind === 'dropped' ? undefined : t.reply!.ending.packet;
      // the reply's TTL as it arrived: 64, less one for each guest that forwarded it (the VPC's
      // router takes none: its own decrement is the engine's loop guard, not what a guest sees)
      const ttl = 64 - t.reply!.hops.filter((h) => h.router !== undefined).length;
      times.push(Number(rtt(t)));
      lines.push(`64 bytes from ${ipToString(back!.src)}: icmp_seq=${seq} ttl=${ttl} time=${rtt(t)} ms`);
    } else if (arpFailed(t)) {
      unreachable = true;
      lines.push(`From ${ipToString(t.request.sent.src)} icmp_seq=${seq} Destination Host Unreachable`);
    }
  }
  const got = times.length;
  lines.push('', `--- ${target} ping statistics ---`);
  lines.push(
    `${count} packets transmitted, ${got} received, ${unreachable ? `+${count - got} errors, ` : ''}${Math.round((100 * (count - got)) / count)}% packet loss, time ${(count - 1) * 1001}ms`,
  );
  if (got > 0) {
    const avg = times.reduce((a, b) => a + b, 0) / got;
    lines.push(
      `rtt min/avg/max/mdev = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)}/0.000 ms`,
    );
  }
  return { output: lines.join('\n'), exit: got > 0 ? 0 : 1 };
}

function positional(argv: string[], withValue: string[]): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (withValue.includes(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** `nc -z [-u] [-v] [-w N] host port`: OpenBSD netcat's messages. */
export function nc(ctx: ShellContext, argv: string[]): ShellResult {
  const unknown = argv.slice(1).find((a) => /^-/.test(a) && !/^-[zuvnw46]+$/.test(a) && !['-p', '-s'].includes(a));
  if (unknown) return err(`nc: this console's netcat takes -z -u -v -n -w -p -s, not ${unknown}`, 1);
  const udp = argv.some((a) => /^-[a-z]*u/.test(a));
  const args = argv
    .slice(1)
    .filter((a, i, all) => !a.startsWith('-') && !(i > 0 && ['-w', '-s', '-p'].includes(all[i - 1]!)));
  const [host, portText] = args;
  if (!host || !portText)
    return err(
      'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]',
      1,
    );
  const dst = parseIp(host);
  if (dst === undefined)
    return err(`nc: getaddrinfo for host "${host}" port ${portText}: Name or service not known`, 1);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return err(`nc: port number invalid: ${portText}`, 1);
  // -p: the source port; -s: the source address, one the guest holds (else the kernel refuses to bind)
  const from: { port?: number; ip?: Ip } = {};
  const pText = argv[argv.indexOf('-p') + 1];
  if (argv.includes('-p')) {
    const p = Number(pText);
    if (pText === undefined || !Number.isInteger(p) || p < 1 || p > 65535)
      return err(`nc: port number invalid: ${pText ?? ''}`, 1);
    from.port = p;
  }
  if (argv.includes('-s')) {
    const sText = argv[argv.indexOf('-s') + 1] ?? '';
    const ip = parseIp(sText);
    if (ip === undefined) return err(`nc: getaddrinfo: Name or service not known`, 1);
    if (!ctx.stack.localIps.has(ip)) return err('nc: Cannot assign requested address', 1);
    from.ip = ip;
  }
  ctx.startExperiment();
  const t = send(ctx, dst, udp ? 17 : 6, port, undefined, 1, from);
  const proto = udp ? 'udp' : 'tcp';
  if (t === 'unreachable')
    return err(`nc: connect to ${host} port ${port} (${proto}) failed: Network is unreachable`, 1);
  if (t.result === 'roundtrip' || (udp && t.request.ending.kind !== 'dropped'))
    return ok(`Connection to ${host} ${port} port [${proto}/${SERVICES[port] ?? '*'}] succeeded!`);
  if (t.result === 'reset') return err(`nc: connect to ${host} port ${port} (${proto}) failed: Connection refused`, 1);
  if (arpFailed(t)) return err(`nc: connect to ${host} port ${port} (${proto}) failed: No route to host`, 1);
  return err(`nc: connect to ${host} port ${port} (${proto}) timed out: Operation now in progress`, 1);
}

/**
 * `curl`: the instance metadata service (IMDSv1, or IMDSv2 with a token) and plain HTTP to
 * an address. Supports -s, -S, -f, -o FILE, -w '%{http_code}', -m, -H, -X.
 */
export function curl(ctx: ShellContext, argv: string[]): ShellResult {
  let url: string | undefined;
  let write: string | undefined;
  let method = 'GET';
  let fail = false;
  let discard = false;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-w' || a === '--write-out') write = argv[++i];
    else if (a === '-X' || a === '--request') method = argv[++i] ?? 'GET';
    else if (a === '-o' || a === '--output') discard = argv[++i] === '/dev/null';
    else if (a === '-H' || a === '--header' || a === '-m' || a === '--max-time' || a === '--connect-timeout') i++;
    else if (a === '-f' || a === '--fail') fail = true;
    else if (/^-[sSfvLk]+$/.test(a) || a === '--silent' || a === '--show-error')
      fail ||= a.includes('f') && a.startsWith('-') && !a.startsWith('--');
    else if (a.startsWith('-'))
      return err(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`, 2);
    else url = a;
  }
  if (!url) return err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information", 2);
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return err(`curl: (3) URL using bad/illegal format or missing URL`, 3);
  const [, scheme = 'http', host = '', portText, path = '/'] = m;
  const dst = parseIp(host);
  if (dst === undefined) return err(`curl: (6) Could not resolve host: ${host}`, 6);
  const finish = (code: number, body: string): ShellResult => {
    const shown =
      (discard ? '' : body) + (write ? write.replace(/%\{http_code\}/g, String(code)).replace(/\\n/g, '\n') : '');
    if (fail && code >= 400) return err(`curl: (22) The requested URL returned error: ${code}`, 22);
    return ok(shown);
  };
  if (dst === IMDS_IP) {
    if (method === 'PUT' && path === '/latest/api/token')
      return finish(200, 'AQAEAOkYqwNhbmRlcmxheS10b2tlbi1mb3ItaW1kc3Yy');
    const mm = /^\/latest\/meta-data\/?(.*)$/.exec(path);
    const spec = ctx.state.network.topology.instances.find((i) => i.id === ctx.instanceId);
    const answer = mm
      ? metadata(ctx.instance, ctx.state.network.region, mm[1]!, spec?.imageId, labAccount(ctx.state.topology))
      : undefined;
    return answer === undefined ? finish(404, IMDS_NOT_FOUND) : finish(200, answer);
  }
  const port = portText ? Number(portText) : scheme === 'https' ? 443 : 80;
  ctx.startExperiment();
  const t = send(ctx, dst, 6, port);
  if (t === 'unreachable')
    return err(`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, 7);
  if (t.result === 'roundtrip') return finish(200, '<html><body><h1>It works!</h1></body></html>');
  if (t.result === 'reset')
    return err(`curl: (7) Failed to connect to ${host} port ${port} after 1 ms: Couldn't connect to server`, 7);
  return err(`curl: (28) Failed to connect to ${host} port ${port} after 3001 ms: Timeout was reached`, 28);
}

/**
 * `arping`: asking resolves only addresses AWS assigned in this subnet, answered by the
 * VPC (R23); `-U`/`-A` announce by broadcast, which the VPC never delivers (R116, R121).
 */
export function arping(ctx: ShellContext, argv: string[]): ShellResult {
  const count = iputilsCount('arping', flagValue(argv, '-c'), 3, 1, COMMAND_BOUNDS.probes);
  if (typeof count !== 'number') return count;
  const devName = flagValue(argv, '-I') ?? 'eth0';
  const target = positional(argv, ['-c', '-I', '-w', '-s']);
  const unsolicited = argv.some((a) => a === '-U' || a === '-A');
  if (!target || parseIp(target) === undefined)
    return err('Usage: arping [-fqbDUAV] [-c count] [-w timeout] [-I device] [-s source] destination', 2);
  const dev = ctx.stack.interfaces.find((d) => d.name === devName);
  if (!dev) return err(`arping: Device ${devName} not available.`, 2);
  const ip = parseIp(target)!;
  ctx.startExperiment();
  const src = unsolicited ? target : ipToString(dev.eni.primaryIp);
  const lines = [`ARPING ${target} from ${src} ${devName}`];
  const world = ctx.state.world;
  for (let k = 0; k < count; k++) {
    world.capture(ctx.instanceId, {
      time: world.time,
      dev: devName,
      direction: 'out',
      srcMac: dev.mac,
      dstMac: 'ff:ff:ff:ff:ff:ff',
      src: unsolicited ? ip : dev.eni.primaryIp,
      dst: ip,
      protocol: -1,
      srcPort: unsolicited && argv.includes('-A') ? 2 : 1,
      dstPort: 0,
      role: 'request',
    });
  }
  if (unsolicited) {
    gratuitousArpEvent(ctx, dev.name, dev.eni.id, dev.mac, target, count);
    lines.push(`Sent ${count} probes (${count} broadcast(s))`, 'Received 0 response(s)');
    return ok(lines.join('\n'));
  }
  const subnet = dev.eni.subnet;
  const owner = subnet.vpc.ipOwners.get(ip);
  const mac =
    ip === subnet.routerIp ? undefined : owner && owner.subnet === subnet && owner !== dev.eni ? owner.mac : undefined;
  if (!mac) {
    world.neighbor(ctx.instanceId, ip, devName);
    lines.push(`Sent ${count} probes (${count} broadcast(s))`, 'Received 0 response(s)');
    return { output: lines.join('\n'), exit: 1 };
  }
  world.neighbor(ctx.instanceId, ip, devName, mac);
  for (let k = 0; k < count; k++) lines.push(`Unicast reply from ${target} [${mac.toUpperCase()}]  0.5${k}2ms`);
  lines.push(`Sent ${count} probes (1 broadcast(s))`, `Received ${count} response(s)`);
  return ok(lines.join('\n'));
}

/**
 * A gratuitous ARP on the timeline: a broadcast frame, dropped where it leaves the ENI (R121);
 * nothing in AWS learns an address from it (R116, R23). Its "trace" is those two hops.
 */
function gratuitousArpEvent(ctx: ShellContext, dev: string, eni: string, mac: string, ip: string, count: number): void {
  const world = ctx.state.world;
  world.events.repeat(`garp|${ctx.instanceId}|${dev}|${ip}`, {
    at: world.time,
    kind: 'garp',
    instance: ctx.instanceId,
    text: `gratuitous ARP for ${ip} on ${dev} (${count} frames): dropped at ${eni}; no ARP cache in the VPC changes`,
    outcome: 'dropped',
    drop: { code: 'ENGINE_BROADCAST_UNSUPPORTED', at: eni, explanation: explainDrop('ENGINE_BROADCAST_UNSUPPORTED') },
    trace: [
      {
        resource: ctx.instanceId,
        action: 'send',
        detail: `ARP ${ip} is-at ${mac} (gratuitous), to ff:ff:ff:ff:ff:ff out of ${dev}`,
      },
      {
        resource: eni,
        action: 'drop',
        detail:
          'ENGINE_BROADCAST_UNSUPPORTED: a broadcast frame; the VPC delivers none, and only an API call changes which ENI owns an address (R121, R116, R23)',
      },
    ],
  });
}

const PROBE_MS = [412, 398, 387, 379, 372, 366, 361, 357, 354, 352];

/** A traceroute option's number, or traceroute's refusal of a value that is not one. */
function tracerouteNumber(argv: string[], flag: string, fallback: number): number | ShellResult {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const text = argv[i + 1];
  if (text === undefined)
    return err(
      `Option \`${flag}' (argc ${i}) requires an argument: \`${flag} ${flag === '-m' ? 'max_ttl' : 'nqueries'}'`,
      2,
    );
  if (!/^-?\d+$/.test(text)) return err(`Cannot handle \`${flag}' option with arg \`${text}' (argc ${i})`, 2);
  return Number(text);
}

/** `traceroute [-m max] [-q n] host`: guests that forward show up as hops; AWS's routers and gateways do not. */
export function traceroute(ctx: ShellContext, argv: string[]): ShellResult {
  const target = positional(argv, ['-m', '-w', '-q', '-p', '-i']);
  const dst = target === undefined ? undefined : parseIp(target);
  if (!target || dst === undefined)
    return err(
      `${target ?? ''}: Name or service not known\nCannot handle "host" cmdline arg \`${target ?? ''}' on position 1 (argc 1)`,
      2,
    );
  const max = tracerouteNumber(argv, '-m', 30);
  if (typeof max !== 'number') return max;
  const queries = tracerouteNumber(argv, '-q', 3);
  if (typeof queries !== 'number') return queries;
  // traceroute's own limits and words (Debian's traceroute 2.1)
  if (max < 0 || max > COMMAND_BOUNDS.maxHops) return err(`max hops cannot be more than ${COMMAND_BOUNDS.maxHops}`, 2);
  if (max === 0) return err('first hop out of range', 2);
  if (queries < 1 || queries > COMMAND_BOUNDS.probesPerHop)
    return err(`no more than ${COMMAND_BOUNDS.probesPerHop} probes per hop`, 2);
  // the probe method, as traceroute(8) has them: UDP to 33434 by default, -T TCP SYN (port 80), -U UDP to
  // port 53, -I ICMP echo; -p sets the port
  const method = argv.includes('-T') ? 6 : argv.includes('-I') ? 1 : 17;
  const bad = argv
    .slice(1)
    .find((a) => /^-/.test(a) && !['-T', '-U', '-I', '-n', '-m', '-w', '-q', '-p', '-i'].includes(a));
  if (bad) return err(`Bad option \`${bad}' (argc ${argv.indexOf(bad)})`, 2);
  let port = method === 6 ? 80 : argv.includes('-U') ? 53 : 33434;
  if (argv.includes('-p')) {
    const text = argv[argv.indexOf('-p') + 1];
    const p = Number(text);
    if (text === undefined || !Number.isInteger(p) || p < 1 || p > 65535)
      return err(`Cannot handle \`-p' option with arg \`${text ?? ''}' (argc ${argv.indexOf('-p') + 1})`, 2);
    port = p;
  }
  ctx.startExperiment();
  const t = send(ctx, dst, method, port);
  if (t === 'unreachable') return err('connect: Network is unreachable', 1);
  const lines = [`traceroute to ${target} (${target}), ${max} hops max, 60 byte packets`];
  const hops: string[] = [];
  // each guest that forwarded the probe took one from its TTL, and answers from the interface it came in on
  for (const h of t.request.hops)
    if (h.router !== undefined && !hops.includes(ipToString(h.router))) hops.push(ipToString(h.router));
  const reached = t.request.ending.kind !== 'dropped';
  if (reached) hops.push(target);
  // deterministic round-trip times, one per probe (the engine has no clock of its own)
  const times = (i: number) =>
    PROBE_MS.slice(0, queries)
      .map((ms) => `0.${ms + i * 3} ms`)
      .join('  ');
  hops.forEach((ip, i) => lines.push(`${String(i + 1).padStart(2)}  ${ip} (${ip})  ${times(i)}`));
  const stars = Array.from({ length: queries }, () => '*').join(' ');
  if (!reached) for (let i = hops.length + 1; i <= max; i++) lines.push(`${String(i).padStart(2)}  ${stars}`);
  return ok(lines.join('\n'));
}
