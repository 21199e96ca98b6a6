import type { RouteLookup } from './route-lookup';
import type { SubnetNode } from '../network/network';
import type { Ip } from '../net/ipv4';
import type { DropCode } from './drop-codes';

/**
 * A packet as the data plane moves it. For ICMP, both ports carry the echo identifier and
 * `icmpType` the message type (absent: an echo request, what ping sends).
 */
export interface Packet {
  src: Ip;
  dst: Ip;
  protocol: number;
  srcPort: number;
  dstPort: number;
  ttl: number;
  icmpType?: number;
}

/**
 * What a resource did with a packet at one hop: the closed vocabulary the trace viewer, the
 * shell (ping, traceroute) and the lab report branch on.
 */
export type HopAction =
  | 'send'
  | 'forward'
  | 'receive'
  | 'ingress'
  | 'egress'
  | 'enter'
  | 'leave'
  | 'route'
  | 'lookup'
  | 'nat'
  | 'reverse-nat'
  | 'masquerade'
  | 'firewall'
  | 'reply'
  | 'drop'
  | 'exit';

/** One step of a trace: which resource acted, and what it did. */
export interface Hop {
  resource: string;
  action: HopAction;
  detail: string;
  /** route tables, network ACLs and security groups that acted at this hop */
  components?: string[];
  /**
   * A guest that forwarded the packet, and so took one from its TTL: the address it would
   * answer a traceroute probe from (the interface the packet came in on).
   */
  router?: Ip;
  /** at a route table: every route that matched, the chosen one first (longest prefix, then type) */
  routes?: RouteLookup;
}

/** Where and why a packet died: `at` is the most specific component, `within` what contains it. */
export interface Drop {
  code: DropCode;
  at: string;
  within: string[];
  detail: string;
}

/** Who a packet ended at. */
export type Endpoint =
  | { kind: 'instance'; id: string; eni: string }
  | { kind: 'external'; id: string }
  | { kind: 'internet'; gateway: string }
  | { kind: 'service'; id: 'amazon-dns' | 'instance-metadata'; vpc: string; eni: string }
  /** an AWS service behind a VPC endpoint: a gateway endpoint, or an interface endpoint's ENI */
  | { kind: 'aws-service'; id: string; vpc: string; eni?: string }
  | { kind: 'injection'; id: string };

/** How a packet's walk ended, with the packet as it was when it got there. */
export type Ending =
  | { kind: 'delivered'; to: Endpoint; packet: Packet }
  | { kind: 'exits'; to: Endpoint; packet: Packet }
  /** `reset`: the dropping device answers the client with a TCP RST from this subnet (R64) */
  | { kind: 'dropped'; drop: Drop; packet: Packet; reset?: { subnet: string } };

export { ICMP, TCP, UDP } from '../net/protocols';

/** Where a packet came from when the VPC router takes it: a subnet, or a gateway. */
export interface Origin {
  subnet?: SubnetNode;
  gateway?: string;
}
