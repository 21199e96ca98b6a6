import { flowKey, replyKey } from './flow-key';
import { cidrContains, ipToString } from '../net/ipv4';
import type { NatGatewayNode } from '../network/network';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

const NAT_PROTOCOLS = new Set([1, 6, 17]);
/** A NAT gateway forgets a connection idle for 350 seconds (R64). */
export const NAT_IDLE_TIMEOUT = 350;

/**
 * A packet reaches a NAT gateway's interface. Addressed to the gateway itself, it must
 * answer a translation the gateway made, or it is dropped: nothing unsolicited gets in
 * (R62). Passing through, it must come from the gateway's own VPC (R63) and be TCP, UDP or
 * ICMP (R61); its source becomes the gateway's private IP and a port from 1024–65535.
 * Either way the gateway's own subnet routes what comes out (R60).
 */
export function natGatewayReceive(walk: Walk, nat: NatGatewayNode, p: Packet): Ending {
  // Flows through a NAT gateway are always tracked by the security groups they cross (R72).
  walk.crossTrackingService();
  if (p.dst === nat.privateIp) {
    const back = walk.conn.natReverse.get(flowKey(nat.id, p));
    if (!back) {
      walk.hop(nat.id, 'receive', `no translation for ${ipToString(p.src)} -> ${ipToString(p.dst)}`);
      return walk.drop(
        'ENGINE_NATGW_NO_MAPPING',
        [nat.id],
        `${nat.id} has no translation for this packet and never accepts new inbound connections (R62)`,
        p,
      );
    }
    const q = { ...p, dst: back.ip, dstPort: back.port };
    walk.conn.natLastSeen.set(replyKey(nat.id, q), walk.world.time);
    walk.hop(
      nat.id,
      'reverse-nat',
      `destination ${ipToString(p.dst)}:${p.dstPort} -> ${ipToString(q.dst)}:${q.dstPort}`,
    );
    return walk.fabric.subnetRouter(walk, nat.subnet, q);
  }
  if (!NAT_PROTOCOLS.has(p.protocol)) {
    walk.hop(nat.id, 'nat', `protocol ${p.protocol} cannot be translated`);
    return walk.drop(
      'ENGINE_NATGW_UNSUPPORTED_PROTOCOL',
      [nat.id],
      `${nat.id} translates only TCP, UDP and ICMP (R61)`,
      p,
    );
  }
  // its own VPC's sources, and what a transit gateway attachment of its VPC delivered (the
  // centralised-egress design); never what came over a peering or a VPN (R63)
  if (!nat.subnet.vpc.cidrs.some((c) => cidrContains(c, p.src)) && walk.tgwEntered !== nat.subnet.vpc) {
    walk.hop(nat.id, 'nat', `source ${ipToString(p.src)} is outside ${nat.subnet.vpc.id}`);
    return walk.drop(
      'NGW_REQUIRES_SOURCE_IN_VPC',
      [nat.id],
      `${nat.id} only translates traffic from its own VPC (R63)`,
      p,
    );
  }
  const key = flowKey(nat.id, p);
  const seen = walk.conn.natLastSeen.get(key);
  if (seen !== undefined && walk.world.time - seen > NAT_IDLE_TIMEOUT && p.protocol === 6) {
    forget(walk, nat.id, key, p);
    walk.hop(nat.id, 'nat', `connection idle for ${walk.world.time - seen} s: translation expired`);
    const ending = walk.drop(
      'ENGINE_NATGW_IDLE_TIMEOUT',
      [nat.id],
      `${nat.id} dropped this connection after ${NAT_IDLE_TIMEOUT} s idle and answers with a TCP RST (R64)`,
      p,
    );
    return ending.kind === 'dropped' ? { ...ending, reset: { subnet: nat.subnet.id } } : ending;
  }
  walk.conn.natLastSeen.set(key, walk.world.time);
  let port = walk.conn.natForward.get(key);
  if (port === undefined) {
    port = walk.conn.allocatePort(nat.id);
    walk.conn.natForward.set(key, port);
    walk.conn.natReverse.set(replyKey(nat.id, { ...p, src: nat.privateIp, srcPort: port }), {
      ip: p.src,
      port: p.srcPort,
    });
  }
  const q = { ...p, src: nat.privateIp, srcPort: port };
  const ports = p.protocol === 1 ? '' : `:${p.srcPort}`;
  walk.hop(
    nat.id,
    'nat',
    `source ${ipToString(p.src)}${ports} -> ${ipToString(q.src)}${p.protocol === 1 ? '' : `:${port}`} (R61)`,
  );
  return walk.fabric.subnetRouter(walk, nat.subnet, q);
}

function forget(walk: Walk, nat: string, key: string, p: Packet): void {
  const port = walk.conn.natForward.get(key);
  walk.conn.natForward.delete(key);
  walk.conn.natLastSeen.delete(key);
  if (port !== undefined)
    walk.conn.natReverse.delete(
      replyKey(nat, { ...p, src: walk.network.natGateways.get(nat)!.privateIp, srcPort: port }),
    );
}
