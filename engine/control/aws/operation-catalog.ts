import type { Operation } from './operation';
import { GROUP_DESCRIBE_OPERATIONS } from './ops-describe-groups';
import { DESCRIBE_OPERATIONS } from './ops-describe';
import { NETWORK_DESCRIBE_OPERATIONS } from './ops-describe-network';
import { INSTANCE_LIFECYCLE_OPERATIONS } from './ops-instance-lifecycle';
import { INTERFACE_OPERATIONS } from './ops-interfaces';
import { PREFIX_LIST_OPERATIONS } from './ops-prefix-lists';
import { PEERING_OPERATIONS } from './ops-peering';
import { TRANSIT_OPERATIONS } from './ops-transit';
import { TRANSIT_PEERING_OPERATIONS } from './ops-transit-peering';
import { LINK_LIFECYCLE_OPERATIONS } from './ops-link-lifecycle';
import { MULTICAST_OPERATIONS } from './ops-multicast';
import { VPN_OPERATIONS } from './ops-vpn';
import { ROUTE_SERVER_OPERATIONS } from './ops-route-server';
import { ENDPOINT_OPERATIONS } from './ops-endpoints';
import { RESOURCE_OPERATIONS } from './ops-resources';
import { ROUTE_OPERATIONS } from './ops-routes';
import { SECURITY_OPERATIONS } from './ops-security';
import { NETWORK_ACL_OPERATIONS } from './ops-network-acls';
import { TAG_OPERATIONS } from './ops-tags';
import { VPC_LIFECYCLE_OPERATIONS } from './ops-vpc-lifecycle';

/**
 * Every `aws ec2` operation: its declaration (operation-specs.ts) with the code that runs it.
 * A test keeps the two sets of names equal.
 */
export const OPERATION_LIST: readonly Operation[] = [
  ...DESCRIBE_OPERATIONS,
  ...NETWORK_DESCRIBE_OPERATIONS,
  ...GROUP_DESCRIBE_OPERATIONS,
  ...ROUTE_OPERATIONS,
  ...SECURITY_OPERATIONS,
  ...NETWORK_ACL_OPERATIONS,
  ...INTERFACE_OPERATIONS,
  ...RESOURCE_OPERATIONS,
  ...VPC_LIFECYCLE_OPERATIONS,
  ...INSTANCE_LIFECYCLE_OPERATIONS,
  ...TAG_OPERATIONS,
  ...PREFIX_LIST_OPERATIONS,
  ...PEERING_OPERATIONS,
  ...TRANSIT_OPERATIONS,
  ...TRANSIT_PEERING_OPERATIONS,
  ...LINK_LIFECYCLE_OPERATIONS,
  ...MULTICAST_OPERATIONS,
  ...VPN_OPERATIONS,
  ...ROUTE_SERVER_OPERATIONS,
  ...ENDPOINT_OPERATIONS,
];

/** Every operation by CLI name. */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map(OPERATION_LIST.map((op) => [op.name, op]));

export { OPERATION_NAMES } from './operation-specs';
