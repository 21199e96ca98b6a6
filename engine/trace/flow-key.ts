import type { Packet } from './types';

type Addressing = Pick<Packet, 'protocol' | 'src' | 'srcPort' | 'dst' | 'dstPort'>;

/**
 * A connection as one device that tracks it sees it (a security group's ENI, a NAT gateway, a
 * guest's conntrack): the device, the protocol, and both ends with their ports.
 */
export function flowKey(owner: string, p: Addressing): string {
  return `${owner}|${p.protocol}|${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}`;
}

/** A packet's addressing turned around: what an answer to it carries. */
export function turnedAround(p: Addressing): Addressing {
  return { protocol: p.protocol, src: p.dst, srcPort: p.dstPort, dst: p.src, dstPort: p.srcPort };
}

/** The same connection's key for packets going the other way. */
export function replyKey(owner: string, p: Addressing): string {
  return flowKey(owner, turnedAround(p));
}

/** A hash of a flow that is the same for its request and its reply: the two ends, in order. */
export function flowHash(p: Addressing): number {
  const a = `${p.src}:${p.srcPort}`;
  const b = `${p.dst}:${p.dstPort}`;
  const text = `${p.protocol}|${a < b ? a : b}|${a < b ? b : a}`;
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}
