/**
 * Shapes of the `aws ec2 describe-*` JSON the importer reads: only the fields it uses, all
 * optional, because real snapshots leave things out.
 */
export interface Tagged {
  Tags?: { Key?: string; Value?: string }[];
}

export interface Ec2Vpc extends Tagged {
  VpcId?: string;
  OwnerId?: string;
  CidrBlock?: string;
  State?: string;
  CidrBlockAssociationSet?: { CidrBlock?: string; CidrBlockState?: { State?: string } }[];
}

export interface Ec2Subnet extends Tagged {
  SubnetId?: string;
  VpcId?: string;
  CidrBlock?: string;
  AvailabilityZone?: string;
  State?: string;
  MapPublicIpOnLaunch?: boolean;
}

export interface Ec2Route {
  DestinationCidrBlock?: string;
  DestinationIpv6CidrBlock?: string;
  DestinationPrefixListId?: string;
  GatewayId?: string;
  NatGatewayId?: string;
  NetworkInterfaceId?: string;
  InstanceId?: string;
  VpcPeeringConnectionId?: string;
  TransitGatewayId?: string;
  Origin?: string;
  State?: string;
}

export interface Ec2RouteTable extends Tagged {
  RouteTableId?: string;
  VpcId?: string;
  Associations?: {
    Main?: boolean;
    SubnetId?: string;
    GatewayId?: string;
    RouteTableAssociationId?: string;
    AssociationState?: { State?: string };
  }[];
  PropagatingVgws?: { GatewayId?: string }[];
  Routes?: Ec2Route[];
}

export interface Ec2PrivateIp {
  PrivateIpAddress?: string;
  Primary?: boolean;
  Association?: { PublicIp?: string; IpOwnerId?: string; AllocationId?: string };
}

export interface Ec2NetworkInterface {
  NetworkInterfaceId?: string;
  SubnetId?: string;
  VpcId?: string;
  InterfaceType?: string;
  PrivateIpAddress?: string;
  PrivateIpAddresses?: Ec2PrivateIp[];
  Association?: { PublicIp?: string; IpOwnerId?: string };
  MacAddress?: string;
  Groups?: { GroupId?: string }[];
  SourceDestCheck?: boolean;
  Attachment?: { InstanceId?: string; DeviceIndex?: number; Status?: string };
  Status?: string;
}

export interface Ec2Instance extends Tagged {
  InstanceType?: string;
  InstanceId?: string;
  ImageId?: string;
  State?: { Name?: string };
  NetworkInterfaces?: Ec2NetworkInterface[];
}

export interface Ec2Permission {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: { CidrIp?: string; Description?: string }[];
  UserIdGroupPairs?: { GroupId?: string; Description?: string }[];
  PrefixListIds?: { PrefixListId?: string; Description?: string }[];
}

export interface Ec2SecurityGroup {
  GroupId?: string;
  GroupName?: string;
  Description?: string;
  VpcId?: string;
  IpPermissions?: Ec2Permission[];
  IpPermissionsEgress?: Ec2Permission[];
}

export interface Ec2NaclEntry {
  RuleNumber?: number;
  Egress?: boolean;
  Protocol?: string;
  RuleAction?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
  PortRange?: { From?: number; To?: number };
  IcmpTypeCode?: { Type?: number; Code?: number };
}

export interface Ec2NetworkAcl {
  NetworkAclId?: string;
  VpcId?: string;
  IsDefault?: boolean;
  Associations?: { SubnetId?: string; NetworkAclAssociationId?: string }[];
  Entries?: Ec2NaclEntry[];
}

export interface Ec2InternetGateway {
  InternetGatewayId?: string;
  Attachments?: { VpcId?: string; State?: string }[];
}

export interface Ec2NatGateway {
  NatGatewayId?: string;
  SubnetId?: string;
  State?: string;
  ConnectivityType?: string;
  NatGatewayAddresses?: { PrivateIp?: string; PublicIp?: string; NetworkInterfaceId?: string; AllocationId?: string }[];
}

export interface Ec2Address {
  AllocationId?: string;
  AssociationId?: string;
  PublicIp?: string;
  NetworkInterfaceId?: string;
  PrivateIpAddress?: string;
}

export interface Ec2VpnGateway {
  VpnGatewayId?: string;
  State?: string;
  VpcAttachments?: { VpcId?: string; State?: string }[];
}

export interface Ec2VpnConnection {
  VpnConnectionId?: string;
  VpnGatewayId?: string;
  TransitGatewayId?: string;
  State?: string;
  Options?: { StaticRoutesOnly?: boolean; TunnelOptions?: { OutsideIpAddress?: string; TunnelInsideCidr?: string }[] };
  Routes?: { DestinationCidrBlock?: string; State?: string }[];
  CustomerGatewayId?: string;
}

export interface Ec2PeeringVpcInfo {
  VpcId?: string;
  CidrBlock?: string;
  CidrBlockSet?: { CidrBlock?: string }[];
  OwnerId?: string;
  Region?: string;
}

export interface Ec2PeeringConnection {
  VpcPeeringConnectionId?: string;
  RequesterVpcInfo?: Ec2PeeringVpcInfo;
  AccepterVpcInfo?: Ec2PeeringVpcInfo;
  Status?: { Code?: string };
}

export interface Ec2PrefixList {
  PrefixListId?: string;
  PrefixListName?: string;
  Cidrs?: string[];
}

/** AWS's lifecycle states that mean "this object is in service" (describe-* outputs). */
const LIVE_STATES = new Set(['available', 'running', 'active', 'attached', 'in-use', 'associated']);

/** Objects without a state count as live; others only in a live state. */
export function isLive(state: string | undefined): boolean {
  return state === undefined || LIVE_STATES.has(state);
}

export function nameTag(o: Tagged): string | undefined {
  return o.Tags?.find((t) => t.Key === 'Name')?.Value;
}
