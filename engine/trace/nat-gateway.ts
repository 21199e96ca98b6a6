import { cidrContains, ipToString } from '../net/ipv4.js';
import type { NatGatewayNode } from '../build/network.js';
import type { Ending, Packet } from './types.js';
import { subnetRouter } from './vpc-path.js';
import type { Walk } from './walk.js';

const NAT_PROTOCOLS = new Set([1, 6, 17]);

/**
 * A packet reaches a NAT gateway's interface. Addressed to the gateway itself, it must
 * answer a translation the gateway made, or it is dropped: nothing unsolicited gets in
 * (R62). Passing through, it must come from the gateway's own VPC (R63) and be TCP, UDP or
 * ICMP (R61); its source becomes the gateway's private IP and a port from 1024–65535.
 * Either way the gateway's own subnet routes what comes out (R60).
 */
export function natGatewayReceive(walk: Walk, nat: NatGatewayNode, p: Packet): Ending {
  if (p.dst === nat.privateIp) {
    const back = walk.conn.natReverse.get(`${nat.id}|${p.protocol}|${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}`);
    if (!back) {
      walk.hop(nat.id, 'receive', `no translation for ${ipToString(p.src)} -> ${ipToString(p.dst)}`);
      return walk.drop('ENGINE_NATGW_NO_MAPPING', [nat.id], `${nat.id} has no translation for this packet and never accepts new inbound connections (R62)`, p);
    }
    const q = { ...p, dst: back.ip, dstPort: back.port };
    walk.hop(nat.id, 'reverse-nat', `destination ${ipToString(p.dst)}:${p.dstPort} -> ${ipToString(q.dst)}:${q.dstPort}`);
    return subnetRouter(walk, nat.subnet, q);
  }
  if (!NAT_PROTOCOLS.has(p.protocol)) {
    walk.hop(nat.id, 'nat', `protocol ${p.protocol} cannot be translated`);
    return walk.drop('ENGINE_NATGW_UNSUPPORTED_PROTOCOL', [nat.id], `${nat.id} translates only TCP, UDP and ICMP (R61)`, p);
  }
  if (!nat.subnet.vpc.cidrs.some((c) => cidrContains(c, p.src))) {
    walk.hop(nat.id, 'nat', `source ${ipToString(p.src)} is outside ${nat.subnet.vpc.id}`);
    return walk.drop('NGW_REQUIRES_SOURCE_IN_VPC', [nat.id], `${nat.id} only translates traffic from its own VPC (R63)`, p);
  }
  const key = `${nat.id}|${p.protocol}|${p.src}|${p.srcPort}|${p.dst}|${p.dstPort}`;
  let port = walk.conn.natForward.get(key);
  if (port === undefined) {
    port = walk.conn.allocatePort(nat.id);
    walk.conn.natForward.set(key, port);
    walk.conn.natReverse.set(`${nat.id}|${p.protocol}|${p.dst}|${p.dstPort}|${nat.privateIp}|${port}`, { ip: p.src, port: p.srcPort });
  }
  const q = { ...p, src: nat.privateIp, srcPort: port };
  const ports = p.protocol === 1 ? '' : `:${p.srcPort}`;
  walk.hop(nat.id, 'nat', `source ${ipToString(p.src)}${ports} -> ${ipToString(q.src)}${p.protocol === 1 ? '' : `:${port}`} (R61)`);
  return subnetRouter(walk, nat.subnet, q);
}
