import type { OperationSpec } from './operation';

/**
 * The declarations of the VPC Route Server calls (R111), taken in by operation-specs.ts. AWS has
 * no modify-route-server-peer: a peer's liveness detection is fixed at its creation.
 */
export const ROUTE_SERVER_SPECS = {
  'describe-route-servers': { lists: ['route-server-ids', 'filters'] },
  'create-route-server': {
    required: ['amazon-side-asn'],
    optional: ['persist-routes', 'persist-routes-duration', 'sns-notifications-enabled'],
    creates: ['route-server'],
  },
  'modify-route-server': {
    required: ['route-server-id'],
    optional: ['persist-routes', 'persist-routes-duration'],
    subjects: ['route-server-id'],
  },
  'delete-route-server': { required: ['route-server-id'], subjects: ['route-server-id'] },
  'associate-route-server': { required: ['route-server-id', 'vpc-id'], subjects: ['route-server-id'] },
  'disassociate-route-server': { required: ['route-server-id', 'vpc-id'], subjects: ['route-server-id'] },
  'get-route-server-associations': { required: ['route-server-id'] },
  'create-route-server-endpoint': {
    required: ['route-server-id', 'subnet-id'],
    subjects: ['route-server-id'],
    creates: ['route-server-endpoint'],
  },
  'delete-route-server-endpoint': { required: ['route-server-endpoint-id'], subjects: ['route-server-endpoint-id'] },
  'describe-route-server-endpoints': { lists: ['route-server-endpoint-ids', 'filters'] },
  'create-route-server-peer': {
    required: ['route-server-endpoint-id', 'peer-address', 'bgp-options'],
    subjects: ['route-server-endpoint-id'],
    creates: ['route-server-peer'],
  },
  'delete-route-server-peer': { required: ['route-server-peer-id'], subjects: ['route-server-peer-id'] },
  'describe-route-server-peers': { lists: ['route-server-peer-ids', 'filters'] },
  'enable-route-server-propagation': {
    required: ['route-server-id', 'route-table-id'],
    subjects: ['route-server-id', 'route-table-id'],
  },
  'disable-route-server-propagation': {
    required: ['route-server-id', 'route-table-id'],
    subjects: ['route-server-id', 'route-table-id'],
  },
  'get-route-server-propagations': { required: ['route-server-id'], optional: ['route-table-id'] },
  'get-route-server-routing-database': { required: ['route-server-id'], lists: ['filters'] },
} satisfies Record<string, OperationSpec>;
