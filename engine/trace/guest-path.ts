import { hasPorts } from '../net/protocols';
import { flowKey, replyKey } from './flow-key';
import {
  AMAZON_DNS_LINK_LOCAL,
  ANY_IPV4,
  cidrContains,
  IMDS_IP,
  ipToString,
  isMulticast,
  LIMITED_BROADCAST,
  type Ip,
} from '../net/ipv4';
import type { EniNode, InstanceNode, SubnetNode } from '../network/network';
import { guestLookup, guestStack, type GuestRoute, type GuestStack } from '../guest/guest-stack';
import { MAIN_TABLE } from '../model/guest-os';
import { rememberSession, sessionKnown } from './filters';
import { routerMac } from './router-mac';
import { multicastDomainOf, multicastSend } from './multicast';
import type { Ending, Packet } from './types';
import type { Walk } from './walk';

export interface SendOptions {
  /** true when the guest forwards a packet it received (ip_forward) */
  forwarded: boolean;
  /** send out of this ENI's device (a lab that starts `from: eni-x`) */
  preferEni?: EniNode;
  /** a forwarded packet: the address of the interface it came in on (traceroute's answer) */
  router?: Ip;
}

/**
 * The guest sends or forwards a packet (A3, A5): its own routing table picks a device and
 * a next hop; the next hop must be an L2 neighbour in that device's subnet, resolved by
 * AWS's mapping service (R23); anything else goes to the subnet router (R25).
 */
export function guestSend(walk: Walk, inst: InstanceNode, packet: Packet, opts: SendOptions): Ending {
  const stack = guestStack(inst);
  let p = packet;
  const route = pickRoute(stack, p, opts.preferEni);
  if (!route) {
    walk.hop(inst.id, opts.forwarded ? 'forward' : 'send', `no route to ${ipToString(p.dst)} in the guest's table`);
    return walk.drop(
      'ENGINE_GUEST_NO_ROUTE',
      [inst.id],
      `Network is unreachable: no guest route for ${ipToString(p.dst)}`,
      p,
    );
  }
  const dev = route.dev;
  const eni = dev.eni;
  walk.capture(inst.id);
  walk.sentBy.add(inst.id);
  // Guest source NAT (iptables MASQUERADE) rewrites forwarded packets leaving its device, once
  // per connection: netfilter consults the nat table for a connection's first packet only.
  if (opts.forwarded && stack.masquerade) {
    const masqueradeIp = stack.masquerade.eni.primaryIp;
    p = conntrackNat(walk, inst.id, masqueradeIp, stack.masquerade === dev && p.src !== masqueradeIp, p);
  }
  const subnet = eni.subnet;
  const hopIp = route.via ?? p.dst;
  const routeText = `${route.destination.text}${route.via !== undefined ? ` via ${ipToString(route.via)}` : ''} dev ${dev.name}${route.onlink ? ' onlink' : ''}`;
  const action = opts.forwarded ? 'forward' : 'send';
  // a forwarding guest's hops say where it answers traceroute from
  const hop = (detail: string) => walk.hop(inst.id, action, detail, undefined, opts.router);
  if (p.dst === LIMITED_BROADCAST || p.dst === subnet.cidr.last) {
    hop(`route ${routeText}`);
    walk.captureFrame(inst.id, dev.name, 'out', dev.mac, 'ff:ff:ff:ff:ff:ff', p);
    return walk.drop(
      'ENGINE_BROADCAST_UNSUPPORTED',
      [eni.id, inst.id],
      `${ipToString(p.dst)} is a broadcast address; the VPC delivers no broadcast (R121)`,
      p,
    );
  }
  if (isMulticast(p.dst)) {
    hop(`route ${routeText}`);
    const domain = multicastDomainOf(walk, eni);
    walk.captureFrame(
      inst.id,
      dev.name,
      'out',
      dev.mac,
      `01:00:5e:${[16, 8, 0].map((s) => ((p.dst >>> s) & (s === 16 ? 127 : 255)).toString(16).padStart(2, '0')).join(':')}`,
      p,
    );
    if (domain) return multicastSend(walk, domain, eni, p);
    return walk.drop(
      'ENGINE_MULTICAST_UNSUPPORTED',
      [eni.id, inst.id],
      `${ipToString(p.dst)} is multicast; the VPC forwards none (R122)`,
      p,
    );
  }
  // A5: only an address inside the device's subnet is an L2 neighbour; any other next hop,
  // onlink or not, means a frame to the subnet router, which routes on the destination IP.
  const neighbour = cidrContains(subnet.cidr, hopIp) ? hopIp : subnet.routerIp;
  const toRouter = neighbour === subnet.routerIp || neighbour === subnet.vpc.dnsIp;
  const serviceTarget = isServiceAddress(subnet, p.dst);
  if (toRouter || serviceTarget) {
    const why =
      neighbour === subnet.routerIp && hopIp !== neighbour
        ? ` (${ipToString(hopIp)} is not in ${subnet.cidr.text}, so the frame goes to the router, A5)`
        : '';
    hop(`route ${routeText}; next hop the subnet router ${ipToString(subnet.routerIp)}${why}`);
    const mac = routerMac(subnet);
    walk.world.neighbor(inst.id, neighbour, dev.name, mac);
    walk.captureFrame(inst.id, dev.name, 'out', dev.mac, mac, p);
    if (serviceTarget) return reachService(walk, inst, eni, p);
    const refused = walk.fabric.eniEgress(walk, eni, p, dev.mac);
    if (refused) return refused;
    return walk.fabric.subnetRouter(walk, subnet, p);
  }
  const owner = subnet.vpc.ipOwners.get(neighbour);
  if (!owner || owner.subnet !== subnet || owner === eni) {
    hop(`route ${routeText}; ARP for ${ipToString(neighbour)}: no answer`);
    walk.world.neighbor(inst.id, neighbour, dev.name);
    walk.captureArp(inst.id, dev.name, dev.mac, neighbour, dev.eni.primaryIp);
    return walk.drop(
      'ENGINE_NO_ARP_RESOLUTION',
      [inst.id],
      `nothing assigned through the API owns ${ipToString(neighbour)}, so ARP gets no answer (R23, A5)`,
      p,
    );
  }
  hop(`route ${routeText}; ${ipToString(neighbour)} is at ${owner.mac} (${owner.id}), delivered by MAC (R22)`);
  walk.world.neighbor(inst.id, neighbour, dev.name, owner.mac);
  walk.captureFrame(inst.id, dev.name, 'out', dev.mac, owner.mac, p);
  const refused = walk.fabric.eniEgress(walk, eni, p, dev.mac);
  if (refused) return refused;
  return walk.fabric.eniIngress(walk, owner, p, true);
}

/**
 * The guest's routing decision: its rules and tables (per-ENI policy routing among them, A3).
 * A lab that starts from a given ENI sends out of that ENI's device.
 */
function pickRoute(stack: GuestStack, p: Packet, preferEni: EniNode | undefined): GuestRoute | undefined {
  if (preferEni && preferEni !== stack.interfaces[0]?.eni) {
    const dev = stack.interfaces.find((d) => d.eni === preferEni)!;
    const own = stack.routes.find((r) => r.dev === dev && cidrContains(r.destination, p.dst));
    if (own) return own;
    return {
      destination: ANY_IPV4,
      via: preferEni.subnet.routerIp,
      dev,
      onlink: false,
      kind: 'static',
      table: MAIN_TABLE,
    };
  }
  return guestLookup(stack, p.dst, p.src);
}

function isServiceAddress(subnet: SubnetNode, dst: Ip): boolean {
  return dst === AMAZON_DNS_LINK_LOCAL || dst === IMDS_IP || dst === subnet.vpc.dnsIp;
}

/**
 * The Amazon resolver and the metadata service answer at the hypervisor: no security group
 * or network ACL can block them (R10, R80), and no route table can send them elsewhere (R9).
 */
function reachService(walk: Walk, inst: InstanceNode, eni: EniNode, p: Packet): Ending {
  const id = p.dst === IMDS_IP ? 'instance-metadata' : 'amazon-dns';
  walk.hop(
    eni.id,
    'egress',
    `${id === 'amazon-dns' ? 'Amazon DNS resolver' : 'instance metadata service'}: answered by AWS, not filtered by security groups or network ACLs (R10, R80)`,
  );
  return walk.delivered({ kind: 'service', id, vpc: eni.vpc.id, eni: eni.id }, p);
}

/** The guest's conntrack entries for connections it forwarded without translating them. */
const untranslated = (owner: string) => `${owner}|conntrack`;

/**
 * Netfilter's NAT for a packet a masquerading guest forwards: `ip` is the MASQUERADE device's
 * address, `leavesThere` whether this packet leaves through that device. A connection already
 * translated keeps its mapping; a reply to one (translated back in guestReceive), and any packet
 * of a connection the guest forwarded untranslated, is never translated: the nat table sees a
 * connection's first packet only (netfilter; iptables-extensions(8), MASQUERADE).
 */
function conntrackNat(walk: Walk, owner: string, ip: Ip, leavesThere: boolean, p: Packet): Packet {
  const key = flowKey(owner, p);
  let port = walk.conn.natForward.get(key);
  if (port === undefined) {
    const ct = untranslated(owner);
    const known = walk.conn.natForward.has(replyKey(owner, p)) || sessionKnown(walk.conn, ct, p);
    if (known || !leavesThere) {
      if (!known) rememberSession(walk.conn, ct, p);
      return p;
    }
    port = hasPorts(p.protocol) ? walk.conn.allocatePort(owner) : p.srcPort;
    walk.conn.natForward.set(key, port);
    walk.conn.natReverse.set(replyKey(owner, { ...p, src: ip, srcPort: port }), {
      ip: p.src,
      port: p.srcPort,
    });
  }
  walk.hop(
    owner,
    'masquerade',
    `iptables MASQUERADE: source ${ipToString(p.src)}:${p.srcPort} -> ${ipToString(ip)}:${port}`,
  );
  // The packet now comes from the appliance itself: a group that holds the appliance matches it (R58).
  walk.throughMiddlebox = false;
  return { ...p, src: ip, srcPort: port };
}

/**
 * A packet reached the guest's stack: it is delivered if the guest has the address,
 * un-NATed if it answers the guest's own masquerade, forwarded if ip_forward is on (A3).
 */
export function guestReceive(walk: Walk, inst: InstanceNode, eni: EniNode, packet: Packet, srcMac = ''): Ending {
  const stack = guestStack(inst);
  const dev = stack.interfaces.find((d) => d.eni === eni);
  // A guest that changed its MAC no longer receives frames sent to the AWS-assigned one (R21).
  if (dev && dev.mac !== eni.mac) {
    walk.hop(inst.id, 'receive', `${dev.name} now has MAC ${dev.mac}; frames for ${eni.mac} never reach the stack`);
    return walk.drop(
      'ENGINE_GUEST_MAC_MISMATCH',
      [inst.id],
      `the guest changed ${dev.name}'s MAC to ${dev.mac}, so frames for ${eni.mac} are not received (R21)`,
      packet,
    );
  }
  // assumption (the spec is silent; Linux): a device set down drops what arrives on it
  if (dev && !dev.up) {
    walk.hop(inst.id, 'receive', `${dev.name} is down (ip link set dev ${dev.name} down): the frame is not received`);
    return walk.drop(
      'ENGINE_GUEST_LINK_DOWN',
      [inst.id],
      `${inst.id} set ${dev.name} down, so nothing arriving on ${eni.id} reaches its stack`,
      packet,
    );
  }
  walk.capture(inst.id);
  if (dev) walk.captureFrame(inst.id, dev.name, 'in', srcMac, eni.mac, packet);
  let p = packet;
  // A reply to a masqueraded connection: conntrack gives it the inverse mapping only.
  const back = stack.masquerade ? walk.conn.natReverse.get(flowKey(inst.id, p)) : undefined;
  if (back) {
    walk.hop(
      inst.id,
      'masquerade',
      `iptables reverse NAT: destination ${ipToString(p.dst)}:${p.dstPort} -> ${ipToString(back.ip)}:${back.port}`,
    );
    p = { ...p, dst: back.ip, dstPort: back.port };
  }
  if (p === packet && stack.localIps.has(p.dst)) {
    walk.hop(inst.id, 'receive', `${ipToString(p.dst)} is configured in the guest; received from ${ipToString(p.src)}`);
    return walk.delivered({ kind: 'instance', id: inst.id, eni: eni.id }, p);
  }
  if (!stack.ipForward) {
    walk.hop(inst.id, 'receive', `${ipToString(p.dst)} is not configured in the guest and ip_forward is 0`);
    return walk.drop(
      'ENGINE_GUEST_NOT_FORWARDING',
      [inst.id],
      `${inst.id} does not own ${ipToString(p.dst)} and does not forward (net.ipv4.ip_forward=0)`,
      p,
    );
  }
  p = { ...p, ttl: p.ttl - 1 };
  if (walk.exhausted(p)) return walk.drop('ENGINE_TTL_EXCEEDED', [inst.id], 'TTL exceeded: the packet is looping', p);
  if (stack.statefulFirewall) {
    // Only a connection's first packet may open a session; later ones must match one.
    if (walk.direction === 'request' && !walk.midFlow) rememberSession(walk.conn, inst.id, p);
    else if (!sessionKnown(walk.conn, inst.id, p)) {
      walk.hop(inst.id, 'firewall', 'stateful firewall: no session for this reply');
      return walk.drop(
        'ENGINE_APPLIANCE_NO_STATE',
        [inst.id],
        `${inst.id}'s firewall never saw this connection's first packet`,
        p,
      );
    }
  }
  // A forwarded packet keeps its original source: group references stop matching it (R73),
  // unless the guest masquerades it as its own (guestSend).
  walk.throughMiddlebox = true;
  return guestSend(walk, inst, p, { forwarded: true, router: eni.primaryIp });
}
