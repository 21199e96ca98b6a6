import { ipToString, parseIp } from '../../net/ipv4';
import { ICMP, TCP, UDP, VRRP, hasPorts } from '../../net/protocols';
import type { CaptureRecord } from '../../trace/world';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

type Match = (r: CaptureRecord) => boolean;

/** the protocol names a pcap filter takes */
const PROTOCOLS: Record<string, number> = { icmp: ICMP, tcp: TCP, udp: UDP, vrrp: VRRP };

/** A small pcap-filter: primitives joined by `and`/`&&`, each optionally negated with `not`/`!`. */
function parseFilter(words: string[]): Match | string {
  const parts: Match[] = [];
  let i = 0;
  let negate = false;
  const push = (m: Match) => {
    const n = negate;
    parts.push(n ? (r) => !m(r) : m);
    negate = false;
  };
  while (i < words.length) {
    const w = words[i++]!;
    if (w === 'and' || w === '&&') continue;
    if (w === 'not' || w === '!') {
      negate = true;
      continue;
    }
    if (w === 'arp') push((r) => r.protocol === -1);
    else if (w === 'ip') {
      if (words[i] === 'proto') {
        const p = words[i + 1]!;
        i += 2;
        const n = PROTOCOLS[p] ?? Number(p);
        if (!Number.isInteger(n)) return `tcpdump: unknown ip proto '${p}'`;
        push((r) => r.protocol === n);
      } else push((r) => r.protocol !== -1);
    } else if (w in PROTOCOLS) {
      const n = PROTOCOLS[w]!;
      if (words[i] === 'port') {
        const port = Number(words[i + 1]);
        i += 2;
        push((r) => r.protocol === n && (r.srcPort === port || r.dstPort === port));
      } else push((r) => r.protocol === n);
    } else if (w === 'port') {
      const port = Number(words[i++]);
      push((r) => hasPorts(r.protocol) && (r.srcPort === port || r.dstPort === port));
    } else if (w === 'host' || w === 'src' || w === 'dst') {
      const which = w;
      const next = words[i] === 'host' ? words[++i] : words[i];
      i++;
      const ip = next === undefined ? undefined : parseIp(next);
      if (ip === undefined) return `tcpdump: syntax error in filter expression`;
      push((r) => (which !== 'dst' && r.src === ip) || (which !== 'src' && r.dst === ip));
    } else return `tcpdump: syntax error in filter expression: syntax error`;
  }
  return (r) => parts.every((m) => m(r));
}

function stamp(t: number, k: number): string {
  const total = t + k * 0.000137;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(6).padStart(9, '0')}`;
}

/** One packet in tcpdump's own words. */
export function describeFrame(r: CaptureRecord): string {
  if (r.protocol === -1) {
    if (r.src === r.dst || r.srcPort === 2)
      return `ARP, ${r.srcPort === 2 ? 'Reply' : 'Request'} who-has ${ipToString(r.dst)} (Broadcast) tell ${ipToString(r.src)}, length 28`;
    return `ARP, Request who-has ${ipToString(r.dst)} tell ${ipToString(r.src)}, length 28`;
  }
  const src = ipToString(r.src);
  const dst = ipToString(r.dst);
  switch (r.protocol) {
    case 1:
      return `IP ${src} > ${dst}: ICMP echo ${r.role === 'request' ? 'request' : 'reply'}, id ${r.srcPort}, seq 1, length 64`;
    case 6: {
      const flags = r.role === 'reset' ? 'R.' : r.role === 'reply' ? 'S.' : 'S';
      return `IP ${src}.${r.srcPort} > ${dst}.${r.dstPort}: Flags [${flags}], seq 0, ${flags === 'R.' ? 'ack 1, win 0, length 0' : 'win 62727, options [mss 8961,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0'}`;
    }
    case 17:
      return `IP ${src}.${r.srcPort} > ${dst}.${r.dstPort}: UDP, length 32`;
    case 112:
      return `IP ${src} > ${dst}: ${r.note ?? 'VRRPv2, Advertisement, length 20'}`;
    default:
      return `IP ${src} > ${dst}: ip-proto-${r.protocol} 0`;
  }
}

/**
 * `tcpdump -ni <dev> [-e] [-c N] [filter]`: what this VM's own stack sent and received during
 * the last experiment. It sees nothing addressed to others, however it is configured (R123).
 */
export function tcpdump(ctx: ShellContext, argv: string[]): ShellResult {
  let dev = 'eth0';
  let link = false;
  let count = Infinity;
  const filterWords: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-i') dev = argv[++i] ?? 'eth0';
    else if (a === '-c') {
      const text = argv[++i] ?? '';
      if (!/^\d+$/.test(text) || Number(text) < 1) return err(`tcpdump: invalid packet count ${text}`, 1);
      count = Number(text);
    } else if (/^-[nieqvlpt]+$/.test(a)) {
      if (a.includes('e')) link = true;
      if (a.endsWith('i')) dev = argv[++i] ?? 'eth0';
    } else if (a.startsWith('-')) return err(`tcpdump: invalid option -- '${a.slice(1, 2)}'`, 1);
    else filterWords.push(a);
  }
  if (dev !== 'any' && !ctx.stack.interfaces.some((d) => d.name === dev) && dev !== 'lo') {
    return err(`tcpdump: ${dev}: No such device exists\n(SIOCGIFHWADDR: No such device)`, 1);
  }
  const match = parseFilter(filterWords);
  if (typeof match === 'string') return err(match, 1);
  const records = (ctx.state.world.captures.get(ctx.instanceId) ?? [])
    .filter((r) => (dev === 'any' || r.dev === dev) && match(r))
    .slice(0, count);
  const lines = [
    'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
    `listening on ${dev}, link-type ${dev === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)'}, snapshot length 262144 bytes`,
  ];
  records.forEach((r, k) => {
    const ether = link
      ? `${r.srcMac} > ${r.dstMac}, ethertype ${r.protocol === -1 ? 'ARP (0x0806)' : 'IPv4 (0x0800)'}, length ${r.protocol === -1 ? 42 : 98}: `
      : '';
    lines.push(
      `${stamp(r.time, k)} ${dev === 'any' ? `${r.dev} ${r.direction === 'out' ? 'Out' : 'In '} ` : ''}${ether}${describeFrame(r)}`,
    );
  });
  lines.push(
    '',
    `${records.length} packet${records.length === 1 ? '' : 's'} captured`,
    `${records.length} packet${records.length === 1 ? '' : 's'} received by filter`,
    '0 packets dropped by kernel',
  );
  return ok(lines.join('\n'));
}
