import type { Cidr, Ip } from '../net/ipv4';
import type { Listener } from '../model/guest-os';
import type { Topology } from '../model/topology';
import type { GuestOs } from '../model/guest-os';
import type { LbProtocol } from '../model/load-balancer';

/**
 * The indexed network a trace runs on: every reference resolved to an object, every address
 * an integer. Built once from a validated topology (build-network.ts) and never mutated by
 * the data plane; runtime state (connections, NAT mappings, crashed hosts) lives in `World`.
 */
export interface Network {
  readonly topology: Topology;
  readonly region: string;
  readonly vpcs: Map<string, VpcNode>;
  readonly subnets: Map<string, SubnetNode>;
  readonly routeTables: Map<string, RouteTableNode>;
  readonly enis: Map<string, EniNode>;
  readonly instances: Map<string, InstanceNode>;
  readonly securityGroups: Map<string, SecurityGroupNode>;
  readonly networkAcls: Map<string, NetworkAclNode>;
  readonly internetGateways: Map<string, InternetGatewayNode>;
  readonly natGateways: Map<string, NatGatewayNode>;
  readonly vpnGateways: Map<string, VpnGatewayNode>;
  readonly peerings: Map<string, PeeringNode>;
  readonly transitGateways: Map<string, TransitGatewayNode>;
  /** every transit gateway attachment, and every transit gateway route table, by id */
  readonly tgwAttachments: Map<string, TgwAttachmentNode>;
  readonly tgwRouteTables: Map<string, TgwRouteTableNode>;
  readonly vpcEndpoints: Map<string, VpcEndpointNode>;
  readonly loadBalancers: Map<string, LoadBalancerNode>;
  /** transit gateway multicast domains, by the subnets associated with them (R104) */
  readonly multicastBySubnet: Map<string, MulticastDomainNode>;
  readonly externalHosts: Map<string, ExternalHostNode>;
  /** public IPv4 (auto-assigned or Elastic) → the private IP it is paired with (R53) */
  readonly publicIps: Map<Ip, PublicIpBinding>;
  readonly externalByIp: Map<Ip, ExternalHostNode>;
  /** Elastic IPs allocated in the lab but associated with nothing */
  readonly unassociatedEips: Set<Ip>;
  /** ids a route may still name that forward nothing: deleted resources (their routes are blackholes, R40) */
  readonly otherIds: Map<string, string>;
}

export interface VpcNode {
  readonly id: string;
  readonly cidrs: Cidr[];
  /** the Amazon resolver at the primary block's base + 2 (R10) */
  readonly dnsIp: Ip;
  readonly subnets: SubnetNode[];
  mainRouteTable: RouteTableNode;
  defaultAcl: NetworkAclNode;
  igw?: InternetGatewayNode;
  vgw?: VpnGatewayNode;
  /** every private IP assigned through the API in this VPC → the ENI holding it (R23) */
  readonly ipOwners: Map<Ip, EniNode>;
}

/** A VPC endpoint: a private way to an AWS service (a route target, or interfaces in subnets). */
export interface VpcEndpointNode {
  readonly id: string;
  readonly vpc: VpcNode;
  readonly type: 'gateway' | 'interface';
  readonly service: string;
  readonly enis: EniNode[];
  readonly listen: Listener[];
}

/** An internal Network Load Balancer: a node per subnet, listeners, target groups. */
export interface LoadBalancerNode {
  readonly id: string;
  readonly vpc: VpcNode;
  /** its nodes' network interfaces, one per subnet (and so per Availability Zone) */
  readonly nodes: EniNode[];
  readonly listeners: { protocol: LbProtocol; port: number; group: TargetGroupNode }[];
  readonly crossZone: boolean;
  /** false for an NLB made without security groups: its nodes filter nothing */
  readonly filters: boolean;
}

/** A target group's registered targets, resolved to an address, a port and a zone. */
export interface TargetGroupNode {
  readonly id: string;
  readonly protocol: LbProtocol;
  readonly preserveClientIp: boolean;
  readonly targets: { id: string; ip: Ip; port: number; zone: string; healthy: boolean; instance?: string }[];
}

/** A transit gateway multicast domain: its group addresses, their members and allowed sources (R104). */
export interface MulticastDomainNode {
  readonly id: string;
  readonly tgw: TransitGatewayNode;
  readonly subnets: Set<string>;
  readonly staticSources: boolean;
  readonly groups: Map<Ip, { members: EniNode[]; sources: Set<string> }>;
}

/** A transit gateway: a Regional router between its attachments (R93). */
export interface TransitGatewayNode {
  readonly id: string;
  /** its own attachments, and peering attachments another transit gateway made to it (R102) */
  readonly attachments: TgwAttachmentNode[];
  readonly routeTables: TgwRouteTableNode[];
  /** the route table each attachment is associated with here: the one its packets are routed by (R95) */
  readonly associations: Map<string, TgwRouteTableNode>;
  /** the gateway's SecurityGroupReferencingSupport option (R103) */
  readonly securityGroupReferencing: boolean;
}

export interface TgwAttachmentNode {
  readonly id: string;
  readonly tgw: TransitGatewayNode;
  readonly kind: 'vpc' | 'vpn' | 'peering';
  readonly vpc?: VpcNode;
  /** a VPC attachment's subnets, one per Availability Zone it enables (R94) */
  readonly subnets: SubnetNode[];
  /** a VPN attachment's connection */
  readonly vpn?: string;
  /** a peering attachment's other transit gateway (R102) */
  readonly peer?: TransitGatewayNode;
  /** a peering attachment not yet accepted (or rejected, deleted) carries nothing */
  readonly state: 'available' | 'pendingAcceptance' | 'rejected' | 'deleted';
  readonly applianceMode: boolean;
  readonly securityGroupReferencing: boolean;
}

export type TgwRouteOrigin = 'static' | 'vpc' | 'vpn';

export interface TgwRouteNode {
  readonly destination: Cidr;
  readonly target: TgwAttachmentNode | 'blackhole';
  readonly origin: TgwRouteOrigin;
}

export interface TgwRouteTableNode {
  readonly id: string;
  readonly tgw: TransitGatewayNode;
  /** sorted: longest prefix first, then static before VPC-propagated before VPN-propagated (R97) */
  readonly routes: TgwRouteNode[];
}

/** A VPC peering connection between two VPCs (R86); it forwards only while `active`. */
/** A VPC outside the lab at the far end of a peering: its blocks, nothing else known. */
export interface RemoteVpcNode {
  readonly id: string;
  readonly remote: true;
  readonly cidrs: Cidr[];
  readonly owner?: string;
}

export interface PeeringNode {
  readonly id: string;
  readonly requester: VpcNode | RemoteVpcNode;
  readonly accepter: VpcNode | RemoteVpcNode;
  readonly status: 'active' | 'pending-acceptance' | 'failed' | 'rejected' | 'deleted';
}

export interface SubnetNode {
  readonly id: string;
  readonly vpc: VpcNode;
  readonly az: string;
  readonly cidr: Cidr;
  /** base + 1: the VPC router's address in this subnet (R5) */
  readonly routerIp: Ip;
  routeTable: RouteTableNode;
  explicitRouteTable: boolean;
  networkAcl: NetworkAclNode;
}

/** `advertisement`: installed by a VPC Route Server from its FIB (R111) */
export type RouteOrigin = 'local' | 'static' | 'prefix-list' | 'propagated' | 'advertisement';

/** Which origin wins for one prefix (R32, R33): static first; a route server's ranks as propagated (A-RS6). */
const ORIGIN_RANK: Record<RouteOrigin, number> = {
  local: 0,
  static: 0,
  'prefix-list': 1,
  propagated: 2,
  advertisement: 2,
};

/** A route table's order (R31, R32): longest prefix first, then origin priority. */
export function byRoutePriority(a: RouteNode, b: RouteNode): number {
  return b.destination.prefix - a.destination.prefix || ORIGIN_RANK[a.origin] - ORIGIN_RANK[b.origin];
}

export type RouteTarget =
  | { kind: 'local' }
  | { kind: 'blackhole'; id: string; why: string }
  | { kind: 'igw'; igw: InternetGatewayNode }
  | { kind: 'nat'; nat: NatGatewayNode }
  /** `advertised`: a route server's route, naming the BGP next hop's address (R38, D3) */
  | { kind: 'eni'; eni: EniNode; viaInstance?: string; advertised?: { ip: string; by: string } }
  | { kind: 'vgw'; vgw: VpnGatewayNode }
  /** a gateway VPC endpoint: the AWS service behind it answers */
  | { kind: 'vpce'; endpoint: VpcEndpointNode }
  /** a transit gateway, entered through this VPC's attachment to it (R93, R94) */
  | { kind: 'tgw'; tgw: TransitGatewayNode; attachment: TgwAttachmentNode }
  /** a peering connection, seen from one side: `peer` is the VPC on the other (R88) */
  | { kind: 'pcx'; pcx: PeeringNode; peer: VpcNode | RemoteVpcNode }
  | { kind: 'unmodelled'; id: string; what: string };

export interface RouteNode {
  readonly destination: Cidr;
  /** how the destination was written: a CIDR or a prefix list id */
  readonly destinationText: string;
  readonly target: RouteTarget;
  readonly targetText: string;
  readonly origin: RouteOrigin;
}

export interface RouteTableNode {
  readonly id: string;
  readonly vpc: VpcNode;
  readonly isMain: boolean;
  /** gateways this table is edge-associated with (R45) */
  readonly gateways: string[];
  /** sorted: longest prefix first, then origin priority (R31, R32) */
  readonly routes: RouteNode[];
}

export interface EniNode {
  readonly id: string;
  readonly subnet: SubnetNode;
  readonly vpc: VpcNode;
  readonly primaryIp: Ip;
  /** primary then secondaries, all assigned through the API */
  readonly ips: Ip[];
  readonly ipSet: Set<Ip>;
  /** private IP → public IP paired with it (auto-assigned or Elastic, R17, R18) */
  readonly publicByPrivate: Map<Ip, Ip>;
  readonly mac: string;
  readonly securityGroups: SecurityGroupNode[];
  readonly sourceDestCheck: boolean;
  readonly deviceIndex: number;
  readonly instance?: InstanceNode;
  /** set when this ENI belongs to a NAT gateway (a service ENI) */
  readonly natGateway?: NatGatewayNode;
  /** set when this ENI is an interface endpoint's: the service answers on its address */
  readonly endpoint?: VpcEndpointNode;
  /** set when this ENI is a Network Load Balancer's node */
  readonly loadBalancer?: LoadBalancerNode;
}

export interface InstanceNode {
  readonly id: string;
  readonly state: 'running' | 'stopped';
  /** ENIs by device index: enis[0] is eth0 */
  readonly enis: EniNode[];
  /** the guest's configuration; guest/ turns it into a routing stack on first use */
  readonly os: GuestOs;
  /** imported instances listen on every port (lab-format.md) unless the lab narrows it */
  readonly listen: Listener[] | 'all';
}

export interface SgRuleNode {
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer:
    | { kind: 'cidr'; cidrs: Cidr[] }
    /** `stale`: the group is in a VPC whose peering was deleted; the rule stays and matches nothing (R92) */
    | { kind: 'sg'; group: SecurityGroupNode; stale?: boolean };
  readonly text: string;
}

export interface SecurityGroupNode {
  readonly id: string;
  readonly vpc: VpcNode;
  readonly isDefault: boolean;
  readonly inbound: SgRuleNode[];
  readonly outbound: SgRuleNode[];
  /** private IPs of the ENIs in this group: what a group reference matches (R58) */
  readonly memberIps: Set<Ip>;
}

export interface NaclRuleNode {
  readonly rule: number;
  readonly protocol: number;
  readonly fromPort: number;
  readonly toPort: number;
  /** an ICMP entry's type and code; -1 matches any */
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly cidr: Cidr;
  readonly allow: boolean;
}

export interface NetworkAclNode {
  readonly id: string;
  readonly vpc: VpcNode;
  readonly isDefault: boolean;
  /** sorted by rule number (R76) */
  readonly inbound: NaclRuleNode[];
  readonly outbound: NaclRuleNode[];
}

export interface InternetGatewayNode {
  readonly id: string;
  readonly vpc?: VpcNode;
  edgeRouteTable?: RouteTableNode;
}

export interface NatGatewayNode {
  readonly id: string;
  readonly subnet: SubnetNode;
  readonly privateIp: Ip;
  readonly publicIp?: Ip;
  readonly connectivity: 'public' | 'private';
  readonly eni: EniNode;
}

export interface VpnGatewayNode {
  readonly id: string;
  readonly vpc?: VpcNode;
  /** prefixes the VGW knows from its VPN connections (R107) */
  readonly prefixes: { cidr: Cidr; connection: string; source: 'static' | 'bgp' }[];
  edgeRouteTable?: RouteTableNode;
}

export interface ExternalHostNode {
  readonly id: string;
  readonly ip: Ip;
  readonly via?: string;
  /** undefined: answers ICMP echo only */
  readonly listen?: Listener[];
}

export type PublicIpBinding =
  { kind: 'eni'; eni: EniNode; privateIp: Ip } | { kind: 'nat'; nat: NatGatewayNode; privateIp: Ip };
