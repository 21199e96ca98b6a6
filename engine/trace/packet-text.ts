import { ipToString } from '../net/ipv4';
import { hasPorts, ICMP, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, protocolName } from '../net/protocols';
import type { Packet } from './types';

/** ICMP types by the names tcpdump prints (RFC 792). */
const ICMP_NAMES = new Map<number, string>([
  [ICMP_ECHO_REPLY, 'echo reply'],
  [3, 'destination unreachable'],
  [ICMP_ECHO_REQUEST, 'echo request'],
  [11, 'time exceeded'],
]);

/** The ICMP message type a packet carries: an echo request unless it says otherwise. */
export function icmpTypeOf(p: Packet): number {
  return p.icmpType ?? ICMP_ECHO_REQUEST;
}

/**
 * A packet as a filter judged it: protocol, both addresses and, for TCP and UDP, both ports
 * (`tcp 198.51.100.7:443 -> 10.0.1.10:49152`); ICMP names its type. A learner reading a NACL
 * or security-group hop sees which port a reply came back to.
 */
export function packetText(p: Packet): string {
  const src = ipToString(p.src);
  const dst = ipToString(p.dst);
  if (hasPorts(p.protocol)) return `${protocolName(p.protocol)} ${src}:${p.srcPort} -> ${dst}:${p.dstPort}`;
  if (p.protocol === ICMP) {
    const type = icmpTypeOf(p);
    return `icmp ${ICMP_NAMES.get(type) ?? `type ${type}`} ${src} -> ${dst}`;
  }
  return `${protocolName(p.protocol)} ${src} -> ${dst}`;
}
