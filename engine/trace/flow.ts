import { ipToString, type Ip } from '../net/ipv4';
import type { Network } from '../network/network';
import { guestListens, guestStack } from '../guest/guest-stack';
import { ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST } from '../net/protocols';
import type { FlowResultKind } from '../model/expect';
import { guestReceive, guestSend } from './guest-path';
import { igwIngress, internet, vgwIngress } from './gateways';
import { tgwRoute } from './transit-path';
import { connectionFrom, crossTunnel } from './vpn-tunnel';
import { natGatewayReceive } from './nat-gateway';
import { ICMP, TCP, UDP, type Ending, type Hop, type Packet } from './types';
import { dispatchRoute, FABRIC, fromRemotePeer, subnetRouter } from './vpc-path';
import { Walk } from './walk';
import { ConnectionState, type World } from './world';
import { lookupRoute } from './route-lookup';
import { senderId, type Sender } from './senders';
import { flowKey, replyKey, turnedAround } from './flow-key';

export { bindSender, senderId, senderRef, type Sender, type SenderRef } from './senders';

/** One packet's trace: its hops, the hosts whose tcpdump saw it, and how it ended. */
export interface PacketTrace {
  hops: Hop[];
  captured: string[];
  ending: Ending;
  /** the packet as it was sent */
  sent: Packet;
}

/** A request and, when the receiver answers, the reply (an echo reply, a SYN-ACK or a RST). */
export interface FlowTrace {
  request: PacketTrace;
  reply?: PacketTrace;
  replyKind: 'none' | 'answer' | 'reset';
  result: FlowResultKind;
}

export const DEFAULT_TTL = 64;

/** Sends one packet from `sender` and follows it until it is delivered, exits or dies. */
export interface SendOptions {
  /** how the request this packet answers ended (where a reply starts) */
  origin?: Ending;
  /** a packet inside an established connection */
  midFlow?: boolean;
  /** tcpdump's decoding of the payload */
  note?: string;
  role?: 'request' | 'reply' | 'reset';
}

export function sendPacket(
  network: Network,
  world: World,
  conn: ConnectionState,
  sender: Sender,
  packet: Packet,
  direction: 'request' | 'reply',
  opts: SendOptions = {},
): PacketTrace {
  const injection = injectionOf(sender, packet);
  const walk = new Walk(FABRIC, network, world, conn, direction, injection);
  walk.midFlow = opts.midFlow ?? false;
  walk.note = opts.note;
  walk.role = opts.role;
  const origin = opts.origin;
  const ending = start(walk, sender, packet, origin);
  return { hops: walk.hops, captured: walk.captured, ending, sent: packet };
}

function injectionOf(sender: Sender, p: Packet): { id: string; ip: Ip } | undefined {
  switch (sender.kind) {
    case 'instance':
    case 'external':
    case 'endpoint':
      return undefined;
    case 'internet':
      return { id: 'internet', ip: p.src };
    default:
      return { id: senderId(sender), ip: p.src };
  }
}

function start(walk: Walk, sender: Sender, p: Packet, origin: Ending | undefined): Ending {
  switch (sender.kind) {
    case 'instance': {
      const inst = sender.instance;
      if (inst.state !== 'running' || walk.world.failed.has(inst.id)) {
        walk.hop(inst.id, 'send', `${inst.id} is ${walk.world.failed.has(inst.id) ? 'crashed' : inst.state}`);
        return walk.drop(
          'ENGINE_TARGET_NOT_RUNNING',
          [inst.id],
          `${inst.id} is not running, so it sends nothing (A7)`,
          p,
        );
      }
      // A reply from an AWS service is handed straight back to the guest (R10).
      if (origin?.kind === 'delivered' && origin.to.kind === 'service' && sender.eni) {
        walk.hop(origin.to.id, 'reply', `answer from ${ipToString(p.src)}`);
        return guestReceive(walk, inst, sender.eni, p);
      }
      return guestSend(walk, inst, p, {
        forwarded: false,
        ...(sender.eni && origin === undefined ? { preferEni: sender.eni } : {}),
      });
    }
    case 'external': {
      walk.hop(sender.host.id, 'send', `${ipToString(p.src)} -> ${ipToString(p.dst)}`);
      if (sender.host.via === undefined) return internet(walk, p, sender.host.id);
      // behind a customer gateway: over whichever of its connections has a tunnel up
      const via = connectionFrom(walk, sender.host.via);
      if (via !== sender.host.via) walk.hop(sender.host.via, 'forward', `${sender.host.via} sends it over ${via}`);
      // A host behind a VPN reaches the VPC through that connection's gateway.
      const vpn = walk.network.topology.vpnConnections.find((c) => c.id === via);
      const vgw = vpn && walk.network.vpnGateways.get(vpn.gateway);
      if (!vgw) {
        // a VPN that ends on a transit gateway: its attachment's route table routes what comes in (R95, R96)
        const attachment = [...walk.network.tgwAttachments.values()].find((a) => a.kind === 'vpn' && a.vpn === via);
        if (!attachment)
          return walk.drop('ENGINE_NOT_MODELLED', [via], `${via} ends on a gateway with no attachment for it`, p);
        const down = crossTunnel(walk, via, p, '', 'in');
        if (down) return down;
        walk.hop(attachment.id, 'forward', `into ${attachment.tgw.id}`);
        return tgwRoute(walk, attachment.tgw, attachment, p);
      }
      return crossTunnel(walk, via, p, '', 'in') ?? vgwIngress(walk, vgw, p);
    }
    case 'internet': {
      walk.hop('internet', 'send', `${ipToString(p.src)} -> ${ipToString(p.dst)}`);
      if (origin?.kind === 'exits' && origin.to.kind === 'internet') {
        const gw = origin.to.gateway;
        const igw = walk.network.internetGateways.get(gw);
        if (igw?.vpc) return igwIngress(walk, igw, p);
        const vgw = walk.network.vpnGateways.get(gw);
        if (vgw) return vgwIngress(walk, vgw, p);
        const pcx = walk.network.peerings.get(gw);
        if (pcx) return fromRemotePeer(walk, pcx, p);
      }
      return internet(walk, p, 'internet');
    }
    case 'subnet':
      return subnetRouter(walk, sender.subnet, p);
    case 'vpc': {
      const table = sender.vpc.mainRouteTable;
      const route = lookupRoute(table, p.dst);
      if (!route)
        return walk.drop(
          'NO_ROUTE_TO_DESTINATION',
          [table.id, sender.vpc.id],
          `${table.id} has no route for ${ipToString(p.dst)}`,
          p,
        );
      return dispatchRoute(walk, table, route, p, {});
    }
    case 'igw':
      if (!sender.igw.vpc) return walk.drop('BAD_STATE_ROUTE', [sender.igw.id], `${sender.igw.id} is detached`, p);
      return igwIngress(walk, sender.igw, p);
    case 'vgw':
      return vgwIngress(walk, sender.vgw, p);
    case 'nat':
      return natGatewayReceive(walk, sender.nat, p);
    case 'endpoint': {
      // the service answers from the endpoint: through its interface's security groups and
      // subnet, or, behind a gateway endpoint, straight into the VPC
      walk.hop(sender.endpoint.id, 'reply', `${sender.endpoint.service} answers from ${ipToString(p.src)}`);
      if (!sender.eni) {
        const vpc = sender.endpoint.vpc;
        walk.hop(vpc.id, 'forward', `local: deliver ${ipToString(p.dst)} inside ${vpc.id}`);
        return walk.fabric.vpcLocal(walk, vpc, p, { gateway: sender.endpoint.id });
      }
      const stopped = walk.fabric.eniEgress(walk, sender.eni, p);
      return stopped ?? walk.fabric.subnetRouter(walk, sender.eni.subnet, p);
    }
  }
}

/**
 * Sends a request and, if its receiver answers, the reply (R66: connection state made by
 * the request is what lets the reply back). `conn` is the connection's own state.
 */
export function traceFlow(
  network: Network,
  world: World,
  sender: Sender,
  packet: Packet,
  conn = new ConnectionState(),
  direction: 'request' | 'reply' = 'request',
  /** set when both ends already hold the connection open (a named flow sent on again): the
   * source the receiver knows it by; a packet from anywhere else finds no connection */
  established?: { src: Ip; srcPort: number },
): FlowTrace {
  const request = sendPacket(network, world, conn, sender, packet, direction, { midFlow: established !== undefined });
  const ending = request.ending;
  if (ending.kind === 'dropped') {
    if (!ending.reset) return { request, replyKind: 'none', result: 'dropped' };
    // A device on the path refuses the connection: its RST goes back to the client (R64).
    const rst: Packet = { ...turnedAround(ending.packet), ttl: DEFAULT_TTL };
    const from: Sender = { kind: 'subnet', subnet: network.subnets.get(ending.reset.subnet)! };
    const reply = sendPacket(network, world, conn, from, rst, direction === 'request' ? 'reply' : 'request', {
      role: 'reset',
    });
    return {
      request,
      reply,
      replyKind: 'reset',
      result: returnedTo(reply.ending, sender, packet) ? 'reset' : 'dropped',
    };
  }
  const answer = answerOf(network, world, ending, established);
  const base: FlowResultKind = ending.kind === 'exits' ? 'exits' : 'delivered';
  if (!answer) return { request, replyKind: 'none', result: base };
  const replyPacket = responderOf(network, ending)!.packet;
  const reply = sendPacket(
    network,
    world,
    conn,
    answer.from,
    replyPacket,
    direction === 'request' ? 'reply' : 'request',
    { origin: ending, role: answer.kind === 'reset' ? 'reset' : 'reply' },
  );
  const back = returnedTo(reply.ending, sender, packet);
  const result: FlowResultKind = !back ? 'request-only' : answer.kind === 'reset' ? 'reset' : 'roundtrip';
  return { request, reply, replyKind: answer.kind, result };
}

/** Who would answer a packet that ended this way, and what the answer looks like. */
export function responderOf(network: Network, ending: Ending): { from: Sender; packet: Packet } | undefined {
  if (ending.kind === 'dropped') return undefined;
  const got = ending.packet;
  const packet: Packet = {
    ...turnedAround(got),
    ttl: DEFAULT_TTL,
    // an echo request is answered by an echo reply (RFC 792); a reply sent on by the next request
    ...(got.protocol === ICMP
      ? { icmpType: (got.icmpType ?? ICMP_ECHO_REQUEST) === ICMP_ECHO_REQUEST ? ICMP_ECHO_REPLY : ICMP_ECHO_REQUEST }
      : {}),
  };
  const to = ending.to;
  switch (to.kind) {
    case 'instance':
      return {
        from: { kind: 'instance', instance: network.instances.get(to.id)!, eni: network.enis.get(to.eni)! },
        packet,
      };
    case 'external':
      return { from: { kind: 'external', host: network.externalHosts.get(to.id)! }, packet };
    case 'internet':
      return { from: { kind: 'internet' }, packet };
    case 'service': {
      const eni = network.enis.get(to.eni)!;
      return { from: { kind: 'instance', instance: eni.instance!, eni }, packet };
    }
    case 'aws-service': {
      const endpoint = network.vpcEndpoints.get(to.id)!;
      const eni = to.eni ? network.enis.get(to.eni) : undefined;
      return { from: eni ? { kind: 'endpoint', endpoint, eni } : { kind: 'endpoint', endpoint }, packet };
    }
    case 'injection':
      return undefined;
  }
}

/** Who answers a request, and how: every host answers ICMP echo; TCP and UDP need a listener. */
function answerOf(
  network: Network,
  world: World,
  ending: Ending,
  established: { src: Ip; srcPort: number } | undefined,
): { from: Sender; kind: 'answer' | 'reset' } | undefined {
  const responder = responderOf(network, ending);
  if (!responder || ending.kind === 'dropped') return undefined;
  const p = ending.packet;
  const to = ending.to;
  if (established && (to.kind === 'instance' || to.kind === 'external')) {
    if (to.kind === 'instance' && world.failed.has(to.id)) return undefined;
    // A segment from another address or port belongs to no connection the host has: RST (RFC 9293).
    if (p.src === established.src && p.srcPort === established.srcPort) return { from: responder.from, kind: 'answer' };
    return p.protocol === TCP ? { from: responder.from, kind: 'reset' } : undefined;
  }
  switch (to.kind) {
    case 'instance': {
      if (world.failed.has(to.id)) return undefined;
      const kind = answerKind(guestStack(network.instances.get(to.id)!).listen, p);
      return kind && { from: responder.from, kind };
    }
    case 'external': {
      const kind = answerKind(network.externalHosts.get(to.id)!.listen ?? [], p);
      return kind && { from: responder.from, kind };
    }
    case 'internet':
      // Somewhere on the internet answers whatever left the network (lab-format.md).
      return { from: responder.from, kind: 'answer' };
    case 'service': {
      // The Amazon resolver answers DNS (UDP and TCP 53); the metadata service HTTP on 80.
      const dns = to.id === 'amazon-dns';
      const serves = dns
        ? (p.protocol === UDP || p.protocol === TCP) && p.dstPort === 53
        : p.protocol === TCP && p.dstPort === 80;
      return serves ? { from: responder.from, kind: 'answer' } : undefined;
    }
    case 'aws-service': {
      // an AWS service answers TCP on the ports it serves, and nothing else (no ping)
      const endpoint = network.vpcEndpoints.get(to.id)!;
      const serves = p.protocol === TCP && guestListens(endpoint.listen, TCP, p.dstPort);
      return serves ? { from: responder.from, kind: 'answer' } : undefined;
    }
    case 'injection':
      return undefined;
  }
}

function answerKind(listen: Parameters<typeof guestListens>[0], p: Packet): 'answer' | 'reset' | undefined {
  if (p.protocol === ICMP) return 'answer';
  if (p.protocol === TCP) return guestListens(listen, TCP, p.dstPort) ? 'answer' : 'reset';
  if (p.protocol === UDP) return guestListens(listen, UDP, p.dstPort) ? 'answer' : undefined;
  return undefined;
}

/**
 * True when the reply reached whoever sent the request, as an answer to it: a client takes a
 * reply only from the address and port it sent to, on the port it sent from (its socket's
 * 5-tuple; a TCP client resets any other segment, RFC 9293 3.10.7.3).
 */
function returnedTo(ending: Ending, sender: Sender, request: Packet): boolean {
  if (ending.kind === 'dropped' || !answers(ending.packet, request)) return false;
  const to = ending.to;
  switch (sender.kind) {
    case 'instance':
      return to.kind === 'instance' && to.id === sender.instance.id;
    case 'external':
      return to.kind === 'external' && to.id === sender.host.id;
    case 'internet':
      return ending.kind === 'exits';
    case 'igw':
    case 'vgw':
      return ending.kind === 'exits' && to.kind === 'internet' && to.gateway === senderId(sender);
    default:
      return to.kind === 'injection' && to.id === senderId(sender);
  }
}

/** The reply's 5-tuple is the request's, turned around. */
function answers(reply: Packet, request: Packet): boolean {
  return flowKey('', reply) === replyKey('', request);
}
