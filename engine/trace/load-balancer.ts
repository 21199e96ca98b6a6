import { ipToString } from '../net/ipv4';
import type { EniNode, LoadBalancerNode, TargetGroupNode } from '../network/network';
import { checkNetworkAcl, checkSecurityGroups } from './filters';
import { flowHash, flowKey } from './flow-key';
import { enterSubnet } from './subnet-edge';
import { TCP, UDP, type Ending, type Packet } from './types';
import type { Walk } from './walk';
import type { LbReturn } from './world';

/** The listener protocols that take a packet of this IP protocol (TLS is TCP on the wire). */
function listens(protocol: string, ipProtocol: number): boolean {
  if (ipProtocol === TCP) return protocol === 'tcp' || protocol === 'tls' || protocol === 'tcp_udp';
  if (ipProtocol === UDP) return protocol === 'udp' || protocol === 'tcp_udp';
  return false;
}

/**
 * A packet reaches a Network Load Balancer node's interface. An answer from a target whose
 * client address was not preserved is addressed to the node: the node turns it back into the
 * listener's answer. A new flow must match a listener (its protocol and port); the balancer
 * picks a target of the listener's group by a hash of the flow, among the healthy targets in
 * its own zone, or in every zone with cross-zone load balancing on (all of them, healthy or
 * not, when none is healthy: it fails open), and rewrites the destination to the target's
 * address and port. The source stays the client's when the group preserves client IPs, else
 * becomes the node's address. The node's subnet routes what it sends.
 */
export function loadBalancerReceive(walk: Walk, node: EniNode, p: Packet): Ending {
  const lb = node.loadBalancer!;
  // Flows through a load balancer are always tracked by the security groups they cross (R72).
  walk.crossTrackingService();
  const back = walk.conn.lbReverse.get(flowKey('lb', p));
  if (back && back.node === node.id) return answerThroughNode(walk, lb, node, back, p);
  if (p.dst !== node.primaryIp) {
    walk.hop(node.id, 'ingress', `${ipToString(p.dst)} is not the node's address`);
    return walk.drop(
      'ENI_SOURCE_DEST_CHECK_RESTRICTION',
      [node.id, lb.id],
      `${node.id} is ${lb.id}'s node: it takes only traffic for its own address ${ipToString(node.primaryIp)}`,
      p,
    );
  }
  if (lb.filters) {
    const sg = checkSecurityGroups(walk.conn, node, 'inbound', p, walk);
    walk.hop(node.id, 'ingress', sg.detail, sg.components);
    if (!sg.ok) return walk.drop(sg.code, [sg.at, node.id, lb.id], sg.detail, p);
  } else
    walk.hop(
      node.id,
      'ingress',
      `${lb.id}'s node in ${node.subnet.az}: a balancer made without security groups filters nothing`,
    );
  const listener = lb.listeners.find((l) => l.port === p.dstPort && listens(l.protocol, p.protocol));
  if (!listener) {
    const what =
      p.protocol === TCP ? `TCP/${p.dstPort}` : p.protocol === UDP ? `UDP/${p.dstPort}` : `protocol ${p.protocol}`;
    const has = lb.listeners.map((l) => `${l.protocol.toUpperCase()}/${l.port}`).join(', ') || 'none';
    walk.hop(lb.id, 'receive', `no listener for ${what} (listeners: ${has})`);
    return walk.drop('ELB_LISTENERS_MISMATCH', [node.id, lb.id], `${lb.id} has no listener for ${what}`, p);
  }
  const key = flowKey(lb.id, p);
  let leg = walk.conn.lbForward.get(key);
  if (!leg) {
    const picked = pickTarget(walk, lb, node, listener.group, p);
    if ('drop' in picked) return picked.drop;
    const t = picked.target;
    const preserve = listener.group.preserveClientIp;
    leg = {
      src: preserve ? p.src : node.primaryIp,
      srcPort: preserve ? p.srcPort : walk.conn.allocatePort(node.id),
      dst: t.ip,
      dstPort: t.port,
    };
    walk.conn.lbForward.set(key, leg);
    const answer = { protocol: p.protocol, src: leg.dst, srcPort: leg.dstPort, dst: leg.src, dstPort: leg.srcPort };
    walk.conn.lbReverse.set(flowKey('lb', answer), {
      lb: lb.id,
      node: node.id,
      listenerIp: p.dst,
      listenerPort: p.dstPort,
      client: p.src,
      clientPort: p.srcPort,
    });
    const zone = t.zone === node.subnet.az ? `in ${t.zone}` : `in ${t.zone}, across zones (cross-zone load balancing)`;
    walk.hop(
      lb.id,
      'forward',
      `listener ${listener.protocol.toUpperCase()}/${listener.port} -> ${listener.group.id}: target ${t.id} ` +
        `${ipToString(t.ip)}:${t.port} ${zone}${picked.failOpen ? ' (no healthy target: the balancer fails open)' : ''}; ` +
        (preserve ? 'the client address is preserved' : `the source becomes the node's ${ipToString(node.primaryIp)}`),
    );
  } else walk.hop(lb.id, 'forward', `an open flow: on to ${ipToString(leg.dst)}:${leg.dstPort}`);
  const q: Packet = { ...p, ...leg };
  if (lb.filters) {
    const sg = checkSecurityGroups(walk.conn, node, 'outbound', q, walk);
    walk.hop(node.id, 'egress', sg.detail, sg.components);
    if (!sg.ok) return walk.drop(sg.code, [sg.at, node.id, lb.id], sg.detail, q);
  }
  return walk.fabric.subnetRouter(walk, node.subnet, q);
}

type Target = TargetGroupNode['targets'][number];

function pickTarget(
  walk: Walk,
  lb: LoadBalancerNode,
  node: EniNode,
  group: TargetGroupNode,
  p: Packet,
): { target: Target; failOpen: boolean } | { drop: Ending } {
  const zone = node.subnet.az;
  if (group.targets.length === 0) {
    walk.hop(lb.id, 'forward', `${group.id} has no registered targets`);
    return {
      drop: walk.drop('ENGINE_LB_NO_TARGETS', [node.id, lb.id], `${group.id} has no registered targets`, p),
    };
  }
  const pool = lb.crossZone ? group.targets : group.targets.filter((t) => t.zone === zone);
  if (pool.length === 0) {
    walk.hop(lb.id, 'forward', `no target of ${group.id} in ${zone}, and cross-zone load balancing is off`);
    return {
      drop: walk.drop(
        'ELB_NOT_CROSSZONE',
        [node.id, lb.id],
        `the node in ${zone} sends only to targets in ${zone} while cross-zone load balancing is off`,
        p,
      ),
    };
  }
  const healthy = pool.filter((t) => t.healthy && !down(walk, t));
  const choice = healthy.length > 0 ? healthy : pool;
  return { target: choice[flowHash(p) % choice.length]!, failOpen: healthy.length === 0 };
}

/** A target whose instance is stopped or hung fails its health checks. */
function down(walk: Walk, t: Target): boolean {
  const host = t.instance === undefined ? undefined : walk.network.instances.get(t.instance);
  return host !== undefined && (host.state !== 'running' || walk.world.failed.has(host.id));
}

/**
 * A packet leaves an ENI: when it is a target's answer to a flow a load balancer forwarded
 * with the client's address preserved, AWS hands it back to the balancer node the request
 * came through (the answer must come from the listener's address), not to the client. The
 * target's subnet's network ACL and the node's subnet's act on the way. Undefined otherwise.
 */
export function answerToBalancer(walk: Walk, eni: EniNode, p: Packet): Ending | undefined {
  if (walk.conn.lbReverse.size === 0) return undefined;
  const back = walk.conn.lbReverse.get(flowKey('lb', p));
  if (!back || p.dst !== back.client) return undefined;
  const node = walk.network.enis.get(back.node);
  const lb = walk.network.loadBalancers.get(back.lb);
  if (!node || !lb || node.primaryIp === p.dst) return undefined;
  if (node.subnet !== eni.subnet) {
    const acl = checkNetworkAcl(eni.subnet.networkAcl, 'outbound', p);
    walk.hop(eni.subnet.id, 'leave', acl.detail, [eni.subnet.networkAcl.id]);
    if (!acl.ok) return walk.drop(acl.code, [acl.at, eni.subnet.id, eni.vpc.id], acl.detail, p);
  }
  walk.hop(eni.vpc.id, 'forward', `an answer to a flow ${lb.id} forwarded: back to its node ${node.id}`);
  return enterSubnet(walk, node.subnet, p, { subnet: eni.subnet }) ?? answerThroughNode(walk, lb, node, back, p);
}

/** The node turns a target's answer into the listener's: from its address and port, to the client. */
function answerThroughNode(walk: Walk, lb: LoadBalancerNode, node: EniNode, back: LbReturn, p: Packet): Ending {
  const q: Packet = {
    ...p,
    src: back.listenerIp,
    srcPort: back.listenerPort,
    dst: back.client,
    dstPort: back.clientPort,
  };
  walk.hop(
    lb.id,
    'reverse-nat',
    `answer from ${ipToString(p.src)}:${p.srcPort} -> from the listener ${ipToString(q.src)}:${q.srcPort} to ${ipToString(q.dst)}:${q.dstPort}`,
  );
  return walk.fabric.subnetRouter(walk, node.subnet, q);
}
