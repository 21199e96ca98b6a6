/** The parts of a lab topology the diagram draws (the engine's Topology, read loosely). */
export interface Topo {
  vpcs?: { id: string; cidr: string[] | string; name?: string }[];
  subnets?: { id: string; vpc: string; cidr: string; az?: string; name?: string }[];
  internetGateways?: { id: string; vpc?: string }[];
  natGateways?: { id: string; subnet: string; state?: string }[];
  routeTables?: {
    id: string;
    vpc: string;
    main?: boolean;
    subnets?: string[];
    routes?: { destination: string; target: string }[];
    /** virtual private gateways whose routes the table takes (R106) */
    propagatingGateways?: string[];
  }[];
  instances?: {
    id: string;
    state?: string;
    name?: string;
    interfaces: { id: string; subnet: string; privateIp?: string; publicIp?: string; secondaryIps?: string[] }[];
    /** the guest's BGP neighbours, for what the inspector says about a route server's peers */
    os?: { policyRouting?: string; bgp?: { neighbors?: { ip: string; bfd?: boolean }[] } };
  }[];
  elasticIps?: { id: string; publicIp: string; networkInterface?: string; privateIp?: string }[];
  externalHosts?: { id: string; ip: string; via?: string }[];
  peeringConnections?: {
    id: string;
    requester: string;
    accepter: string;
    status?: string;
    remote?: { vpc: string; owner?: string };
  }[];
  vpcEndpoints?: {
    id: string;
    vpc: string;
    type?: string;
    service: string;
    interfaces?: { id?: string; subnet: string }[];
  }[];
  loadBalancers?: {
    id: string;
    vpc: string;
    nodes: { id: string; subnet: string }[];
    listeners?: { port: number }[];
  }[];
  vpnConnections?: {
    id: string;
    gateway: string;
    routing?: string;
    customerGateway?: string;
    staticRoutes?: string[];
    onPremisesPrefixes?: string[];
    tunnels?: { outsideIp: string; insideCidr?: string; bgp?: { up: boolean; learned: string[] } }[];
  }[];
  onPremisesRouters?: { id: string; customerGateway: string; os?: { bgp?: { asn: number } } }[];
  customerGateways?: { id: string; ip: string }[];
  vpnGateways?: { id: string; vpc?: string; amazonSideAsn?: number }[];
  transitGateways?: {
    id: string;
    attachments?: {
      id: string;
      vpc?: string;
      subnets?: string[];
      vpn?: string;
      peer?: string;
      applianceMode?: boolean;
    }[];
    routeTables?: {
      id: string;
      associations?: string[];
      propagations?: string[];
      routes?: { destination: string; target: string }[];
    }[];
  }[];
  routeServers?: {
    id: string;
    amazonSideAsn?: number;
    vpc?: string;
    endpoints?: { id: string; subnet: string; privateIp?: string }[];
    peers?: { id: string; endpoint: string; peerAddress: string; peerAsn: number; livenessDetection?: string }[];
    propagations?: string[];
    rib?: { prefix: string; nextHop: string; asPath: number[]; peer: string }[];
  }[];
  /** tags by resource id (create-tags); a `Name` tag is drawn beside the id */
  tags?: Record<string, Record<string, string>>;
}

/** What a diagram node stands for: its icon and its colours (ResourceNode.tsx). */
export type ResourceKind =
  | 'instance'
  | 'igw'
  | 'nat'
  | 'external'
  | 'eni'
  | 'pcx'
  | 'tgw'
  | 'tgw-rtb'
  | 'vpce'
  | 'lb'
  | 'vpn'
  | 'vgw'
  | 'router'
  | 'rs'
  | 'rse';
