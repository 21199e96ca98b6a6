import type { OperationSpec } from './operation';
import { LINK_SPECS } from './operation-specs-links';
import { ROUTE_SERVER_SPECS } from './operation-specs-route-server';

/**
 * What each `aws ec2` operation takes, changes and creates, declared once: the CLI parses a
 * call by it (run-aws.ts), a level's permissions check its `subjects` (grade/permissions.ts), the
 * console completes from it and `aws ec2 <op> help` prints it. Data only, so the play page can
 * read it without the code that runs the calls (operation-catalog.ts joins the two).
 */
/** Where a route may send traffic: the CLI's target options, in the order AWS reads them. */
export const ROUTE_TARGETS = [
  'gateway-id',
  'nat-gateway-id',
  'network-interface-id',
  'instance-id',
  'vpc-peering-connection-id',
  'transit-gateway-id',
  'vpc-endpoint-id',
];

/** A security group rule change: by protocol, port and peer, as structures, or by rule id. */
const SECURITY_GROUP_RULES: OperationSpec = {
  required: ['group-id'],
  optional: ['protocol', 'port', 'cidr', 'source-group', 'group-owner', 'source-group-name'],
  // a list of structures: JSON, or one shorthand structure per value
  lists: ['ip-permissions', 'security-group-rule-ids'],
  subjects: ['group-id'],
};

/** A numbered network ACL entry, written or rewritten. */
const NETWORK_ACL_ENTRY: OperationSpec = {
  required: ['network-acl-id', 'rule-number'],
  optional: ['protocol', 'port-range', 'icmp-type-code', 'cidr-block', 'rule-action'],
  flags: ['ingress', 'egress'],
  subjects: ['network-acl-id'],
};

export const OPERATION_SPECS = {
  'describe-route-tables': { lists: ['route-table-ids', 'filters'] },
  'describe-network-interfaces': { lists: ['network-interface-ids', 'filters'] },
  'describe-instances': { lists: ['instance-ids', 'filters'] },
  'describe-subnets': { lists: ['subnet-ids', 'filters'] },
  'describe-vpcs': { lists: ['vpc-ids', 'filters'] },
  'describe-internet-gateways': { lists: ['internet-gateway-ids', 'filters'] },
  'describe-nat-gateways': { lists: ['nat-gateway-ids', 'filters', 'filter'] },
  'describe-network-acls': { lists: ['network-acl-ids', 'filters'] },
  'describe-security-groups': { lists: ['group-ids', 'group-names', 'filters'] },
  'describe-security-group-rules': { optional: ['max-results'], lists: ['security-group-rule-ids', 'filters'] },
  'describe-security-group-references': { required: ['group-id'], lists: ['group-id'] },
  'describe-addresses': { lists: ['allocation-ids', 'public-ips', 'filters'] },
  'create-route': {
    required: ['route-table-id'],
    optional: ['destination-cidr-block', 'destination-prefix-list-id', ...ROUTE_TARGETS],
    subjects: ['route-table-id'],
  },
  'replace-route': {
    required: ['route-table-id'],
    optional: ['destination-cidr-block', 'destination-prefix-list-id', ...ROUTE_TARGETS],
    flags: ['local-target'],
    subjects: ['route-table-id'],
  },
  'delete-route': {
    required: ['route-table-id'],
    optional: ['destination-cidr-block', 'destination-prefix-list-id'],
    subjects: ['route-table-id'],
  },
  'create-route-table': { required: ['vpc-id'], subjects: ['vpc-id'], creates: ['route-table'] },
  'associate-route-table': {
    required: ['route-table-id'],
    optional: ['subnet-id', 'gateway-id'],
    subjects: ['route-table-id', 'subnet-id', 'gateway-id'],
  },
  'disassociate-route-table': { required: ['association-id'], subjects: ['association-id'] },
  'replace-route-table-association': {
    required: ['association-id', 'route-table-id'],
    subjects: ['association-id', 'route-table-id'],
  },
  'authorize-security-group-ingress': SECURITY_GROUP_RULES,
  'revoke-security-group-ingress': SECURITY_GROUP_RULES,
  'authorize-security-group-egress': SECURITY_GROUP_RULES,
  'revoke-security-group-egress': SECURITY_GROUP_RULES,
  'create-network-acl-entry': NETWORK_ACL_ENTRY,
  'replace-network-acl-entry': NETWORK_ACL_ENTRY,
  'delete-network-acl-entry': {
    required: ['network-acl-id', 'rule-number'],
    flags: ['ingress', 'egress'],
    subjects: ['network-acl-id'],
  },
  'replace-network-acl-association': {
    required: ['association-id', 'network-acl-id'],
    subjects: ['association-id', 'network-acl-id'],
  },
  'modify-network-interface-attribute': {
    required: ['network-interface-id'],
    lists: ['groups'],
    flags: ['source-dest-check', 'associate-public-ip-address'],
    subjects: ['network-interface-id'],
  },
  'modify-instance-attribute': {
    required: ['instance-id'],
    lists: ['groups'],
    flags: ['source-dest-check'],
    subjects: ['instance-id'],
  },
  'assign-private-ip-addresses': {
    required: ['network-interface-id'],
    optional: ['secondary-private-ip-address-count'],
    lists: ['private-ip-addresses'],
    flags: ['allow-reassignment'],
    subjects: ['network-interface-id'],
  },
  'unassign-private-ip-addresses': {
    required: ['network-interface-id', 'private-ip-addresses'],
    lists: ['private-ip-addresses'],
    subjects: ['network-interface-id'],
  },
  'attach-network-interface': {
    required: ['network-interface-id', 'instance-id', 'device-index'],
    subjects: ['network-interface-id', 'instance-id'],
  },
  'detach-network-interface': { required: ['attachment-id'], flags: ['force'], subjects: ['attachment-id'] },
  'associate-address': {
    optional: ['allocation-id', 'public-ip', 'instance-id', 'network-interface-id', 'private-ip-address'],
    oneOf: ['allocation-id', 'public-ip'],
    flags: ['allow-reassociation'],
    subjects: ['allocation-id'],
  },
  'disassociate-address': {
    optional: ['association-id', 'public-ip'],
    oneOf: ['association-id', 'public-ip'],
    subjects: ['association-id'],
  },
  'create-vpc': { required: ['cidr-block'], optional: ['instance-tenancy'], subjects: [], creates: ['vpc'] },
  'create-subnet': {
    required: ['vpc-id', 'cidr-block'],
    optional: ['availability-zone', 'availability-zone-id'],
    subjects: ['vpc-id'],
    creates: ['subnet'],
  },
  'delete-subnet': { required: ['subnet-id'], subjects: ['subnet-id'] },
  'create-nat-gateway': {
    required: ['subnet-id'],
    optional: ['allocation-id', 'private-ip-address', 'connectivity-type'],
    subjects: ['subnet-id'],
    creates: ['natgateway'],
  },
  'delete-nat-gateway': { required: ['nat-gateway-id'], subjects: ['nat-gateway-id'] },
  'attach-internet-gateway': { required: ['internet-gateway-id', 'vpc-id'], subjects: ['internet-gateway-id'] },
  'detach-internet-gateway': { required: ['internet-gateway-id', 'vpc-id'], subjects: ['internet-gateway-id'] },
  'start-instances': { required: ['instance-ids'], lists: ['instance-ids'], subjects: ['instance-ids'] },
  'stop-instances': {
    required: ['instance-ids'],
    lists: ['instance-ids'],
    flags: ['force'],
    subjects: ['instance-ids'],
  },
  'run-instances': {
    required: ['image-id', 'subnet-id'],
    optional: ['instance-type', 'private-ip-address', 'count', 'key-name', 'user-data'],
    lists: ['security-group-ids'],
    flags: ['associate-public-ip-address'],
    subjects: ['subnet-id'],
    creates: ['instance', 'network-interface'],
  },
  'modify-vpc-attribute': {
    required: ['vpc-id'],
    flags: ['enable-dns-support', 'enable-dns-hostnames'],
    subjects: ['vpc-id'],
  },
  'describe-vpc-attribute': { required: ['vpc-id', 'attribute'] },
  'create-internet-gateway': { creates: ['internet-gateway'] },
  'delete-internet-gateway': { required: ['internet-gateway-id'], subjects: ['internet-gateway-id'] },
  'delete-vpc': { required: ['vpc-id'], subjects: ['vpc-id'] },
  'associate-vpc-cidr-block': { required: ['vpc-id', 'cidr-block'], subjects: ['vpc-id'] },
  'disassociate-vpc-cidr-block': { required: ['association-id'], subjects: ['association-id'] },
  'modify-subnet-attribute': { required: ['subnet-id'], flags: ['map-public-ip-on-launch'], subjects: ['subnet-id'] },
  'delete-route-table': { required: ['route-table-id'], subjects: ['route-table-id'] },
  'create-network-acl': { required: ['vpc-id'], subjects: ['vpc-id'], creates: ['network-acl'] },
  'delete-network-acl': { required: ['network-acl-id'], subjects: ['network-acl-id'] },
  'create-security-group': {
    required: ['group-name', 'description'],
    optional: ['vpc-id'],
    subjects: ['vpc-id'],
    creates: ['security-group'],
  },
  'delete-security-group': {
    optional: ['group-id', 'group-name'],
    oneOf: ['group-id', 'group-name'],
    subjects: ['group-id'],
  },
  'create-network-interface': {
    required: ['subnet-id'],
    optional: ['private-ip-address', 'description'],
    lists: ['groups'],
    subjects: ['subnet-id'],
    creates: ['network-interface'],
  },
  'delete-network-interface': { required: ['network-interface-id'], subjects: ['network-interface-id'] },
  'allocate-address': { optional: ['domain'], subjects: [], creates: ['elastic-ip'] },
  'release-address': {
    optional: ['allocation-id', 'public-ip'],
    oneOf: ['allocation-id', 'public-ip'],
    subjects: ['allocation-id'],
  },
  'terminate-instances': { required: ['instance-ids'], lists: ['instance-ids'], subjects: ['instance-ids'] },
  'reboot-instances': { required: ['instance-ids'], lists: ['instance-ids'], subjects: ['instance-ids'] },
  'create-tags': { required: ['resources', 'tags'], lists: ['resources', 'tags'], subjects: ['resources'] },
  'delete-tags': { required: ['resources'], lists: ['resources', 'tags'], subjects: ['resources'] },
  'describe-tags': { optional: ['max-results'], lists: ['filters'] },
  'describe-managed-prefix-lists': { optional: ['max-results'], lists: ['prefix-list-ids', 'filters'] },
  'get-managed-prefix-list-entries': { required: ['prefix-list-id'], optional: ['target-version', 'max-results'] },
  'create-managed-prefix-list': {
    required: ['prefix-list-name', 'max-entries', 'address-family'],
    lists: ['entries'],
    subjects: [],
    creates: ['prefix-list'],
  },
  'modify-managed-prefix-list': {
    required: ['prefix-list-id'],
    optional: ['current-version', 'prefix-list-name', 'max-entries'],
    lists: ['add-entries', 'remove-entries'],
    subjects: ['prefix-list-id'],
  },
  'describe-vpc-peering-connections': { optional: ['max-results'], lists: ['vpc-peering-connection-ids', 'filters'] },
  'create-vpc-peering-connection': {
    required: ['vpc-id'],
    optional: ['peer-vpc-id', 'peer-owner-id', 'peer-region'],
    subjects: ['vpc-id'],
    creates: ['vpc-peering-connection'],
  },
  'accept-vpc-peering-connection': {
    required: ['vpc-peering-connection-id'],
    subjects: ['vpc-peering-connection-id'],
  },
  'reject-vpc-peering-connection': {
    required: ['vpc-peering-connection-id'],
    subjects: ['vpc-peering-connection-id'],
  },
  'delete-vpc-peering-connection': {
    required: ['vpc-peering-connection-id'],
    subjects: ['vpc-peering-connection-id'],
  },
  'describe-transit-gateways': { optional: ['max-results'], lists: ['transit-gateway-ids', 'filters'] },
  'describe-transit-gateway-attachments': {
    optional: ['max-results'],
    lists: ['transit-gateway-attachment-ids', 'filters'],
  },
  'describe-transit-gateway-vpc-attachments': {
    optional: ['max-results'],
    lists: ['transit-gateway-attachment-ids', 'filters'],
  },
  'describe-transit-gateway-route-tables': {
    optional: ['max-results'],
    lists: ['transit-gateway-route-table-ids', 'filters'],
  },
  'search-transit-gateway-routes': {
    required: ['transit-gateway-route-table-id', 'filters'],
    optional: ['max-results'],
    lists: ['filters'],
  },
  'create-transit-gateway-route': {
    required: ['destination-cidr-block', 'transit-gateway-route-table-id'],
    optional: ['transit-gateway-attachment-id'],
    flags: ['blackhole'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'replace-transit-gateway-route': {
    required: ['destination-cidr-block', 'transit-gateway-route-table-id'],
    optional: ['transit-gateway-attachment-id'],
    flags: ['blackhole'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'delete-transit-gateway-route': {
    required: ['destination-cidr-block', 'transit-gateway-route-table-id'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'associate-transit-gateway-route-table': {
    required: ['transit-gateway-route-table-id', 'transit-gateway-attachment-id'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'disassociate-transit-gateway-route-table': {
    required: ['transit-gateway-route-table-id', 'transit-gateway-attachment-id'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'enable-transit-gateway-route-table-propagation': {
    required: ['transit-gateway-route-table-id', 'transit-gateway-attachment-id'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'disable-transit-gateway-route-table-propagation': {
    required: ['transit-gateway-route-table-id', 'transit-gateway-attachment-id'],
    subjects: ['transit-gateway-route-table-id'],
  },
  'modify-transit-gateway': {
    required: ['transit-gateway-id'],
    optional: ['options'],
    subjects: ['transit-gateway-id'],
  },
  'modify-transit-gateway-vpc-attachment': {
    required: ['transit-gateway-attachment-id'],
    optional: ['options'],
    lists: ['add-subnet-ids', 'remove-subnet-ids'],
    subjects: ['transit-gateway-attachment-id'],
  },
  'enable-vgw-route-propagation': { required: ['route-table-id', 'gateway-id'], subjects: ['route-table-id'] },
  'disable-vgw-route-propagation': { required: ['route-table-id', 'gateway-id'], subjects: ['route-table-id'] },
  'describe-vpn-connections': { lists: ['vpn-connection-ids', 'filters'] },
  'describe-customer-gateways': { lists: ['customer-gateway-ids', 'filters'] },
  'describe-vpn-gateways': { lists: ['vpn-gateway-ids', 'filters'] },
  'create-vpn-connection-route': {
    required: ['vpn-connection-id', 'destination-cidr-block'],
    subjects: ['vpn-connection-id'],
  },
  'delete-vpn-connection-route': {
    required: ['vpn-connection-id', 'destination-cidr-block'],
    subjects: ['vpn-connection-id'],
  },
  'create-transit-gateway-route-table': {
    required: ['transit-gateway-id'],
    subjects: ['transit-gateway-id'],
  },
  'create-transit-gateway-vpc-attachment': {
    required: ['transit-gateway-id', 'vpc-id', 'subnet-ids'],
    lists: ['subnet-ids'],
    subjects: ['transit-gateway-id', 'vpc-id'],
  },
  'get-transit-gateway-route-table-propagations': {
    required: ['transit-gateway-route-table-id'],
    lists: ['filters'],
  },
  ...LINK_SPECS,
  ...ROUTE_SERVER_SPECS,
} satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATION_SPECS;

/** The CLI names, in the catalog's order: what the console completes and `aws help` lists. */
export const OPERATION_NAMES = Object.keys(OPERATION_SPECS) as OperationName[];

/** An operation's declaration, with its name. */
export function spec(name: OperationName): OperationSpec & { name: string } {
  return { name, ...OPERATION_SPECS[name] };
}
