import type { OperationSpec } from './operation';

/**
 * The declarations of the calls that join a VPC to other networks (operation-specs.ts takes them
 * in): VPN gateways, customer gateways and connections, transit gateways, their peerings and
 * multicast domains, and VPC endpoints.
 */
export const LINK_SPECS = {
  'describe-transit-gateway-peering-attachments': { lists: ['transit-gateway-attachment-ids', 'filters'] },
  'create-transit-gateway-peering-attachment': {
    required: ['transit-gateway-id', 'peer-transit-gateway-id'],
    optional: ['peer-account-id', 'peer-region', 'options'],
    subjects: ['transit-gateway-id'],
  },
  'accept-transit-gateway-peering-attachment': {
    required: ['transit-gateway-attachment-id'],
    subjects: ['transit-gateway-attachment-id'],
  },
  'reject-transit-gateway-peering-attachment': {
    required: ['transit-gateway-attachment-id'],
    subjects: ['transit-gateway-attachment-id'],
  },
  'delete-transit-gateway-peering-attachment': {
    required: ['transit-gateway-attachment-id'],
    subjects: ['transit-gateway-attachment-id'],
  },
  'describe-vpc-endpoints': { optional: ['max-results'], lists: ['vpc-endpoint-ids', 'filters'] },
  'create-vpc-endpoint': {
    required: ['vpc-id', 'service-name'],
    optional: ['vpc-endpoint-type', 'policy-document'],
    lists: ['route-table-ids', 'subnet-ids', 'security-group-ids'],
    subjects: ['vpc-id'],
    creates: ['vpc-endpoint'],
  },
  'modify-vpc-endpoint': {
    required: ['vpc-endpoint-id'],
    optional: ['policy-document'],
    lists: ['add-route-table-ids', 'remove-route-table-ids'],
    flags: ['reset-policy'],
    subjects: ['vpc-endpoint-id'],
  },
  'delete-vpc-endpoints': { lists: ['vpc-endpoint-ids'], subjects: ['vpc-endpoint-ids'] },
  'create-vpn-gateway': { optional: ['type', 'amazon-side-asn'], creates: ['vpn-gateway'] },
  'attach-vpn-gateway': { required: ['vpn-gateway-id', 'vpc-id'], subjects: ['vpn-gateway-id'] },
  'detach-vpn-gateway': { required: ['vpn-gateway-id', 'vpc-id'], subjects: ['vpn-gateway-id'] },
  'create-customer-gateway': {
    required: ['type'],
    optional: ['public-ip', 'ip-address', 'bgp-asn'],
    creates: ['customer-gateway'],
  },
  'create-vpn-connection': {
    required: ['type', 'customer-gateway-id'],
    optional: ['vpn-gateway-id', 'transit-gateway-id', 'options'],
    oneOf: ['vpn-gateway-id', 'transit-gateway-id'],
    creates: ['vpn-connection'],
  },
  'delete-vpn-connection': { required: ['vpn-connection-id'], subjects: ['vpn-connection-id'] },
  'create-transit-gateway': { optional: ['description', 'options'], creates: ['transit-gateway'] },
  'describe-transit-gateway-multicast-domains': { lists: ['transit-gateway-multicast-domain-ids', 'filters'] },
  'create-transit-gateway-multicast-domain': {
    required: ['transit-gateway-id'],
    optional: ['options'],
    subjects: ['transit-gateway-id'],
  },
  'associate-transit-gateway-multicast-domain': {
    required: ['transit-gateway-multicast-domain-id', 'transit-gateway-attachment-id', 'subnet-ids'],
    lists: ['subnet-ids'],
    subjects: ['transit-gateway-multicast-domain-id'],
  },
  'register-transit-gateway-multicast-group-members': {
    required: ['transit-gateway-multicast-domain-id', 'group-ip-address', 'network-interface-ids'],
    lists: ['network-interface-ids'],
    subjects: ['transit-gateway-multicast-domain-id'],
  },
  'deregister-transit-gateway-multicast-group-members': {
    required: ['transit-gateway-multicast-domain-id', 'group-ip-address', 'network-interface-ids'],
    lists: ['network-interface-ids'],
    subjects: ['transit-gateway-multicast-domain-id'],
  },
  'register-transit-gateway-multicast-group-sources': {
    required: ['transit-gateway-multicast-domain-id', 'group-ip-address', 'network-interface-ids'],
    lists: ['network-interface-ids'],
    subjects: ['transit-gateway-multicast-domain-id'],
  },
  'search-transit-gateway-multicast-groups': { required: ['transit-gateway-multicast-domain-id'], lists: ['filters'] },
} satisfies Record<string, OperationSpec>;
