/**
 * Ids look like AWS ids and the prefix decides the kind; the longest matching prefix wins
 * (`tgw-attach-a` is an attachment, `tgw-1` a transit gateway). See lab-format.md.
 */
export type ResourceKind =
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'internet-gateway'
  | 'nat-gateway'
  | 'network-interface'
  | 'instance'
  | 'security-group'
  | 'network-acl'
  | 'peering-connection'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'vpn-gateway'
  | 'vpn-connection'
  | 'elastic-ip'
  | 'prefix-list'
  | 'route-table-association'
  | 'network-acl-association'
  | 'eni-attachment'
  | 'customer-gateway'
  | 'vpc-endpoint'
  | 'load-balancer'
  | 'transit-gateway-multicast-domain'
  | 'target-group'
  | 'route-server'
  | 'route-server-endpoint'
  | 'route-server-peer';

const PREFIXES: ReadonlyArray<readonly [string, ResourceKind]> = [
  ['tgw-attach-', 'transit-gateway-attachment'],
  ['rse-', 'route-server-endpoint'],
  ['rsp-', 'route-server-peer'],
  ['rs-', 'route-server'],
  ['tgw-mcast-domain-', 'transit-gateway-multicast-domain'],
  ['targetgroup/', 'target-group'],
  ['net/', 'load-balancer'],
  ['tgw-rtb-', 'transit-gateway-route-table'],
  ['eni-attach-', 'eni-attachment'],
  ['eipalloc-', 'elastic-ip'],
  ['rtbassoc-', 'route-table-association'],
  ['aclassoc-', 'network-acl-association'],
  ['subnet-', 'subnet'],
  ['tgw-', 'transit-gateway'],
  ['vpce-', 'vpc-endpoint'],
  ['vpc-', 'vpc'],
  ['rtb-', 'route-table'],
  ['igw-', 'internet-gateway'],
  ['nat-', 'nat-gateway'],
  ['eni-', 'network-interface'],
  ['acl-', 'network-acl'],
  ['pcx-', 'peering-connection'],
  ['vgw-', 'vpn-gateway'],
  ['vpn-', 'vpn-connection'],
  ['cgw-', 'customer-gateway'],
  ['sg-', 'security-group'],
  ['pl-', 'prefix-list'],
  ['i-', 'instance'],
];

/** The kind an id names, from its longest matching prefix; undefined for free-form ids. */
export function kindOf(id: string): ResourceKind | undefined {
  for (const [prefix, kind] of PREFIXES) if (id.startsWith(prefix)) return kind;
  return undefined;
}

/** The prefix ids of a kind start with, for error messages. */
export function prefixOf(kind: ResourceKind): string {
  return PREFIXES.find(([, k]) => k === kind)![0];
}

/** Readable kind names for messages ("security group"). */
export function kindName(kind: ResourceKind): string {
  return kind.replace(/-/g, ' ');
}
