import type { EniNode, Network, RouteNode, RouteTableNode, SubnetNode, VpcNode } from '../network/network';
import type { DropCode } from './drop-codes';
import type { Drop, Ending, Endpoint, Hop, HopAction, Origin, Packet } from './types';
import type { CaptureRecord, ConnectionState, World } from './world';
import type { Ip } from '../net/ipv4';
import { routeChoices } from './route-lookup';

/** Enough hops for any real path; a loop ends on TTL well before this (ENGINE_TTL_EXCEEDED). */
const MAX_HOPS = 512;

/**
 * The VPC's own fabric: where guests, gateways and NAT gateways hand a packet back. The data
 * plane is mutually recursive (a packet leaves a guest, crosses the VPC router, enters another
 * guest), so the walk carries these entry points and the modules below the router never import
 * it back (flow.ts assembles them).
 */
export interface Fabric {
  subnetRouter(walk: Walk, subnet: SubnetNode, p: Packet): Ending;
  dispatchRoute(walk: Walk, table: RouteTableNode, route: RouteNode, p: Packet, origin: Origin): Ending;
  vpcLocal(walk: Walk, vpc: VpcNode, p: Packet, origin: Origin): Ending;
  eniEgress(walk: Walk, eni: EniNode, p: Packet, srcMac?: string): Ending | undefined;
  eniIngress(walk: Walk, eni: EniNode, p: Packet, sameSubnet?: boolean): Ending;
}

/**
 * One packet's walk through the network: the hops it crossed, the hosts whose tcpdump saw
 * it, and how it ended. `direction` tells stateful devices whether this is a first packet
 * (`request`) or must belong to a connection they already saw (`reply`).
 */
export class Walk {
  readonly hops: Hop[] = [];
  /** transit gateways crossed so far, and the Availability Zone the flow entered the first in (R101) */
  tgwHops = 0;
  tgwZone: string | undefined;
  /** the VPC a transit gateway last handed the packet into, through its attachment (R63, R94) */
  tgwEntered: VpcNode | undefined;
  /** false once a transit gateway forwarded it without security group referencing (R103) */
  tgwReferencing: boolean | undefined;
  readonly captured: string[] = [];
  /** set once a guest forwarded the packet: group references stop matching (R73) */
  throughMiddlebox = false;
  /** a packet in the middle of a connection (a named flow sent again), never a first packet */
  midFlow = false;
  /** the instances that sent or forwarded this packet (R50: did a reply cross the appliance?) */
  readonly sentBy = new Set<string>();
  /** set once the packet crossed a NAT gateway: security groups track its flow whatever their rules (R72) */
  alwaysTracked = false;
  /** the connection-tracking entries this walk made untracked (R71), until a NAT gateway tracks them (R72) */
  readonly untrackedKeys: string[] = [];

  /**
   * The packet crosses a service whose flows AWS always tracks (R72: a NAT gateway): the
   * security groups it passed before track its flow too, and those after it will.
   */
  crossTrackingService(): void {
    this.alwaysTracked = true;
    for (const key of this.untrackedKeys) this.conn.tracked.set(key, false);
    this.untrackedKeys.length = 0;
  }

  constructor(
    readonly fabric: Fabric,
    readonly network: Network,
    readonly world: World,
    readonly conn: ConnectionState,
    readonly direction: 'request' | 'reply',
    /** the address a reply to an injected packet must come back to */
    readonly injection?: { id: string; ip: number },
  ) {}

  hop(resource: string, action: HopAction, detail: string, components?: string[], router?: Ip): void {
    this.hops.push({
      resource,
      action,
      detail,
      ...(components ? { components } : {}),
      ...(router !== undefined ? { router } : {}),
    });
  }

  /** A route table's decision, with every route that matched the destination (the chosen one first). */
  routeHop(resource: string, detail: string, table: RouteTableNode, dst: Ip, components?: string[]): void {
    this.hop(resource, 'route', detail, components);
    this.hops[this.hops.length - 1]!.routes = routeChoices(table, dst);
  }

  capture(host: string): void {
    if (!this.captured.includes(host)) this.captured.push(host);
  }

  /** the source MAC of the last frame on the wire, as the receiver's tcpdump -e shows it */
  lastMac = '';
  /** what tcpdump on the receiver calls this packet; set by the flow for RSTs */
  role: CaptureRecord['role'] | undefined;
  /** how tcpdump decodes this packet's payload (a VRRP advert) */
  note: string | undefined;

  /** Records a frame in a guest's capture buffer (`tcpdump`). */
  captureFrame(host: string, dev: string, direction: 'in' | 'out', srcMac: string, dstMac: string, p: Packet): void {
    if (direction === 'out') this.lastMac = srcMac;
    const record: CaptureRecord = {
      time: this.world.time,
      dev,
      direction,
      srcMac,
      dstMac,
      src: p.src,
      dst: p.dst,
      protocol: p.protocol,
      srcPort: p.srcPort,
      dstPort: p.dstPort,
      role: this.role ?? this.direction,
    };
    if (this.note) record.note = this.note;
    this.world.capture(host, record);
  }

  /** Records an unanswered ARP request (who-has) in the sender's capture. */
  captureArp(host: string, dev: string, srcMac: string, target: number, sender: number): void {
    this.world.capture(host, {
      time: this.world.time,
      dev,
      direction: 'out',
      srcMac,
      dstMac: 'ff:ff:ff:ff:ff:ff',
      src: sender,
      dst: target,
      protocol: -1,
      srcPort: 0,
      dstPort: 0,
      role: 'request',
    });
  }

  /** Ends the walk with a drop at `within[0]`, the most specific component. */
  drop(code: DropCode, within: string[], detail: string, packet: Packet): Ending {
    const drop: Drop = { code, at: within[0]!, within, detail };
    // The drop is the last hop; it counts as crossing what contains the dropping component
    // (an instance for its ENI's group), but not the VPC, unless the VPC itself dropped it.
    const containers = within.slice(1).filter((id) => !this.network.vpcs.has(id));
    this.hop(drop.at, 'drop', `${code}: ${detail}`, containers.length > 0 ? containers : undefined);
    return { kind: 'dropped', drop, packet };
  }

  delivered(to: Endpoint, packet: Packet): Ending {
    return { kind: 'delivered', to, packet };
  }

  exits(to: Endpoint, packet: Packet): Ending {
    return { kind: 'exits', to, packet };
  }

  /** True when the walk is looping: the caller drops with ENGINE_TTL_EXCEEDED. */
  exhausted(packet: Packet): boolean {
    return packet.ttl <= 0 || this.hops.length >= MAX_HOPS;
  }
}
